"""Tests for aebook.anomaly's repeated splits (chapter 4): DetectionSplit and split_repeated."""

import numpy as np
import pytest

from aebook import anomaly


@pytest.fixture
def classes():
    """100 samples of three classes (60 normal, 30 and 10 abnormal), each row unique."""
    y = np.repeat([1, 2, 3], [60, 30, 10])
    x = np.arange(len(y) * 4, dtype=np.float32).reshape(len(y), 4)
    return x, y


def test_each_split_matches_split_stratified_with_its_seed(classes):
    x, y = classes
    splits = anomaly.split_repeated(x, y, n_splits=3, random_state=5)
    assert [s.seed for s in splits] == [5, 6, 7]
    for split in splits:
        (x_tr, y_tr), (x_va, y_va), (x_te, y_te) = anomaly.split_stratified(
            x, y, random_state=split.seed
        )
        for got, expected in [
            (split.x_train, x_tr),
            (split.y_train, y_tr),
            (split.x_val, x_va),
            (split.y_val, y_va),
            (split.x_test, x_te),
            (split.y_test, y_te),
        ]:
            np.testing.assert_array_equal(got, expected)


def test_splits_differ_and_repeat(classes):
    x, y = classes
    first = anomaly.split_repeated(x, y, n_splits=2)
    again = anomaly.split_repeated(x, y, n_splits=2)
    np.testing.assert_array_equal(first[1].x_test, again[1].x_test)
    assert not np.array_equal(first[0].x_test, first[1].x_test), "each split its own shuffle"


def test_views_for_novelty_detection(classes):
    x, y = classes
    split = anomaly.split_repeated(x, y, n_splits=1, sizes=(0.6, 0.2, 0.2))[0]
    assert len(split.x_train_normal) == 36 and len(split.x_val_normal) == 12
    np.testing.assert_array_equal(split.x_train_normal, split.x_train[split.y_train == 1])
    np.testing.assert_array_equal(split.is_anomaly_val, (split.y_val != 1).astype(int))
    assert split.is_anomaly_test.dtype == np.int64 and split.is_anomaly_test.sum() == 8


def test_another_normal_class(classes):
    x, y = classes
    split = anomaly.split_repeated(x, y, n_splits=1, normal_class=2)[0]
    assert np.all(split.y_train[np.isin(split.x_train, split.x_train_normal).all(1)] == 2)
    assert split.is_anomaly_val.sum() == np.sum(split.y_val != 2)


def test_split_is_frozen(classes):
    split = anomaly.split_repeated(*classes, n_splits=1)[0]
    with pytest.raises(AttributeError):
        split.seed = 3


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_splits": 0}, "Expected n_splits >= 1, got 0"),
        ({"n_splits": 2.0}, "Expected n_splits to be an integer, got 2.0"),
        ({"n_splits": 2, "sizes": (0.5, 0.5)}, "three fractions"),
        ({"n_splits": 2, "sizes": (0.6, 0.3, 0.3)}, "summing to 1"),
        ({"n_splits": 2, "random_state": -1}, "random_state >= 0, got -1"),
        ({"n_splits": 2, "normal_class": 7}, r"normal_class among the labels \[1, 2, 3\], got 7"),
    ],
)
def test_split_repeated_rejects(classes, kwargs, match):
    with pytest.raises(ValueError, match=match):
        anomaly.split_repeated(*classes, **kwargs)


def test_split_repeated_rejects_mismatched_labels(classes):
    x, y = classes
    with pytest.raises(ValueError, match=r"y of shape \(100,\), got shape \(99,\)"):
        anomaly.split_repeated(x, y[:-1], n_splits=2)
