"""Tests for aebook.anomaly (scores: higher = more anomalous; 1 = anomaly)."""

import numpy as np
import pytest

from aebook import anomaly


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture
def separable():
    """Normal scores in [0, 1), anomalous scores in [2, 3): any threshold in [1, 2] is perfect."""
    gen = np.random.default_rng(1)
    scores = np.concatenate([gen.random(30), 2 + gen.random(10)])
    y_true = np.repeat([0, 1], [30, 10])
    return y_true, scores


# --- anomaly_labels -----------------------------------------------------------------------------


def test_anomaly_labels_marks_every_other_class():
    np.testing.assert_array_equal(anomaly.anomaly_labels([1, 2, 3, 1, 5]), [0, 1, 1, 0, 1])
    np.testing.assert_array_equal(anomaly.anomaly_labels([0, 2, 0], normal_class=0), [0, 1, 0])
    assert anomaly.anomaly_labels(np.array([1, 2])).dtype == np.int64


@pytest.mark.parametrize(
    ("y", "kwargs", "match"),
    [
        ([1.0, 2.0], {}, "integer classes, got shape"),
        ([[1, 2]], {}, r"1-D array of integer classes, got shape \(1, 2\)"),
        ([2, 3], {}, r"normal_class among the labels \[2, 3\], got 1"),
        (np.array([], dtype=int), {}, "non-empty y"),
    ],
)
def test_anomaly_labels_rejects(y, kwargs, match):
    with pytest.raises(ValueError, match=match):
        anomaly.anomaly_labels(y, **kwargs)


# --- split_stratified ---------------------------------------------------------------------------


def _classes(rng, counts=(60, 30, 10)):
    y = np.repeat(np.arange(1, len(counts) + 1), counts)
    x = (rng.normal(size=(len(y), 5)) + y[:, None]).astype(np.float32)
    return x, y


def test_split_sizes_strata_and_no_overlap(rng):
    x, y = _classes(rng)
    (x_tr, y_tr), (x_va, y_va), (x_te, y_te) = anomaly.split_stratified(
        x, y, sizes=(0.6, 0.2, 0.2), random_state=0
    )
    assert (len(y_tr), len(y_va), len(y_te)) == (60, 20, 20)
    for part in (y_tr, y_va, y_te):
        fractions = np.bincount(part, minlength=4)[1:] / len(part)
        np.testing.assert_allclose(fractions, [0.6, 0.3, 0.1], atol=0.05)
    rows = [tuple(r) for part in (x_tr, x_va, x_te) for r in part]
    assert len(set(rows)) == len(x), "a sample landed in two parts"
    assert x_tr.dtype == np.float32 and y_tr.dtype == y.dtype


def test_split_is_reproducible_and_seed_dependent(rng):
    x, y = _classes(rng)
    first = anomaly.split_stratified(x, y, random_state=3)
    again = anomaly.split_stratified(x, y, random_state=3)
    other = anomaly.split_stratified(x, y, random_state=4)
    np.testing.assert_array_equal(first[2][0], again[2][0])
    assert not np.array_equal(first[2][0], other[2][0])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"sizes": (0.5, 0.5)}, r"three fractions in \(0, 1\), got \(0.5, 0.5\)"),
        ({"sizes": (0.6, 0.3, 0.3)}, r"sizes summing to 1, got \(0.6, 0.3, 0.3\)"),
        ({"sizes": (1.0, 0.0, 0.0)}, r"three fractions in \(0, 1\)"),
        ({"sizes": "abc"}, "three fractions, got 'abc'"),
        ({"random_state": -1}, "non-negative integer, got -1"),
        ({"random_state": 1.5}, "non-negative integer, got 1.5"),
    ],
)
def test_split_rejects_bad_options(rng, kwargs, match):
    x, y = _classes(rng)
    with pytest.raises(ValueError, match=match):
        anomaly.split_stratified(x, y, **kwargs)


def test_split_rejects_bad_data(rng):
    x, y = _classes(rng)
    with pytest.raises(ValueError, match=r"y of shape \(100,\) to match"):
        anomaly.split_stratified(x, y[:-1])
    with pytest.raises(ValueError, match="integer classes"):
        anomaly.split_stratified(x, y.astype(float))
    with pytest.raises(ValueError, match="finite values"):
        anomaly.split_stratified(np.full((4, 2), np.nan), np.array([1, 1, 2, 2]))
    with pytest.raises(ValueError, match="least populated class"):
        anomaly.split_stratified(x[:7], np.array([1, 1, 1, 1, 1, 1, 2]))


# --- threshold rules ----------------------------------------------------------------------------


def test_threshold_mean_std_matches_numpy(rng):
    normal = rng.gamma(2.0, size=200)
    assert anomaly.threshold_mean_std(normal) == pytest.approx(normal.mean() + normal.std())
    assert anomaly.threshold_mean_std(normal, k=0) == pytest.approx(normal.mean())
    assert anomaly.threshold_mean_std(normal, k=3) > anomaly.threshold_mean_std(normal, k=1)


def test_threshold_quantile_fixes_the_false_alarm_rate(rng):
    normal = rng.normal(size=10_000)
    threshold = anomaly.threshold_quantile(normal, quantile=0.95)
    assert np.mean(normal >= threshold) == pytest.approx(0.05, abs=1e-3)
    assert anomaly.threshold_quantile([0.0, 1.0, 2.0], quantile=0.5) == 1.0


@pytest.mark.parametrize(
    ("func", "kwargs", "match"),
    [
        (anomaly.threshold_quantile, {"quantile": 1.5}, r"Expected quantile in \(0, 1\), got 1.5"),
        (anomaly.threshold_quantile, {"quantile": 0.0}, r"quantile in \(0, 1\), got 0.0"),
        (anomaly.threshold_quantile, {"quantile": True}, r"quantile in \(0, 1\), got True"),
        (anomaly.threshold_mean_std, {"k": -1.0}, "k to be a finite number >= 0, got -1.0"),
        (anomaly.threshold_mean_std, {"k": np.inf}, "k to be a finite number >= 0, got inf"),
        (anomaly.threshold_mean_std, {"k": "2"}, "k to be a finite number >= 0, got '2'"),
    ],
)
def test_threshold_rules_reject_bad_options(func, kwargs, match):
    with pytest.raises(ValueError, match=match):
        func([0.1, 0.2, 0.3], **kwargs)


@pytest.mark.parametrize("func", [anomaly.threshold_quantile, anomaly.threshold_mean_std])
@pytest.mark.parametrize(
    ("scores", "match"),
    [
        ([], r"non-empty normal_scores"),
        ([[0.1, 0.2]], r"normal_scores of shape \(n_samples,\), got shape \(1, 2\)"),
        ([0.1, np.nan], "finite values"),
        (["a", "b"], "numeric array"),
    ],
)
def test_threshold_rules_reject_bad_scores(func, scores, match):
    with pytest.raises(ValueError, match=match):
        func(scores)


def test_best_f1_threshold_separates_separable_scores(separable):
    y_true, scores = separable
    threshold = anomaly.threshold_best_f1(y_true, scores)
    assert threshold == scores[y_true == 1].min()
    assert anomaly.anomaly_report(y_true, scores, threshold=threshold)["f1"] == 1.0


def test_f1_by_threshold_agrees_with_the_report(rng):
    y_true = np.repeat([0, 1], [50, 20])
    scores = np.concatenate([rng.normal(0, 1, 50), rng.normal(1.5, 1, 20)])
    thresholds, f1 = anomaly.f1_by_threshold(y_true, scores)
    assert thresholds.shape == f1.shape
    assert np.all(np.diff(thresholds) > 0)
    for i in (0, len(f1) // 2, len(f1) - 1):
        report = anomaly.anomaly_report(y_true, scores, threshold=thresholds[i])
        assert f1[i] == pytest.approx(report["f1"])
    best = anomaly.threshold_best_f1(y_true, scores)
    assert best == thresholds[np.argmax(f1)]


# --- anomaly_report / flag_rate_by_class ------------------------------------------------------


def test_report_hand_computed():
    y_true = [0, 0, 0, 1, 1]
    scores = [0.1, 0.2, 0.9, 0.8, 0.3]
    report = anomaly.anomaly_report(y_true, scores, threshold=0.5)
    # flagged: 0.9 (normal, FP) and 0.8 (anomaly, TP); 0.3 is a missed anomaly (FN).
    assert (report["tn"], report["fp"], report["fn"], report["tp"]) == (2, 1, 1, 1)
    assert report["precision"] == 0.5
    assert report["recall"] == 0.5
    assert report["f1"] == 0.5
    assert report["accuracy"] == 0.6
    assert report["threshold"] == 0.5
    # AUROC: of the 6 (anomaly, normal) pairs, the anomaly scores higher in 4.
    assert report["auroc"] == pytest.approx(4 / 6)


def test_report_perfect_and_inverted_scores(separable):
    y_true, scores = separable
    perfect = anomaly.anomaly_report(y_true, scores, threshold=1.5)
    assert perfect["auroc"] == 1.0 and perfect["auprc"] == 1.0 and perfect["accuracy"] == 1.0
    inverted = anomaly.anomaly_report(y_true, -scores, threshold=-1.5)
    assert inverted["auroc"] == 0.0
    assert inverted["tp"] == 0 and inverted["f1"] == 0.0  # no warning: zero_division=0


def test_report_describes_the_anomaly_class_not_the_normal_one():
    # 90 normals all below the threshold, 10 anomalies of which 5 are flagged.
    y_true = np.repeat([0, 1], [90, 10])
    scores = np.concatenate([np.zeros(90), [1.0] * 5 + [0.0] * 5])
    report = anomaly.anomaly_report(y_true, scores, threshold=0.5)
    assert report["recall"] == 0.5  # the normal class's recall would be 1.0
    assert report["accuracy"] == 0.95


def test_report_accepts_bool_labels(separable):
    y_true, scores = separable
    assert anomaly.anomaly_report(y_true.astype(bool), scores, threshold=1.5)["f1"] == 1.0


@pytest.mark.parametrize(
    ("y_true", "scores", "threshold", "match"),
    [
        ([0, 1, 1], [0.1, 0.2], 0.5, r"y_true of shape \(2,\) to match the scores, got \(3,\)"),
        (
            [0, 1, 2],
            [0.1, 0.2, 0.3],
            0.5,
            r"0 \(normal\) and 1 \(anomaly\), got values \[0, 1, 2\]",
        ),
        ([1, 1, 1], [0.1, 0.2, 0.3], 0.5, r"both normal \(0\) and anomalous \(1\).*got only \[1\]"),
        (["a", "b"], [0.1, 0.2], 0.5, "got dtype <U1"),
        ([0, 1], [0.1, np.inf], 0.5, "finite values"),
        ([0, 1], [[0.1, 0.2]], 0.5, r"scores of shape \(n_samples,\)"),
        ([0, 1], [0.1, 0.2], np.nan, "threshold to be a finite number, got nan"),
        ([0, 1], [0.1, 0.2], "0.5", "threshold to be a finite number, got '0.5'"),
        ([0, 1], [0.1, 0.2], None, "threshold to be a finite number, got None"),
    ],
)
def test_report_rejects(y_true, scores, threshold, match):
    with pytest.raises(ValueError, match=match):
        anomaly.anomaly_report(y_true, scores, threshold=threshold)


@pytest.mark.parametrize("func", [anomaly.f1_by_threshold, anomaly.threshold_best_f1])
def test_f1_functions_reject_one_class_labels(func):
    with pytest.raises(ValueError, match="both normal"):
        func([0, 0], [0.1, 0.2])


def test_flag_rate_by_class():
    y = np.array([1, 1, 1, 1, 2, 2, 3])
    scores = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0])
    assert anomaly.flag_rate_by_class(y, scores, threshold=0.5) == {1: 0.25, 2: 1.0, 3: 0.0}


@pytest.mark.parametrize(
    ("y", "scores", "threshold", "match"),
    [
        ([1, 2], [0.1, 0.2, 0.3], 0.5, r"y of shape \(3,\) to match"),
        ([1.0, 2.0], [0.1, 0.2], 0.5, "integer classes"),
        ([1, 2], [0.1, 0.2], np.inf, "threshold to be a finite number, got inf"),
    ],
)
def test_flag_rate_by_class_rejects(y, scores, threshold, match):
    with pytest.raises(ValueError, match=match):
        anomaly.flag_rate_by_class(y, scores, threshold=threshold)
