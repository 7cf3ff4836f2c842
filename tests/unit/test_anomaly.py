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


def test_flag_rate_by_class():
    y = np.array([1, 1, 1, 1, 2, 2, 3])
    scores = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0])
    assert anomaly.flag_rate_by_class(y, scores, threshold=0.5) == {1: 0.25, 2: 1.0, 3: 0.0}


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

X, Y = _classes(np.random.default_rng(0))
SCORE_MISTAKES = [
    ("empty", [], r"Expected a non-empty normal_scores, got shape \(0,\)"),
    ("2-d", [[0.1, 0.2]], r"Expected normal_scores with 1 dimension\(s\), got shape \(1, 2\)"),
    ("nan", [0.1, np.nan], "Expected normal_scores to hold finite values, found NaN"),
    ("text", ["a", "b"], "Expected normal_scores to be a numeric array, got dtype <U1"),
]
REJECTIONS = [
    # anomaly_labels
    pytest.param(
        anomaly.anomaly_labels,
        ([1.5, 2.0],),
        {},
        "Expected y to hold integer classes, got dtype float64",
        id="labels-not-whole-numbers",
    ),
    pytest.param(
        anomaly.anomaly_labels,
        ([[1, 2]],),
        {},
        r"Expected y of shape \(n_samples,\), got shape \(1, 2\)",
        id="labels-2-d",
    ),
    pytest.param(
        anomaly.anomaly_labels,
        (np.array([], dtype=int),),
        {},
        r"Expected y of shape \(n_samples,\), got shape \(0,\)",
        id="labels-empty",
    ),
    pytest.param(
        anomaly.anomaly_labels,
        ([2, 3],),
        {},
        r"Expected normal_class among the labels \[2, 3\], got 1",
        id="labels-normal-class-absent",
    ),
    # split_stratified
    pytest.param(
        anomaly.split_stratified,
        (X, Y[:-1]),
        {},
        r"Expected y of shape \(100,\), got shape \(99,\)",
        id="split-length-mismatch",
    ),
    pytest.param(
        anomaly.split_stratified,
        (X, Y + 0.5),
        {},
        "Expected y to hold integer classes, got dtype float64",
        id="split-labels-not-whole-numbers",
    ),
    pytest.param(
        anomaly.split_stratified,
        (np.full((4, 2), np.nan), np.array([1, 1, 2, 2])),
        {},
        "Expected x to hold finite values, found NaN",
        id="split-nan",
    ),
    pytest.param(
        anomaly.split_stratified,
        (X[:7], np.array([1, 1, 1, 1, 1, 1, 2])),
        {},
        "least populated class.* only 1 member",  # scikit-learn's message
        id="split-class-too-small",
    ),
    pytest.param(
        anomaly.split_stratified,
        (X, Y),
        {"sizes": (0.5, 0.5)},
        r"Expected sizes as three fractions, got \(0\.5, 0\.5\)",
        id="split-two-sizes",
    ),
    pytest.param(
        anomaly.split_stratified,
        (X, Y),
        {"sizes": (0.6, 0.3, 0.3)},
        r"Expected sizes summing to 1, got \(0\.6, 0\.3, 0\.3\)",
        id="split-sizes-sum",
    ),
    pytest.param(
        anomaly.split_stratified,
        (X, Y),
        {"sizes": (1.0, 0.0, 0.0)},
        r"Expected each of sizes in \(0, 1\), got 1\.0",
        id="split-size-on-bound",
    ),
    pytest.param(
        anomaly.split_stratified,
        (X, Y),
        {"sizes": "abc"},
        "Expected each of sizes to be a number, got 'a'",
        id="split-sizes-text",
    ),
    pytest.param(
        anomaly.split_stratified,
        (X, Y),
        {"random_state": -1},
        "Expected random_state >= 0, got -1",
        id="split-negative-random-state",
    ),
    pytest.param(
        anomaly.split_stratified,
        (X, Y),
        {"random_state": 1.5},
        r"Expected random_state to be an integer, got 1\.5",
        id="split-float-random-state",
    ),
    # threshold rules
    *(
        pytest.param(rule, (scores,), {}, message, id=f"{rule.__name__}-{kind}")
        for rule in (anomaly.threshold_mean_std, anomaly.threshold_quantile)
        for kind, scores, message in SCORE_MISTAKES
    ),
    pytest.param(
        anomaly.threshold_quantile,
        ([0.1, 0.2],),
        {"quantile": 1.5},
        r"Expected quantile in \(0, 1\), got 1\.5",
        id="quantile-out-of-range",
    ),
    pytest.param(
        anomaly.threshold_quantile,
        ([0.1, 0.2],),
        {"quantile": 0.0},
        r"Expected quantile in \(0, 1\), got 0\.0",
        id="quantile-on-excluded-bound",
    ),
    pytest.param(
        anomaly.threshold_quantile,
        ([0.1, 0.2],),
        {"quantile": True},
        "Expected quantile to be a number, got True",
        id="quantile-bool",
    ),
    pytest.param(
        anomaly.threshold_mean_std,
        ([0.1, 0.2],),
        {"k": -1.0},
        r"Expected k >= 0, got -1\.0",
        id="k-negative",
    ),
    pytest.param(
        anomaly.threshold_mean_std,
        ([0.1, 0.2],),
        {"k": np.inf},
        "Expected k to be a number, got inf",
        id="k-infinite",
    ),
    pytest.param(
        anomaly.threshold_mean_std,
        ([0.1, 0.2],),
        {"k": "2"},
        "Expected k to be a number, got '2'",
        id="k-text",
    ),
    # f1_by_threshold and threshold_best_f1
    pytest.param(
        anomaly.f1_by_threshold,
        ([0, 0], [0.1, 0.2]),
        {},
        r"Expected y_true to hold both normal \(0\) and anomalous \(1\) samples, got \[0\]",
        id="f1-one-class",
    ),
    pytest.param(
        anomaly.threshold_best_f1,
        ([0, 0], [0.1, 0.2]),
        {},
        r"Expected y_true to hold both normal \(0\) and anomalous \(1\) samples, got \[0\]",
        id="best-f1-one-class",
    ),
    # anomaly_report
    pytest.param(
        anomaly.anomaly_report,
        ([0, 1, 1], [0.1, 0.2]),
        {"threshold": 0.5},
        r"Expected y_true of shape \(2,\), got shape \(3,\)",
        id="report-length-mismatch",
    ),
    pytest.param(
        anomaly.anomaly_report,
        ([0, 1, 2], [0.1, 0.2, 0.3]),
        {"threshold": 0.5},
        r"Expected y_true to hold 0 \(normal\) and 1 \(anomaly\), got \[0, 1, 2\]",
        id="report-not-binary",
    ),
    pytest.param(
        anomaly.anomaly_report,
        ([1, 1, 1], [0.1, 0.2, 0.3]),
        {"threshold": 0.5},
        r"Expected y_true to hold both normal \(0\) and anomalous \(1\) samples, got \[1\]",
        id="report-one-class",
    ),
    pytest.param(
        anomaly.anomaly_report,
        (["a", "b"], [0.1, 0.2]),
        {"threshold": 0.5},
        "Expected y_true to hold integer classes, got dtype <U1",
        id="report-text-labels",
    ),
    pytest.param(
        anomaly.anomaly_report,
        ([0, 1], [0.1, np.inf]),
        {"threshold": 0.5},
        "Expected scores to hold finite values, found NaN or infinity",
        id="report-infinite-score",
    ),
    pytest.param(
        anomaly.anomaly_report,
        ([0, 1], [[0.1, 0.2]]),
        {"threshold": 0.5},
        r"Expected scores with 1 dimension\(s\), got shape \(1, 2\)",
        id="report-2-d-scores",
    ),
    pytest.param(
        anomaly.anomaly_report,
        ([0, 1], [0.1, 0.2]),
        {"threshold": np.nan},
        "Expected threshold to be a number, got nan",
        id="report-nan-threshold",
    ),
    pytest.param(
        anomaly.anomaly_report,
        ([0, 1], [0.1, 0.2]),
        {"threshold": "0.5"},
        "Expected threshold to be a number, got '0.5'",
        id="report-text-threshold",
    ),
    # flag_rate_by_class
    pytest.param(
        anomaly.flag_rate_by_class,
        ([1, 2], [0.1, 0.2, 0.3]),
        {"threshold": 0.5},
        r"Expected y of shape \(3,\), got shape \(2,\)",
        id="flag-rate-length-mismatch",
    ),
    pytest.param(
        anomaly.flag_rate_by_class,
        ([1.5, 2.5], [0.1, 0.2]),
        {"threshold": 0.5},
        "Expected y to hold integer classes, got dtype float64",
        id="flag-rate-labels-not-whole-numbers",
    ),
    pytest.param(
        anomaly.flag_rate_by_class,
        ([1, 2], [0.1, 0.2]),
        {"threshold": np.inf},
        "Expected threshold to be a number, got inf",
        id="flag-rate-infinite-threshold",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
