"""aebook.features: the measures of a sparse autoencoder's dictionary."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aebook import features


def test_explained_variance_is_one_minus_fvu():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5))
    assert features.explained_variance(x, x) == 1.0
    assert features.explained_variance(x, np.tile(x.mean(axis=0), (200, 1))) == pytest.approx(0)
    x_hat = x + 0.5 * rng.normal(size=x.shape)
    fvu = np.sum((x - x_hat) ** 2) / np.sum((x - x.mean(axis=0)) ** 2)
    assert features.explained_variance(x, x_hat) == pytest.approx(1 - fvu)


def test_l0_and_dead_fraction_count_positive_codes():
    codes = np.array([[0.0, 2.0, -1.0, 0.0], [0.5, 0.0, 0.0, 0.0], [0.1, 3.0, 0.0, 0.0]])
    assert features.mean_l0(codes) == pytest.approx(4 / 3)
    assert features.dead_fraction(codes) == 0.5  # units 2 (negative only) and 3
    assert features.dead_fraction(np.ones((3, 4))) == 0.0


def test_max_cosine_finds_each_true_direction():
    rng = np.random.default_rng(1)
    true = rng.normal(size=(6, 4))
    learned = np.concatenate([3 * true[::-1], rng.normal(size=(10, 4))])
    np.testing.assert_allclose(features.max_cosine(learned, true), 1.0)
    assert np.all(features.max_cosine(-true, true) < 1.0)


def test_top_activating_orders_by_activation_then_index():
    codes = np.array([[1.0, 0.0], [3.0, 0.0], [3.0, 0.0], [2.0, 1.0]])
    top = features.top_activating(codes, n=3)
    assert top.shape == (2, 3) and top.dtype == np.int64
    np.testing.assert_array_equal(top[0], [1, 2, 3])
    np.testing.assert_array_equal(top[1], [3, 0, 1])


def test_class_purity_counts_the_majority_class():
    purity, majority = features.class_purity([[0, 1, 2, 3], [0, 1, 0, 1]], [2, 2, 3, 2])
    np.testing.assert_allclose(purity, [0.75, 1.0])
    np.testing.assert_array_equal(majority, [2, 2])


def test_show_top_images_draws_one_row_per_unit():
    images = np.random.default_rng(0).random((20, 28, 28)).astype(np.float32)
    top = features.top_activating(np.random.default_rng(1).random((20, 5)), n=6)
    fig = features.show_top_images(images, top, [0, 3], n=4, titles=["a", "b"])
    assert len(fig.axes) == 8
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: features.explained_variance(np.ones((3, 2)), np.ones((3, 2))), "variance"),
        (lambda: features.explained_variance(np.ones((3, 2)), np.ones((2, 2))), "same shape"),
        (lambda: features.mean_l0(np.ones(4)), "2 dimension"),
        (lambda: features.dead_fraction([[np.nan, 1.0]]), "finite"),
        (lambda: features.max_cosine(np.ones((2, 3)), np.ones((2, 4))), "dimensions"),
        (lambda: features.max_cosine(np.zeros((2, 3)), np.ones((2, 3))), "non-zero"),
        (lambda: features.top_activating(np.ones((3, 2)), n=4), r"n in \[1, 3\]"),
        (lambda: features.class_purity([[0, 5]], [0, 1]), "indices in"),
        (lambda: features.class_purity([0.5, 1.0], [0, 1]), "2-D array of integers"),
        (
            lambda: features.show_top_images(np.ones((2, 4, 4)), [[0, 1]], [3]),
            "units in",
        ),
    ],
)
def test_mistakes_raise_clear_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
