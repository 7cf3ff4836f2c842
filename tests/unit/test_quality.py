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


@pytest.mark.parametrize("metric", [psnr, ssim])
@pytest.mark.parametrize("data_range", [0, -1.0, float("inf"), None, "1", True])
def test_rejects_bad_data_range(x, metric, data_range):
    with pytest.raises(ValueError, match="Expected data_range to be a positive finite number"):
        metric(x, x, data_range=data_range)


@pytest.mark.parametrize("metric", [psnr, ssim])
def test_rejects_mismatched_shapes(x, metric):
    with pytest.raises(ValueError, match=r"same shape, got \(5, 28, 28\) and \(4, 28, 28\)"):
        metric(x, x[:4], data_range=1.0)


@pytest.mark.parametrize("metric", [psnr, ssim])
@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (np.zeros((28, 28)), r"at least 3 dimensions, got shape \(28, 28\)"),
        (np.zeros((2, 28, 28, 3)), r"\(n, height, width, 1\), got \(2, 28, 28, 3\)"),
        (np.full((2, 8, 8), np.nan), "finite values"),
        (np.array([[["a"]]]), "numeric array"),
    ],
)
def test_rejects_malformed_images(metric, bad, match):
    with pytest.raises(ValueError, match=match):
        metric(bad, bad, data_range=1.0)


@pytest.mark.parametrize("win_size", [1, 4, 29, 7.0, True])
def test_ssim_rejects_bad_window(x, win_size):
    with pytest.raises(ValueError, match=r"Expected win_size to be an odd integer in \[3, 28\]"):
        ssim(x, x, data_range=1.0, win_size=win_size)
