"""Tests for aebook.data.make_contaminated_set."""

import numpy as np
import pytest

from aebook.data import make_contaminated_set


@pytest.fixture
def pools():
    return np.zeros((950, 4, 4), np.float32), np.ones((300, 4, 4), np.float32)


@pytest.mark.parametrize(("rate", "expected_m"), [(0.05, 50), (0.01, 10), (0.2, 238)])
def test_rate_gives_the_fraction_of_anomalies(pools, rate, expected_m):
    x, is_anomaly = make_contaminated_set(*pools, rate=rate, seed=0)
    assert is_anomaly.sum() == expected_m and len(x) == 950 + expected_m
    assert is_anomaly.dtype == np.int64 and x.dtype == np.float32
    # Labels follow the samples through the shuffle.
    np.testing.assert_array_equal(x[:, 0, 0], is_anomaly)


def test_same_seed_same_set_and_shuffled(pools):
    x1, y1 = make_contaminated_set(*pools, rate=0.05, seed=3)
    x2, y2 = make_contaminated_set(*pools, rate=0.05, seed=3)
    np.testing.assert_array_equal(y1, y2)
    np.testing.assert_array_equal(x1, x2)
    assert y1[-50:].sum() < 50, "anomalies should not all sit at the end"


def test_anomalies_are_drawn_without_replacement():
    normal, pool = np.zeros((90, 2)), np.arange(20.0).repeat(2).reshape(20, 2)
    x, is_anomaly = make_contaminated_set(normal, pool, rate=0.1, seed=0)
    drawn = x[is_anomaly == 1, 0]
    assert len(np.unique(drawn)) == len(drawn) == 10


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

NORMAL, POOL = np.zeros((950, 4, 4), np.float32), np.ones((300, 4, 4), np.float32)
REJECTIONS = [
    pytest.param(
        make_contaminated_set,
        (NORMAL, POOL),
        {"rate": 1.5, "seed": 0},
        r"Expected rate in \(0, 1\), got 1\.5",
        id="rate-out-of-range",
    ),
    pytest.param(
        make_contaminated_set,
        (NORMAL, POOL),
        {"rate": 0.0, "seed": 0},
        r"Expected rate in \(0, 1\), got 0\.0",
        id="rate-on-excluded-bound",
    ),
    pytest.param(
        make_contaminated_set,
        (NORMAL, POOL),
        {"rate": True, "seed": 0},
        "Expected rate .*got True",
        id="rate-bool",
    ),
    pytest.param(
        make_contaminated_set,
        (NORMAL, POOL),
        {"rate": 0.5, "seed": 0},
        "Expected at least 950 anomalies in the pool for rate 0.5, got 300",
        id="pool-too-small",
    ),
    pytest.param(
        make_contaminated_set,
        (NORMAL, np.ones((10, 5, 5))),
        {"rate": 0.1, "seed": 0},
        r"Expected samples of the same shape, got \(4, 4\) and \(5, 5\)",
        id="sample-shapes-differ",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
