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


def test_rejects_unknown_method(pair):
    noisy, _ = pair
    with pytest.raises(ValueError, match=r"Expected method to be one of .*got 'bilateral'"):
        denoisers.denoise(noisy, "bilateral", sigma=1.0)


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({}, r"Expected exactly one parameter 'sigma' for method 'gaussian', got \[\]"),
        ({"sigma": 1.0, "truncate": 2}, r"got \['sigma', 'truncate'\]"),
        ({"weight": 0.1}, r"got \['weight'\]"),
        ({"sigma": -1.0}, r"Expected gaussian sigma to be a positive number, got -1.0"),
        ({"sigma": "1"}, r"positive number, got '1'"),
    ],
)
def test_rejects_bad_parameters(pair, params, match):
    noisy, _ = pair
    with pytest.raises(ValueError, match=match):
        denoisers.denoise(noisy, "gaussian", **params)


def test_median_radius_must_be_an_integer(pair):
    noisy, _ = pair
    with pytest.raises(ValueError, match=r"median radius to be a positive integer, got 1.5"):
        denoisers.denoise(noisy, "median", radius=1.5)


@pytest.mark.parametrize("n_jobs", [0, -2, 1.5, True])
def test_rejects_bad_n_jobs(pair, n_jobs):
    noisy, _ = pair
    with pytest.raises(ValueError, match="Expected n_jobs to be a positive integer or -1"):
        denoisers.denoise(noisy, "gaussian", sigma=1.0, n_jobs=n_jobs)


def test_rejects_images_outside_the_unit_range(pair):
    noisy, _ = pair
    with pytest.raises(ValueError, match=r"Expected x_noisy values in \[0, 1\]"):
        denoisers.denoise(noisy * 3, "gaussian", sigma=1.0)


def test_tune_rejects_mismatched_pairs(pair):
    noisy, clean = pair
    with pytest.raises(ValueError, match=r"x_noisy and x_clean of the same shape"):
        denoisers.tune(noisy, clean[:3], "gaussian")


@pytest.mark.parametrize(
    ("grid", "match"),
    [
        ({}, "Expected param_grid as a mapping"),
        ([0.5, 1.0], "Expected param_grid as a mapping"),
        ({"sigma": []}, r"non-empty list of values for 'sigma'"),
        ({"sigma": 1.0}, r"non-empty list of values for 'sigma', got 1.0"),
        ({"h": [0.1]}, r"exactly one parameter 'sigma'"),
    ],
)
def test_tune_rejects_malformed_grids(pair, grid, match):
    noisy, clean = pair
    with pytest.raises(ValueError, match=match):
        denoisers.tune(noisy, clean, "gaussian", param_grid=grid)
