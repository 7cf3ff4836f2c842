"""Tests for aebook.scores.reconstruction_error (scores: higher = more anomalous)."""

import numpy as np
import pytest

from aebook.scores import reconstruction_error


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.mark.parametrize("metric", ["mse", "mae"])
@pytest.mark.parametrize("shape", [(6, 140), (6, 28, 28), (6, 28, 28, 1), (6,)])
def test_identical_inputs_give_exactly_zero(rng, metric, shape):
    x = rng.random(shape)
    errors = reconstruction_error(x, x.copy(), metric=metric)
    assert errors.shape == (6,)
    assert errors.dtype == np.float64
    assert np.all(errors == 0.0)


@pytest.mark.parametrize("metric", ["mse", "mae"])
def test_injected_bright_square_scores_higher(rng, metric):
    x = rng.random((5, 28, 28)) * 0.2
    x_hat = x + rng.normal(0.0, 0.01, x.shape)
    anomalous = x.copy()
    anomalous[2, 10:16, 10:16] = 1.0  # a bright 6x6 square the reconstruction does not have
    errors = reconstruction_error(anomalous, x_hat, metric=metric)
    assert np.argmax(errors) == 2
    assert errors[2] > 3 * np.max(np.delete(errors, 2))


def test_hand_computed_mse_and_mae():
    x = np.array([[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]])
    x_hat = np.array([[0.5, 0.5, 0.0, 0.0], [1.0, 1.0, 1.0, 0.0], [0.0, 0.0, 0.0, -2.0]])
    # Row 0: squares 0.25+0.25 over 4; row 1: one error of 1 over 4; row 2: 4 over 4.
    np.testing.assert_array_equal(reconstruction_error(x, x_hat), [0.125, 0.25, 1.0])
    np.testing.assert_array_equal(reconstruction_error(x, x_hat, metric="mse"), [0.125, 0.25, 1.0])
    np.testing.assert_array_equal(reconstruction_error(x, x_hat, metric="mae"), [0.25, 0.25, 0.5])


def test_docstring_example():
    x = np.zeros((2, 3))
    np.testing.assert_array_equal(reconstruction_error(x, x + [[0.0], [0.5]]), [0.0, 0.25])


def test_images_average_over_all_pixels():
    x = np.zeros((2, 28, 28))
    x_hat = np.zeros((2, 28, 28))
    x_hat[1, 0, 0] = 28.0  # one pixel off by 28: squared error 784 over 784 pixels
    np.testing.assert_array_equal(reconstruction_error(x, x_hat), [0.0, 1.0])
    np.testing.assert_array_equal(reconstruction_error(x, x_hat, metric="mae"), [0.0, 28 / 784])


def test_lists_ints_and_float32_give_float64():
    errors = reconstruction_error([[0, 2], [1, 1]], np.array([[0, 0], [1, 1]], dtype=np.float32))
    assert errors.dtype == np.float64
    np.testing.assert_array_equal(errors, [2.0, 0.0])


def test_unsigned_ints_do_not_wrap_around():
    x = np.array([[0, 0]], dtype=np.uint8)
    x_hat = np.array([[255, 1]], dtype=np.uint8)
    np.testing.assert_array_equal(reconstruction_error(x, x_hat, metric="mae"), [128.0])


def test_inputs_are_not_modified(rng):
    x, x_hat = rng.random((3, 140)), rng.random((3, 140))
    x0, x_hat0 = x.copy(), x_hat.copy()
    reconstruction_error(x, x_hat)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(x_hat, x_hat0)


# --- rejected inputs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"), [((3, 140), (3, 139)), ((3, 28, 28), (3, 784)), ((3, 4), (4, 3)), ((2, 5), (5,))]
)
def test_rejects_shape_mismatch(a, b):
    with pytest.raises(ValueError, match="Expected x and x_hat of the same shape"):
        reconstruction_error(np.zeros(a), np.zeros(b))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("which", ["x", "x_hat"])
def test_rejects_non_finite_values(bad, which):
    clean, dirty = np.zeros((2, 3)), np.zeros((2, 3))
    dirty[1, 2] = bad
    args = (dirty, clean) if which == "x" else (clean, dirty)
    with pytest.raises(ValueError, match=f"Expected {which} to hold finite values"):
        reconstruction_error(*args)


@pytest.mark.parametrize("shape", [(0,), (0, 140), (3, 0)])
def test_rejects_empty(shape):
    with pytest.raises(ValueError, match="Expected a non-empty x"):
        reconstruction_error(np.zeros(shape), np.zeros(shape))


def test_rejects_scalar():
    with pytest.raises(ValueError, match="Expected x with at least 1 dimensions"):
        reconstruction_error(1.0, 1.0)


@pytest.mark.parametrize(
    "bad",
    [
        np.array([["a", "b"]]),
        np.array([[True, False]]),
        np.array([[1 + 0j, 2 + 0j]]),
        np.array([[1.0, None]], dtype=object),
    ],
    ids=["str", "bool", "complex", "object"],
)
def test_rejects_non_numeric_dtype(bad):
    with pytest.raises(ValueError, match="Expected x_hat to be a numeric array, got dtype"):
        reconstruction_error(np.zeros((1, 2)), bad)


@pytest.mark.parametrize("metric", ["rmse", "MSE", "", None])
def test_rejects_unknown_metric(metric):
    with pytest.raises(ValueError, match=r"Expected metric in \('mse', 'mae', 'relative_mse'\)"):
        reconstruction_error(np.zeros((2, 3)), np.zeros((2, 3)), metric=metric)
