"""Tests for aebook.scores: reconstruction, SSIM and latent scores (higher = more anomalous)."""

import numpy as np
import pytest

from aebook.scores import combine_scores, knn_distance, reconstruction_error, ssim_error


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


# --- relative error, SSIM error, latent distance, combined scores ---------------------------


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


def test_exclude_self_leaves_each_code_out_of_its_own_neighbours():
    reference = np.array([[0.0], [1.0], [3.0], [7.0]])
    # Nearest other codes: 0 -> 1, 1 -> 0, 3 -> 1, 7 -> 3.
    np.testing.assert_array_equal(
        knn_distance(reference, reference, k=1, exclude_self=True), [1.0, 1.0, 2.0, 4.0]
    )
    np.testing.assert_allclose(
        knn_distance(reference, reference, k=2, exclude_self=True), [2.0, 1.5, 2.5, 5.0]
    )


def test_exclude_self_still_counts_a_duplicate_as_a_neighbour():
    reference = np.array([[0.0], [0.0], [5.0]])
    np.testing.assert_array_equal(
        knn_distance(reference, reference, k=1, exclude_self=True), [0.0, 0.0, 5.0]
    )


def test_ssim_error_is_one_minus_the_books_ssim(images):
    from aebook.quality import ssim

    damaged = np.clip(images + np.random.default_rng(5).normal(0, 0.2, images.shape), 0, 1)
    np.testing.assert_array_equal(
        ssim_error(images, damaged, data_range=1.0), 1.0 - ssim(images, damaged, data_range=1.0)
    )


def test_ssim_error_is_one_minus_tensorflows_ssim(images):
    from aebook.runtime import tf

    damaged = np.clip(images + np.random.default_rng(6).normal(0, 0.2, images.shape), 0, 1)
    expected = (
        1.0
        - tf.image.ssim(
            tf.constant(images[..., None], tf.float32),
            tf.constant(damaged[..., None], tf.float32),
            max_val=1.0,
        ).numpy()
    )
    np.testing.assert_allclose(ssim_error(images, damaged, data_range=1.0), expected, atol=2e-6)


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


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

ROWS = np.zeros((2, 3))
IMAGES = np.full((2, 12, 12), 0.5)
REJECTIONS = [
    # reconstruction_error
    pytest.param(
        reconstruction_error,
        (np.zeros((3, 140)), np.zeros((3, 139))),
        {},
        r"Expected x and x_hat of the same shape, got \(3, 140\) and \(3, 139\)",
        id="mismatched",
    ),
    pytest.param(
        reconstruction_error,
        (np.zeros((3, 28, 28)), np.zeros((3, 784))),
        {},
        r"Expected x and x_hat of the same shape, got \(3, 28, 28\) and \(3, 784\)",
        id="flattened-reconstruction",
    ),
    pytest.param(
        reconstruction_error,
        (np.array([[0.0, np.nan]]), np.zeros((1, 2))),
        {},
        "Expected x to hold finite values, found NaN or infinity",
        id="nan-in-x",
    ),
    pytest.param(
        reconstruction_error,
        (np.zeros((1, 2)), np.array([[0.0, -np.inf]])),
        {},
        "Expected x_hat to hold finite values, found NaN or infinity",
        id="infinity-in-x-hat",
    ),
    pytest.param(
        reconstruction_error,
        (np.zeros((0, 140)), np.zeros((0, 140))),
        {},
        r"Expected a non-empty x, got shape \(0, 140\)",
        id="no-samples",
    ),
    pytest.param(
        reconstruction_error,
        (np.zeros((3, 0)), np.zeros((3, 0))),
        {},
        r"Expected a non-empty x, got shape \(3, 0\)",
        id="no-features",
    ),
    pytest.param(
        reconstruction_error,
        (1.0, 1.0),
        {},
        r"Expected x with at least 1 dimension\(s\), got shape \(\)",
        id="scalar",
    ),
    *(
        pytest.param(
            reconstruction_error,
            (np.zeros((1, 2)), bad),
            {},
            f"Expected x_hat to be a numeric array, got dtype {dtype}",
            id=f"x-hat-{kind}",
        )
        for kind, bad, dtype in [
            ("text", np.array([["a", "b"]]), "<U1"),
            ("bool", np.array([[True, False]]), "bool"),
            ("complex", np.array([[1 + 0j, 2 + 0j]]), "complex128"),
            ("object", np.array([[1.0, None]], dtype=object), "object"),
        ]
    ),
    pytest.param(
        reconstruction_error,
        (ROWS, ROWS),
        {"metric": "rmse"},
        r"Expected metric in \('mse', 'mae', 'relative_mse'\), got 'rmse'",
        id="unknown-metric",
    ),
    pytest.param(
        reconstruction_error,
        (ROWS, ROWS),
        {"metric": "MSE"},
        r"Expected metric in \('mse', 'mae', 'relative_mse'\), got 'MSE'",
        id="metric-in-capitals",
    ),
    # ssim_error
    pytest.param(
        ssim_error,
        (IMAGES, IMAGES),
        {"data_range": 0},
        "Expected data_range > 0, got 0",
        id="ssim-data-range-zero",
    ),
    pytest.param(
        ssim_error,
        (IMAGES, IMAGES),
        {"data_range": None},
        "Expected data_range to be a number, got None",
        id="ssim-data-range-none",
    ),
    pytest.param(
        ssim_error,
        (IMAGES[:, :10], IMAGES[:, :10]),
        {"data_range": 1.0},
        r"Expected images at least 11 pixels on a side .*, got \(10, 12\)",
        id="ssim-image-smaller-than-window",
    ),
    pytest.param(
        ssim_error,
        (IMAGES, IMAGES),
        {"data_range": 1.0, "foreground": 1.5},
        r"Expected foreground in \[0, 1\.0\), got 1\.5",
        id="ssim-foreground-out-of-range",
    ),
    pytest.param(
        ssim_error,
        (IMAGES * 255, IMAGES),
        {"data_range": 1.0},
        r"Expected x values in \[0, 1\.0\] for data_range=1\.0, got range \[128, 128\]",
        id="ssim-values-outside-data-range",
    ),
    pytest.param(
        ssim_error,
        (IMAGES, IMAGES[:1]),
        {"data_range": 1.0},
        r"Expected x and x_hat of the same shape, got \(2, 12, 12\) and \(1, 12, 12\)",
        id="ssim-mismatched",
    ),
    pytest.param(
        ssim_error,
        (IMAGES[0], IMAGES[0]),
        {"data_range": 1.0},
        r"Expected x with at least 3 dimension\(s\), got shape \(12, 12\)",
        id="ssim-one-image",
    ),
    # knn_distance
    pytest.param(
        knn_distance,
        (np.zeros((5, 3)), np.zeros((2, 4))),
        {"k": 1},
        r"same n_features, got \(5, 3\) and \(2, 4\)",
        id="knn-feature-counts-differ",
    ),
    pytest.param(
        knn_distance,
        (np.zeros((5, 3)), np.zeros((2, 3))),
        {"k": 6},
        r"Expected k in \[1, 5\], got 6",
        id="knn-k-above-reference-size",
    ),
    pytest.param(
        knn_distance,
        (np.zeros((5, 3)), np.zeros((2, 3))),
        {"k": 0},
        r"Expected k in \[1, 5\], got 0",
        id="knn-k-zero",
    ),
    pytest.param(
        knn_distance,
        (np.zeros(5), np.zeros((2, 3))),
        {"k": 1},
        r"Expected z_reference with 2 dimension\(s\), got shape \(5,\)",
        id="knn-1-d-reference",
    ),
    pytest.param(
        knn_distance,
        (np.zeros((5, 3)), np.full((2, 3), np.nan)),
        {"k": 1},
        "Expected z to hold finite values, found NaN",
        id="knn-nan",
    ),
    pytest.param(
        knn_distance,
        (np.zeros((5, 3)), np.zeros((5, 3))),
        {"k": 5, "exclude_self": True},
        r"Expected k in \[1, 4\], got 5",
        id="knn-k-above-others-without-self",
    ),
    pytest.param(
        knn_distance,
        (np.zeros((5, 3)), np.ones((5, 3))),
        {"k": 1, "exclude_self": True},
        r"Expected z equal to z_reference with exclude_self=True .*\(5, 3\) and \(5, 3\)",
        id="knn-exclude-self-other-codes",
    ),
    pytest.param(
        knn_distance,
        (np.zeros((5, 3)), np.zeros((5, 3))),
        {"k": 1, "exclude_self": 1},
        "Expected exclude_self to be True or False, got 1",
        id="knn-exclude-self-not-bool",
    ),
    # combine_scores
    pytest.param(
        combine_scores,
        ({}, {}),
        {},
        r"Expected scores and reference with the same non-empty keys, got \[\] and \[\]",
        id="combine-empty",
    ),
    pytest.param(
        combine_scores,
        ({"a": np.ones(3)}, {"b": np.arange(5.0)}),
        {},
        r"Expected scores and reference with the same non-empty keys, got \['a'\] and \['b'\]",
        id="combine-keys-differ",
    ),
    pytest.param(
        combine_scores,
        ({"a": np.ones(3)}, {"a": np.ones(5)}),
        {},
        r"Expected reference\['a'\] to have a positive spread, got IQR 0",
        id="combine-zero-spread",
    ),
    pytest.param(
        combine_scores,
        ({"a": np.ones(3), "b": np.ones(4)}, {"a": np.arange(5.0), "b": np.arange(5.0)}),
        {},
        r"Expected score arrays of one length, got \[3, 4\]",
        id="combine-lengths-differ",
    ),
    pytest.param(
        combine_scores,
        ({"a": np.ones((3, 2))}, {"a": np.arange(5.0)}),
        {},
        r"Expected scores\['a'\] with 1 dimension\(s\), got shape \(3, 2\)",
        id="combine-2-d-scores",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
