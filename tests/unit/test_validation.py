"""Tests for aebook._validation, the checks every public function runs on what it is given."""

import numbers

import numpy as np
import pytest

from aebook._validation import (
    check_array,
    check_images,
    check_labels,
    check_same_shape,
    check_scalar,
)

UNIT = {"min_val": 0, "max_val": 1}


@pytest.mark.parametrize(
    ("x", "target_type", "kwargs", "expected"),
    [
        pytest.param(0, numbers.Real, UNIT, 0.0, id="lower-bound-included"),
        pytest.param(1, numbers.Real, UNIT, 1.0, id="upper-bound-included"),
        pytest.param(0, numbers.Real, {**UNIT, "include_boundaries": "left"}, 0.0, id="left"),
        pytest.param(1, numbers.Real, {**UNIT, "include_boundaries": "right"}, 1.0, id="right"),
        pytest.param(np.float32(0.5), numbers.Real, {}, 0.5, id="numpy-float"),
        pytest.param(np.int64(3), numbers.Integral, {}, 3, id="numpy-integer"),
        pytest.param(-5, numbers.Integral, {}, -5, id="unbounded"),
    ],
)
def test_check_scalar_returns_a_python_number(x, target_type, kwargs, expected):
    value = check_scalar(x, "x", target_type, **kwargs)
    assert value == expected and type(value) is type(expected)


def test_check_array_keeps_the_dtype_and_can_allow_nan():
    assert check_array(np.array([1, 2], dtype=np.uint8), "x").dtype == np.uint8
    np.testing.assert_array_equal(check_array([[1.0, 2.0]], "x", ndim=2), [[1.0, 2.0]])
    assert np.isnan(check_array([np.nan], "x", finite=False)[0])


def test_check_labels_gives_int64_classes():
    for y in ([1, 2, 2], [1.0, 2.0, 2.0], np.array([1, 2, 2], dtype=np.uint8)):
        labels = check_labels(y, n=3)
        assert labels.dtype == np.int64
        np.testing.assert_array_equal(labels, [1, 2, 2])
    np.testing.assert_array_equal(check_labels([True, False], binary=True), [1, 0])


def test_check_images_keeps_shape_and_dtype():
    x = np.zeros((2, 8, 8, 1), dtype=np.float32)
    assert check_images(x) is x


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

REJECTIONS = [
    # check_scalar: bounds, with each include_boundaries variant
    pytest.param(
        check_scalar,
        (-0.5, "amount"),
        UNIT,
        r"Expected amount in \[0, 1\], got -0\.5",
        id="scalar-both",
    ),
    pytest.param(
        check_scalar,
        (1, "fraction"),
        {**UNIT, "include_boundaries": "left"},
        r"Expected fraction in \[0, 1\), got 1",
        id="scalar-left",
    ),
    pytest.param(
        check_scalar,
        (0, "x"),
        {**UNIT, "include_boundaries": "right"},
        r"Expected x in \(0, 1\], got 0",
        id="scalar-right",
    ),
    pytest.param(
        check_scalar,
        (1, "x"),
        {**UNIT, "include_boundaries": "neither"},
        r"Expected x in \(0, 1\), got 1",
        id="scalar-neither",
    ),
    pytest.param(
        check_scalar, (-1, "k"), {"min_val": 0}, "Expected k >= 0, got -1", id="scalar-min"
    ),
    pytest.param(
        check_scalar,
        (0, "k"),
        {"min_val": 0, "include_boundaries": "right"},
        "Expected k > 0, got 0",
        id="scalar-min-excluded",
    ),
    pytest.param(check_scalar, (2, "x"), {"max_val": 1}, "Expected x <= 1, got 2", id="scalar-max"),
    pytest.param(
        check_scalar,
        (1, "x"),
        {"max_val": 1, "include_boundaries": "left"},
        "Expected x < 1, got 1",
        id="scalar-max-excluded",
    ),
    # check_scalar: what is not a number of the wanted kind
    pytest.param(
        check_scalar, (True, "x"), {}, "Expected x to be a number, got True", id="scalar-bool"
    ),
    pytest.param(
        check_scalar,
        (False, "n", numbers.Integral),
        {},
        "Expected n to be an integer, got False",
        id="scalar-bool-for-integer",
    ),
    pytest.param(
        check_scalar, (np.nan, "x"), {}, "Expected x to be a number, got nan", id="scalar-nan"
    ),
    pytest.param(
        check_scalar,
        (-np.inf, "x"),
        {"max_val": 1},
        "Expected x to be a number, got -inf",
        id="scalar-infinite",
    ),
    pytest.param(
        check_scalar,
        (2.5, "latent_dim", numbers.Integral),
        {},
        r"Expected latent_dim to be an integer, got 2\.5",
        id="scalar-float-for-integer",
    ),
    pytest.param(
        check_scalar,
        (np.float64(4.0), "n", numbers.Integral),
        {},
        r"Expected n to be an integer, got np\.float64\(4\.0\)",
        id="scalar-whole-float-for-integer",
    ),
    pytest.param(
        check_scalar, ("3", "x"), {}, "Expected x to be a number, got '3'", id="scalar-text"
    ),
    pytest.param(
        check_scalar, (None, "x"), {}, "Expected x to be a number, got None", id="scalar-none"
    ),
    # check_array
    pytest.param(
        check_array,
        (np.zeros((3, 2)), "z"),
        {"ndim": 1},
        r"Expected z with 1 dimension\(s\), got shape \(3, 2\)",
        id="array-ndim",
    ),
    pytest.param(
        check_array,
        (np.zeros(3), "z"),
        {"min_ndim": 2},
        r"Expected z with at least 2 dimension\(s\), got shape \(3,\)",
        id="array-min-ndim",
    ),
    pytest.param(
        check_array,
        (0.5, "x"),
        {},
        r"Expected x with at least 1 dimension\(s\), got shape \(\)",
        id="array-scalar",
    ),
    pytest.param(
        check_array, ([], "x"), {}, r"Expected a non-empty x, got shape \(0,\)", id="array-empty"
    ),
    pytest.param(
        check_array,
        ([1.0, np.nan], "x"),
        {},
        "Expected x to hold finite values, found NaN or infinity",
        id="array-nan",
    ),
    pytest.param(
        check_array,
        (np.array([1.0, None], dtype=object), "x"),
        {},
        "Expected x to be a numeric array, got dtype object",
        id="array-object",
    ),
    pytest.param(
        check_array,
        ([True, False], "x"),
        {},
        "Expected x to be a numeric array, got dtype bool",
        id="array-bool",
    ),
    # check_labels
    pytest.param(
        check_labels,
        ([0, 2],),
        {"binary": True},
        r"Expected y to hold 0 \(normal\) and 1 \(anomaly\), got \[0, 2\]",
        id="labels-not-binary",
    ),
    pytest.param(
        check_labels,
        ([1, 1],),
        {"binary": True},
        r"Expected y to hold both normal \(0\) and anomalous \(1\) samples, got \[1\]",
        id="labels-one-class",
    ),
    pytest.param(
        check_labels,
        ([0.5, 1.0],),
        {},
        "Expected y to hold integer classes, got dtype float64",
        id="labels-not-whole-numbers",
    ),
    pytest.param(
        check_labels,
        ([1.0, np.inf],),
        {},
        "Expected y to hold integer classes, got dtype float64",
        id="labels-infinite",
    ),
    pytest.param(
        check_labels,
        (["a"],),
        {},
        "Expected y to hold integer classes, got dtype <U1",
        id="labels-text",
    ),
    pytest.param(
        check_labels,
        ([0, 1],),
        {"n": 3},
        r"Expected y of shape \(3,\), got shape \(2,\)",
        id="labels-length",
    ),
    pytest.param(
        check_labels,
        ([[0, 1]],),
        {},
        r"Expected y of shape \(n_samples,\), got shape \(1, 2\)",
        id="labels-2-d",
    ),
    pytest.param(
        check_labels,
        ([],),
        {},
        r"Expected y of shape \(n_samples,\), got shape \(0,\)",
        id="labels-empty",
    ),
    # check_images
    pytest.param(
        check_images,
        (np.zeros((2, 8, 8), dtype=np.uint8),),
        {},
        r"Expected x as floats in \[0, 1\], got dtype uint8; divide uint8 images by 255",
        id="images-uint8",
    ),
    pytest.param(
        check_images,
        (np.zeros((2, 8, 8, 3)), "x_clean"),
        {},
        r"Expected x_clean of shape \(n, height, width\[, 1\]\), got \(2, 8, 8, 3\)",
        id="images-rgb",
    ),
    pytest.param(
        check_images,
        (np.zeros((8, 8)),),
        {},
        r"Expected x with at least 3 dimension\(s\), got shape \(8, 8\)",
        id="images-one-image",
    ),
    pytest.param(
        check_images,
        (np.full((2, 8, 8), -0.25),),
        {},
        r"Expected x values in \[0, 1\], got range \[-0\.25, -0\.25\]",
        id="images-outside-unit-range",
    ),
    pytest.param(
        check_images,
        (np.full((2, 8, 8), np.nan),),
        {},
        "Expected x to hold finite values, found NaN or infinity",
        id="images-nan",
    ),
    # check_same_shape
    pytest.param(
        check_same_shape,
        (np.zeros(2), np.zeros(3), ("x", "x_hat")),
        {},
        r"Expected x and x_hat of the same shape, got \(2,\) and \(3,\)",
        id="same-shape",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
