"""Tests for the SSIM error, relative error, latent distance and score combination."""

import numpy as np
import pytest

from aebook.scores import combine_scores, knn_distance, reconstruction_error, ssim_error


@pytest.fixture
def images():
    rng = np.random.default_rng(0)
    x = np.zeros((4, 28, 28))
    x[:, 8:20, 8:20] = rng.random((4, 12, 12))
    return x


def test_relative_mse_hand_computed():
    x = np.array([[1.0, 1.0], [0.5, 0.0]])
    x_hat = np.array([[0.0, 1.0], [0.0, 0.0]])
    np.testing.assert_allclose(reconstruction_error(x, x_hat, metric="relative_mse"), [0.5, 1.0])


def test_relative_mse_does_not_reward_simple_images():
    # The same per-pixel mistake costs a faint image more than a bright one.
    faint, bright = np.full((1, 10), 0.1), np.full((1, 10), 0.9)
    faint_error = reconstruction_error(faint, faint + 0.05, metric="relative_mse")
    bright_error = reconstruction_error(bright, bright + 0.05, metric="relative_mse")
    assert faint_error[0] > bright_error[0]


def test_relative_mse_of_an_all_zero_sample_is_finite():
    assert np.isfinite(
        reconstruction_error(np.zeros((1, 4)), np.ones((1, 4)), metric="relative_mse")
    ).all()


@pytest.mark.parametrize("foreground", [None, 0.05])
def test_ssim_error_is_exactly_zero_for_identical_images(images, foreground):
    errors = ssim_error(images, images.copy(), data_range=1.0, foreground=foreground)
    assert errors.shape == (4,) and errors.dtype == np.float64
    np.testing.assert_array_equal(errors, 0.0)


def test_ssim_error_grows_with_damage(images):
    damaged = images.copy()
    damaged[:, 10:18, 10:18] = 1.0 - damaged[:, 10:18, 10:18]
    assert (ssim_error(images, damaged, data_range=1.0) > 0.05).all()


def test_foreground_average_is_not_diluted_by_background(images):
    damaged = images.copy()
    damaged[:, 10:18, 10:18] = 0.0
    whole = ssim_error(images, damaged, data_range=1.0)
    foreground = ssim_error(images, damaged, data_range=1.0, foreground=0.01)
    assert (foreground > whole).all()


def test_ssim_error_accepts_a_channel_axis(images):
    errors = ssim_error(images[..., None], images[..., None], data_range=1.0)
    np.testing.assert_array_equal(errors, 0.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"data_range": 0}, "Expected a positive data_range"),
        ({"data_range": None}, "Expected a positive data_range"),
        ({"data_range": 1.0, "win_size": 4}, "Expected an odd win_size"),
        ({"data_range": 1.0, "win_size": 29}, "Expected an odd win_size between 3 and 28"),
        ({"data_range": 1.0, "win_size": 1}, "Expected an odd integer win_size >= 3"),
        ({"data_range": 1.0, "foreground": 1.5}, r"Expected foreground in \[0, 1.0\)"),
    ],
)
def test_ssim_error_rejects_bad_options(images, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ssim_error(images, images, **kwargs)


def test_ssim_error_rejects_values_outside_the_data_range(images):
    with pytest.raises(ValueError, match=r"Expected x values in \[0, 1.0\].*got range"):
        ssim_error(images * 255, images, data_range=1.0)


def test_ssim_error_rejects_mismatched_or_flat_inputs(images):
    with pytest.raises(ValueError, match="same shape"):
        ssim_error(images, images[:2], data_range=1.0)
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        ssim_error(images[0], images[0], data_range=1.0)


def test_knn_distance_is_larger_far_from_the_reference():
    rng = np.random.default_rng(0)
    reference = rng.normal(size=(200, 3))
    z = np.array([[0.0, 0.0, 0.0], [10.0, 10.0, 10.0]])
    distances = knn_distance(reference, z, k=5)
    assert distances.shape == (2,) and distances.dtype == np.float64
    assert distances[1] > 5 * distances[0]


def test_knn_distance_is_zero_on_reference_points_with_k_1():
    reference = np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(knn_distance(reference, reference, k=1), 0.0)


@pytest.mark.parametrize(
    ("reference", "z", "k", "match"),
    [
        (np.zeros((5, 3)), np.zeros((2, 4)), 1, "same n_features"),
        (np.zeros((5, 3)), np.zeros((2, 3)), 6, "Expected k between 1 and 5"),
        (np.zeros((5, 3)), np.zeros((2, 3)), 0, "Expected k between 1 and 5"),
        (np.zeros(5), np.zeros((2, 3)), 1, "at least 2 dimensions"),
        (np.zeros((5, 3)), np.full((2, 3), np.nan), 1, "finite"),
    ],
)
def test_knn_distance_rejects_bad_input(reference, z, k, match):
    with pytest.raises(ValueError, match=match):
        knn_distance(reference, z, k=k)


def test_combine_scores_puts_scores_on_one_scale():
    reference = {"small": np.linspace(0, 1, 101), "large": np.linspace(0, 1000, 101)}
    combined = combine_scores(
        {"small": np.array([0.5, 1.5]), "large": np.array([500, 1500])}, reference
    )
    # Each score is 0 at its reference median and 2 at median + 2 IQR.
    np.testing.assert_allclose(combined, [0.0, 2.0])


def test_combined_score_ranks_an_anomaly_first():
    rng = np.random.default_rng(1)
    reference = {"a": rng.normal(size=500), "b": rng.normal(size=500) * 100}
    scores = {"a": np.r_[rng.normal(size=20), 4.0], "b": np.r_[rng.normal(size=20) * 100, 400.0]}
    assert np.argmax(combine_scores(scores, reference)) == 20


@pytest.mark.parametrize(
    ("scores", "reference", "match"),
    [
        ({}, {}, "same non-empty keys"),
        ({"a": np.ones(3)}, {"b": np.arange(5.0)}, "same non-empty keys"),
        ({"a": np.ones(3)}, {"a": np.ones(5)}, "positive spread"),
        (
            {"a": np.ones(3), "b": np.ones(4)},
            {"a": np.arange(5.0), "b": np.arange(5.0)},
            "one length",
        ),
        ({"a": np.ones((3, 2))}, {"a": np.arange(5.0)}, "Expected 1-D scores"),
    ],
)
def test_combine_scores_rejects_bad_input(scores, reference, match):
    with pytest.raises(ValueError, match=match):
        combine_scores(scores, reference)
