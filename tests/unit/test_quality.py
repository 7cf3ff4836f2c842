"""Tests for aebook.quality: per-image PSNR and SSIM (higher = closer to the reference)."""

import numpy as np
import pytest
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from aebook.quality import psnr, ssim


@pytest.fixture
def x():
    return np.random.default_rng(0).random((5, 28, 28))


@pytest.mark.parametrize("shape", [(5, 28, 28), (5, 28, 28, 1), (3, 16, 20)])
def test_identical_images_give_ssim_one_and_infinite_psnr(shape):
    x = np.random.default_rng(1).random(shape).astype(np.float32)
    s = ssim(x, x.copy(), data_range=1.0)
    p = psnr(x, x.copy(), data_range=1.0)
    assert s.shape == p.shape == (shape[0],)
    assert s.dtype == p.dtype == np.float64
    assert np.all(s == 1.0)
    assert np.all(np.isposinf(p))


def test_identical_images_raise_no_warning(x, recwarn):
    psnr(x, x, data_range=1.0)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_noisier_images_score_worse(x):
    rng = np.random.default_rng(2)
    noise = rng.normal(size=x.shape)
    slightly, very = x + 0.05 * noise, x + 0.2 * noise
    assert np.all(psnr(x, slightly, data_range=1.0) > psnr(x, very, data_range=1.0))
    assert np.all(ssim(x, slightly, data_range=1.0) > ssim(x, very, data_range=1.0))


def test_hand_computed_psnr():
    x = np.zeros((2, 4, 4))
    x_hat = x + np.array([0.1, 0.01])[:, None, None]  # MSE 1e-2 and 1e-4
    np.testing.assert_allclose(psnr(x, x_hat, data_range=1.0), [20.0, 40.0])
    np.testing.assert_allclose(psnr(x, x_hat, data_range=2.0), [20.0, 40.0] + 20 * np.log10(2))


def test_matches_scikit_image_image_by_image(x):
    x_hat = np.clip(x + np.random.default_rng(3).normal(0, 0.1, x.shape), 0, 1)
    for i in range(len(x)):
        assert psnr(x, x_hat, data_range=1.0)[i] == peak_signal_noise_ratio(
            x[i], x_hat[i], data_range=1.0
        )
        expected = structural_similarity(x[i], x_hat[i], data_range=1.0, win_size=5)
        assert ssim(x, x_hat, data_range=1.0, win_size=5)[i] == expected


def test_each_image_is_scored_on_its_own(x):
    x_hat = x.copy()
    x_hat[3] = 1.0 - x_hat[3]
    s = ssim(x, x_hat, data_range=1.0)
    assert np.argmin(s) == 3
    np.testing.assert_array_equal(np.delete(s, 3), 1.0)


@pytest.mark.parametrize("metric", [psnr, ssim])
def test_data_range_is_required(x, metric):
    with pytest.raises(TypeError):
        metric(x, x)


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

X = np.random.default_rng(0).random((5, 28, 28))
PAIR_MISTAKES = [
    ("data-range-zero", (X, X), {"data_range": 0}, "Expected data_range > 0, got 0"),
    (
        "data-range-infinite",
        (X, X),
        {"data_range": float("inf")},
        "Expected data_range to be a number, got inf",
    ),
    ("data-range-text", (X, X), {"data_range": "1"}, "Expected data_range to be a number, got '1'"),
    (
        "data-range-bool",
        (X, X),
        {"data_range": True},
        "Expected data_range to be a number, got True",
    ),
    (
        "mismatched",
        (X, X[:4]),
        {"data_range": 1.0},
        r"Expected x and x_hat of the same shape, got \(5, 28, 28\) and \(4, 28, 28\)",
    ),
    (
        "one-image",
        (X[0], X[0]),
        {"data_range": 1.0},
        r"Expected x with at least 3 dimension\(s\), got shape \(28, 28\)",
    ),
    (
        "rgb",
        (np.zeros((2, 28, 28, 3)),) * 2,
        {"data_range": 1.0},
        r"Expected images of shape \(n, height, width\[, 1\]\), got \(2, 28, 28, 3\)",
    ),
    (
        "nan",
        (np.full((2, 8, 8), np.nan),) * 2,
        {"data_range": 1.0},
        "Expected x to hold finite values, found NaN",
    ),
    (
        "text",
        (np.array([[["a"]]]),) * 2,
        {"data_range": 1.0},
        "Expected x to be a numeric array, got dtype <U1",
    ),
]
REJECTIONS = [
    *(
        pytest.param(metric, args, kwargs, message, id=f"{metric.__name__}-{kind}")
        for metric in (psnr, ssim)
        for kind, args, kwargs, message in PAIR_MISTAKES
    ),
    pytest.param(
        ssim,
        (X, X),
        {"data_range": 1.0, "win_size": 1},
        r"Expected win_size in \[3, 28\], got 1",
        id="ssim-window-too-small",
    ),
    pytest.param(
        ssim,
        (X, X),
        {"data_range": 1.0, "win_size": 29},
        r"Expected win_size in \[3, 28\], got 29",
        id="ssim-window-larger-than-image",
    ),
    pytest.param(
        ssim,
        (X, X),
        {"data_range": 1.0, "win_size": 4},
        "Expected an odd win_size, got 4",
        id="ssim-even-window",
    ),
    pytest.param(
        ssim,
        (X, X),
        {"data_range": 1.0, "win_size": 7.0},
        r"Expected win_size to be an integer, got 7\.0",
        id="ssim-float-window",
    ),
    pytest.param(
        ssim,
        (X, X),
        {"data_range": 1.0, "win_size": True},
        "Expected win_size to be an integer, got True",
        id="ssim-bool-window",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
