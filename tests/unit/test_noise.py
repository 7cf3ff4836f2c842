"""Tests for aebook.noise: seeded, clipped to [0, 1], and strict about its inputs."""

import numpy as np
import pytest

from aebook.noise import add_gaussian_noise, add_salt_and_pepper, mask_pixels


@pytest.fixture
def x():
    return np.random.default_rng(0).random((8, 28, 28)).astype(np.float32)


def test_gaussian_noise_is_reproducible_and_clipped(x):
    a = add_gaussian_noise(x, 0.2, rng=1)
    b = add_gaussian_noise(x, 0.2, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    assert a.shape == x.shape and a.dtype == np.float32
    assert a.min() >= 0.0 and a.max() <= 1.0
    assert not np.array_equal(a, add_gaussian_noise(x, 0.2, rng=2))


def test_gaussian_noise_has_the_requested_spread():
    # Mid-grey images are rarely clipped at sigma 0.1, so the residual's spread is sigma.
    x = np.full((20, 28, 28), 0.5)
    noisy = add_gaussian_noise(x, 0.1, rng=0)
    assert noisy.dtype == np.float64
    assert abs((noisy - x).std() - 0.1) < 0.003
    assert abs((noisy - x).mean()) < 0.003


def test_gaussian_sigma_zero_leaves_images_unchanged(x):
    np.testing.assert_array_equal(add_gaussian_noise(x, 0.0, rng=0), x)


def test_gaussian_noise_per_image_levels(x):
    sigmas = np.array([0.0, 0.0, 0.0, 0.0, 0.3, 0.3, 0.3, 0.3])
    noisy = add_gaussian_noise(x[..., np.newaxis], sigmas, rng=0)
    assert noisy.shape == (8, 28, 28, 1)
    np.testing.assert_array_equal(noisy[:4], x[:4, ..., np.newaxis])
    assert np.all(np.abs(noisy[4:] - x[4:, ..., np.newaxis]).mean(axis=(1, 2, 3)) > 0.05)


def test_salt_and_pepper_hits_the_requested_share():
    x = np.full((10, 50, 50), 0.5)
    noisy = add_salt_and_pepper(x, 0.2, rng=0, salt_vs_pepper=0.25)
    hit = noisy != 0.5
    assert abs(hit.mean() - 0.2) < 0.01
    assert set(np.unique(noisy[hit])) == {0.0, 1.0}
    assert abs((noisy[hit] == 1.0).mean() - 0.25) < 0.02
    np.testing.assert_array_equal(noisy, add_salt_and_pepper(x, 0.2, rng=0, salt_vs_pepper=0.25))


def test_mask_pixels_sets_the_fill_value():
    x = np.full((10, 50, 50), 0.5, dtype=np.float32)
    noisy = mask_pixels(x, 0.3, rng=0, fill=1.0)
    assert noisy.dtype == np.float32
    assert abs((noisy == 1.0).mean() - 0.3) < 0.01
    assert set(np.unique(noisy)) == {0.5, 1.0}


@pytest.mark.parametrize("rng", [None, -1, 1.5, "0", True])
def test_rejects_missing_or_bad_rng(x, rng):
    with pytest.raises(ValueError, match="Expected rng to be a numpy.random.Generator"):
        add_gaussian_noise(x, 0.2, rng=rng)
    with pytest.raises(ValueError, match="Expected rng"):
        add_salt_and_pepper(x, 0.1, rng=rng)
    with pytest.raises(ValueError, match="Expected rng"):
        mask_pixels(x, 0.1, rng=rng)


def test_rng_is_keyword_only_and_required(x):
    with pytest.raises(TypeError):
        add_gaussian_noise(x, 0.2)  # never unseeded


@pytest.mark.parametrize(
    ("sigma", "match"),
    [
        (-0.1, r"Expected sigma >= 0 and finite, got -0.1"),
        (float("nan"), r"Expected sigma >= 0 and finite"),
        ([0.1, 0.2], r"Expected one sigma per image \(8 values\), got 2"),
        ([[0.1]], r"Expected sigma as a number or one value per image"),
        (True, r"Expected sigma as a number"),
    ],
)
def test_gaussian_rejects_bad_sigma(x, sigma, match):
    with pytest.raises(ValueError, match=match):
        add_gaussian_noise(x, sigma, rng=0)


@pytest.mark.parametrize(
    ("images", "match"),
    [
        (np.full((2, 28, 28), 2.0), r"values in \[0, 1\], got range \[2, 2\]"),
        (np.zeros((2, 28, 28), dtype=np.uint8), r"divide uint8 images by 255"),
        (np.zeros((28, 28)), r"at least 3 dimensions, got shape \(28, 28\)"),
        (np.zeros((2, 28, 28, 3)), r"shape \(n, height, width\[, 1\]\), got \(2, 28, 28, 3\)"),
    ],
)
def test_rejects_images_that_are_not_grey_floats_in_unit_range(images, match):
    with pytest.raises(ValueError, match=match):
        add_gaussian_noise(images, 0.1, rng=0)


@pytest.mark.parametrize("amount", [-0.1, 1.5, float("inf"), "0.1"])
def test_salt_and_pepper_rejects_bad_amount(x, amount):
    with pytest.raises(ValueError, match=r"Expected amount in \[0, 1\]"):
        add_salt_and_pepper(x, amount, rng=0)


def test_salt_and_pepper_rejects_bad_ratio(x):
    with pytest.raises(ValueError, match=r"Expected salt_vs_pepper in \[0, 1\], got 2"):
        add_salt_and_pepper(x, 0.1, rng=0, salt_vs_pepper=2)


@pytest.mark.parametrize("fraction", [1.0, -0.5])
def test_mask_rejects_bad_fraction(x, fraction):
    with pytest.raises(ValueError, match=r"Expected fraction in \[0, 1\)"):
        mask_pixels(x, fraction, rng=0)


def test_mask_rejects_bad_fill(x):
    with pytest.raises(ValueError, match=r"Expected fill in \[0, 1\], got 1.5"):
        mask_pixels(x, 0.1, rng=0, fill=1.5)
