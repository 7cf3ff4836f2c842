"""Tests for aebook.noise: seeded, clipped to [0, 1], and strict about its inputs."""

import numpy as np
import pytest

from aebook.noise import add_gaussian_noise, add_salt_and_pepper


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


def test_rng_is_keyword_only_and_required(x):
    with pytest.raises(TypeError):
        add_gaussian_noise(x, 0.2)  # never unseeded


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

X = np.full((8, 4, 4), 0.5, dtype=np.float32)
RNG_MISTAKES = [
    ("none", None, "Expected rng to be a numpy.random.Generator or an integer seed, got None"),
    ("bool", True, "Expected rng to be a numpy.random.Generator or an integer seed, got True"),
    ("negative", -1, r"Expected rng \(a seed\) >= 0, got -1"),
    ("float", 1.5, r"Expected rng \(a seed\) to be an integer, got 1\.5"),
    ("text", "0", r"Expected rng \(a seed\) to be an integer, got '0'"),
]
REJECTIONS = [
    *(
        pytest.param(
            function, (X, 0.1), {"rng": rng}, message, id=f"{function.__name__}-rng-{kind}"
        )
        for function in (add_gaussian_noise, add_salt_and_pepper)
        for kind, rng, message in RNG_MISTAKES
    ),
    pytest.param(
        add_gaussian_noise,
        (X, -0.1),
        {"rng": 0},
        r"Expected sigma >= 0, got -0\.1",
        id="sigma-negative",
    ),
    pytest.param(
        add_gaussian_noise,
        (X, np.nan),
        {"rng": 0},
        "Expected sigma to be a number, got nan",
        id="sigma-nan",
    ),
    pytest.param(
        add_gaussian_noise,
        (X, True),
        {"rng": 0},
        "Expected sigma to be a number, got True",
        id="sigma-bool",
    ),
    pytest.param(
        add_gaussian_noise,
        (X, [0.1, 0.2]),
        {"rng": 0},
        r"Expected one sigma >= 0 per image \(8 values\), got \[0\.1 0\.2\]",
        id="sigma-per-image-wrong-count",
    ),
    pytest.param(
        add_gaussian_noise,
        (X, [[0.1]]),
        {"rng": 0},
        r"Expected sigma with 1 dimension\(s\), got shape \(1, 1\)",
        id="sigma-2-d",
    ),
    pytest.param(
        add_gaussian_noise,
        (np.full((2, 28, 28), 2.0), 0.1),
        {"rng": 0},
        r"Expected x values in \[0, 1\], got range \[2, 2\]",
        id="images-outside-unit-range",
    ),
    pytest.param(
        add_gaussian_noise,
        (np.zeros((2, 28, 28), dtype=np.uint8), 0.1),
        {"rng": 0},
        "Expected x as floats in .*got dtype uint8; divide uint8 images by 255",
        id="images-uint8",
    ),
    pytest.param(
        add_gaussian_noise,
        (np.zeros((28, 28)), 0.1),
        {"rng": 0},
        r"Expected x with at least 3 dimension\(s\), got shape \(28, 28\)",
        id="images-one-image",
    ),
    pytest.param(
        add_gaussian_noise,
        (np.zeros((2, 28, 28, 3)), 0.1),
        {"rng": 0},
        r"Expected x of shape \(n, height, width\[, 1\]\), got \(2, 28, 28, 3\)",
        id="images-rgb",
    ),
    pytest.param(
        add_salt_and_pepper,
        (X, 1.5),
        {"rng": 0},
        r"Expected amount in \[0, 1\], got 1\.5",
        id="amount-out-of-range",
    ),
    pytest.param(
        add_salt_and_pepper,
        (X, np.inf),
        {"rng": 0},
        "Expected amount to be a number, got inf",
        id="amount-infinite",
    ),
    pytest.param(
        add_salt_and_pepper,
        (X, "0.1"),
        {"rng": 0},
        "Expected amount to be a number, got '0.1'",
        id="amount-text",
    ),
    pytest.param(
        add_salt_and_pepper,
        (X, 0.1),
        {"rng": 0, "salt_vs_pepper": 2},
        r"Expected salt_vs_pepper in \[0, 1\], got 2",
        id="salt-vs-pepper-out-of-range",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
