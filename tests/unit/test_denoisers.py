"""Tests for aebook.denoisers: each classical method denoises, and tuning picks by PSNR."""

import numpy as np
import pytest

from aebook import denoisers, noise, quality


@pytest.fixture(scope="module")
def pair():
    """Smooth blobs (what these denoisers are built for) and a noisy copy."""
    yy, xx = np.mgrid[0:28, 0:28]
    rng = np.random.default_rng(0)
    clean = np.stack(
        [
            np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 60.0)
            for cy, cx in rng.uniform(8, 20, size=(6, 2))
        ]
    )
    return noise.add_gaussian_noise(clean, 0.2, rng=1), clean


@pytest.mark.parametrize("method", denoisers.METHODS)
def test_every_method_improves_psnr_with_a_middle_setting(pair, method):
    noisy, clean = pair
    ((name, grid),) = denoisers.DEFAULT_GRIDS[method].items()
    x_hat = denoisers.denoise(noisy, method, **{name: grid[len(grid) // 2]})
    assert x_hat.shape == noisy.shape and x_hat.dtype == noisy.dtype
    assert x_hat.min() >= 0.0 and x_hat.max() <= 1.0
    before = quality.psnr(clean, noisy, data_range=1.0).mean()
    assert quality.psnr(clean, x_hat, data_range=1.0).mean() > before + 1.0


def test_keeps_the_channel_axis_and_float32(pair):
    noisy, _ = pair
    x = noisy[..., np.newaxis].astype(np.float32)
    out = denoisers.denoise(x, "median", radius=1)
    assert out.shape == x.shape and out.dtype == np.float32


def test_filters_work_within_each_image_only():
    # A bright image next to a black one in the batch must not bleed into it.
    x = np.zeros((3, 16, 16))
    x[1] = 1.0
    for method, params in [("gaussian", {"sigma": 2.0}), ("median", {"radius": 2})]:
        out = denoisers.denoise(x, method, **params)
        np.testing.assert_array_equal(out[0], 0.0)
        np.testing.assert_array_equal(out[2], 0.0)


def test_parallel_gives_the_same_result(pair):
    noisy, _ = pair
    serial = denoisers.denoise(noisy, "tv", weight=0.1)
    np.testing.assert_array_equal(serial, denoisers.denoise(noisy, "tv", weight=0.1, n_jobs=2))


def test_tune_picks_the_best_setting_and_reports_every_score(pair):
    noisy, clean = pair
    tuned = denoisers.tune(noisy, clean, "gaussian", param_grid={"sigma": [0.2, 1.2, 6.0]})
    assert [p for p, _ in tuned.scores] == [{"sigma": 0.2}, {"sigma": 1.2}, {"sigma": 6.0}]
    assert tuned.params == {"sigma": 1.2}
    assert tuned.psnr == max(score for _, score in tuned.scores)
    x_hat = denoisers.denoise(noisy, "gaussian", **tuned.params)
    assert tuned.psnr == pytest.approx(quality.psnr(clean, x_hat, data_range=1.0).mean())


def test_tune_uses_the_default_grid(pair):
    noisy, clean = pair
    tuned = denoisers.tune(noisy, clean, "median")
    assert len(tuned.scores) == len(denoisers.DEFAULT_GRIDS["median"]["radius"])


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

IMAGES = np.full((2, 8, 8), 0.5)
REJECTIONS = [
    pytest.param(
        denoisers.denoise,
        (IMAGES, "bilateral"),
        {"sigma": 1.0},
        r"Expected method to be one of \(.*\), got 'bilateral'",
        id="unknown-method",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES, "gaussian"),
        {},
        r"Expected exactly one parameter 'sigma' for method 'gaussian', got \[\]",
        id="missing-parameter",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES, "gaussian"),
        {"sigma": 1.0, "truncate": 2},
        r"Expected exactly one parameter 'sigma' .*got \['sigma', 'truncate'\]",
        id="extra-parameter",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES, "gaussian"),
        {"weight": 0.1},
        r"Expected exactly one parameter 'sigma' .*got \['weight'\]",
        id="parameter-of-another-method",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES, "gaussian"),
        {"sigma": -1.0},
        r"Expected gaussian sigma > 0, got -1\.0",
        id="negative-parameter",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES, "gaussian"),
        {"sigma": "1"},
        "Expected gaussian sigma to be a number, got '1'",
        id="text-parameter",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES, "median"),
        {"radius": 1.5},
        r"Expected median radius to be an integer, got 1\.5",
        id="float-median-radius",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES, "gaussian"),
        {"sigma": 1.0, "n_jobs": 0},
        "Expected n_jobs to be a positive integer or -1, got 0",
        id="n-jobs-zero",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES, "gaussian"),
        {"sigma": 1.0, "n_jobs": -2},
        "Expected n_jobs >= -1, got -2",
        id="n-jobs-below-minus-one",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES, "gaussian"),
        {"sigma": 1.0, "n_jobs": 1.5},
        r"Expected n_jobs to be an integer, got 1\.5",
        id="n-jobs-float",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES, "gaussian"),
        {"sigma": 1.0, "n_jobs": True},
        "Expected n_jobs to be an integer, got True",
        id="n-jobs-bool",
    ),
    pytest.param(
        denoisers.denoise,
        (IMAGES * 3, "gaussian"),
        {"sigma": 1.0},
        r"Expected x_noisy values in \[0, 1\], got range \[1\.5, 1\.5\]",
        id="images-outside-unit-range",
    ),
    pytest.param(
        denoisers.tune,
        (IMAGES, IMAGES[:1], "gaussian"),
        {},
        r"Expected x_noisy and x_clean of the same shape, got \(2, 8, 8\) and \(1, 8, 8\)",
        id="tune-mismatched-pairs",
    ),
    pytest.param(
        denoisers.tune,
        (IMAGES, IMAGES, "gaussian"),
        {"param_grid": {}},
        r"Expected param_grid as a mapping of name to values, got \{\}",
        id="tune-empty-grid",
    ),
    pytest.param(
        denoisers.tune,
        (IMAGES, IMAGES, "gaussian"),
        {"param_grid": [0.5, 1.0]},
        r"Expected param_grid as a mapping of name to values, got \[0\.5, 1\.0\]",
        id="tune-grid-not-a-mapping",
    ),
    pytest.param(
        denoisers.tune,
        (IMAGES, IMAGES, "gaussian"),
        {"param_grid": {"sigma": []}},
        r"Expected a non-empty list of values for 'sigma', got \[\]",
        id="tune-no-values",
    ),
    pytest.param(
        denoisers.tune,
        (IMAGES, IMAGES, "gaussian"),
        {"param_grid": {"sigma": 1.0}},
        r"Expected a non-empty list of values for 'sigma', got 1\.0",
        id="tune-values-not-a-list",
    ),
    pytest.param(
        denoisers.tune,
        (IMAGES, IMAGES, "gaussian"),
        {"param_grid": {"h": [0.1]}},
        r"Expected exactly one parameter 'sigma' for method 'gaussian', got \['h'\]",
        id="tune-parameter-of-another-method",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
