"""Tests for aebook.quality: per-image PSNR and SSIM (higher = closer to the reference)."""

import numpy as np
import pytest
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from aebook.quality import psnr, ssim, ssim_map


@pytest.fixture
def x():
    return np.random.default_rng(0).random((5, 28, 28))


@pytest.mark.parametrize("shape", [(5, 28, 28), (5, 28, 28, 1), (3, 16, 20), (2, 11, 11)])
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
    gaussian = {"gaussian_weights": True, "sigma": 1.5, "use_sample_covariance": False}
    for i in range(len(x)):
        assert psnr(x, x_hat, data_range=1.0)[i] == peak_signal_noise_ratio(
            x[i], x_hat[i], data_range=1.0
        )
        expected, full = structural_similarity(
            x[i], x_hat[i], data_range=1.0, full=True, **gaussian
        )
        np.testing.assert_allclose(ssim(x, x_hat, data_range=1.0)[i], expected, rtol=1e-12)
        whole = ssim_map(x, x_hat, data_range=1.0, border="reflect")[i]
        np.testing.assert_allclose(whole, full, atol=1e-12)


def test_matches_tensorflow_the_training_loss(x):
    from aebook.runtime import tf

    x_hat = np.clip(x + np.random.default_rng(4).normal(0, 0.2, x.shape), 0, 1)
    expected = tf.image.ssim(
        tf.constant(x[..., None], tf.float32), tf.constant(x_hat[..., None], tf.float32), 1.0
    ).numpy()
    np.testing.assert_allclose(ssim(x, x_hat, data_range=1.0), expected, atol=2e-6)
    # tf.image.ssim's default window (11, sigma 1.5) is the only one: a 7-pixel one differs.
    other = tf.image.ssim(
        tf.constant(x[..., None], tf.float32),
        tf.constant(x_hat[..., None], tf.float32),
        1.0,
        filter_size=7,
    ).numpy()
    assert np.abs(ssim(x, x_hat, data_range=1.0) - other).max() > 1e-3


def test_valid_map_is_the_reflected_map_without_its_border(x):
    x_hat = np.clip(x + 0.1 * np.random.default_rng(5).normal(size=x.shape), 0, 1)
    valid = ssim_map(x, x_hat, data_range=1.0)
    whole = ssim_map(x, x_hat, data_range=1.0, border="reflect")
    assert valid.shape == (5, 18, 18) and whole.shape == (5, 28, 28)
    np.testing.assert_allclose(valid, whole[:, 5:-5, 5:-5], atol=1e-12)
    np.testing.assert_allclose(ssim(x, x_hat, data_range=1.0), valid.mean(axis=(1, 2)))


def test_a_local_change_lowers_the_map_only_near_it(x):
    x_hat = x.copy()
    x_hat[:, 20:24, 20:24] = 1.0 - x_hat[:, 20:24, 20:24]
    whole = ssim_map(x, x_hat, data_range=1.0, border="reflect")
    # Gaussian weights vanish beyond 5 pixels: the far corner does not see the change.
    np.testing.assert_allclose(whole[:, :12, :12], 1.0)
    assert (whole[:, 21, 21] < 0.9).all()


def test_each_image_is_scored_on_its_own(x):
    x_hat = x.copy()
    x_hat[3] = 1.0 - x_hat[3]
    s = ssim(x, x_hat, data_range=1.0)
    assert np.argmin(s) == 3
    np.testing.assert_array_equal(np.delete(s, 3), 1.0)


@pytest.mark.parametrize("metric", [psnr, ssim, ssim_map])
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
        for metric in (psnr, ssim, ssim_map)
        for kind, args, kwargs, message in PAIR_MISTAKES
    ),
    pytest.param(
        ssim,
        (X[:, :10], X[:, :10]),
        {"data_range": 1.0},
        r"Expected images at least 11 pixels on a side .*, got \(10, 28\)",
        id="ssim-image-smaller-than-window",
    ),
    pytest.param(
        ssim_map,
        (X, X),
        {"data_range": 1.0, "border": "same"},
        r"Expected border in \('valid', 'reflect'\), got 'same'",
        id="ssim-map-unknown-border",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
