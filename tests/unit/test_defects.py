"""Tests for aebook.defects: seeded local defects with their pixel masks."""

import numpy as np
import pytest

from aebook.defects import DEFECT_KINDS, add_defects


@pytest.fixture
def texture():
    """Four 32×32 patches of a regular stripe texture in [0.2, 0.8]."""
    stripes = 0.5 + 0.3 * np.sin(np.arange(32) * 2 * np.pi / 6)
    return np.tile(stripes, (4, 32, 1))


@pytest.mark.parametrize("kind", DEFECT_KINDS)
def test_shapes_dtypes_and_range(texture, kind):
    bad, masks = add_defects(texture, kind, seed=0)
    assert bad.shape == masks.shape == texture.shape
    assert bad.dtype == np.float64 and masks.dtype == bool
    assert bad.min() >= 0 and bad.max() <= 1
    assert masks.any(axis=(1, 2)).all(), "every image gets a defect"


@pytest.mark.parametrize("kind", DEFECT_KINDS)
def test_pixels_change_only_inside_the_mask(texture, kind):
    bad, masks = add_defects(texture, kind, seed=1)
    np.testing.assert_array_equal(bad[~masks], texture[~masks])
    assert (np.abs(bad - texture)[masks].mean()) > 0.01, "the defect is visible"


def test_the_kinds_differ_in_size_and_in_what_they_do(texture):
    bad, masks = add_defects(texture, list(DEFECT_KINDS) + ["scratch"], seed=2)
    area = masks.mean(axis=(1, 2))
    assert area[0] < area[1] and area[0] < area[2], "a scratch is thin"
    # A smoothed patch keeps the mean grey but loses the stripes' contrast.
    inside = masks[2]
    assert bad[2][inside].std() < 0.5 * texture[2][inside].std()


def test_same_seed_same_defects_other_seed_other_defects(texture):
    first = add_defects(texture, "stain", seed=3)
    again = add_defects(texture, "stain", seed=3)
    other = add_defects(texture, "stain", seed=4)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[1], other[1])


def test_input_is_not_modified(texture):
    before = texture.copy()
    add_defects(texture, "smooth", seed=0)
    np.testing.assert_array_equal(texture, before)


X = np.full((2, 16, 16), 0.5)
REJECTIONS = [
    pytest.param((X, "dent"), {"seed": 0}, r"Expected kinds in .*got \['dent'\]", id="kind"),
    pytest.param(
        (X, ["stain"]), {"seed": 0}, "Expected 2 kinds, one per image, got 1", id="n-kinds"
    ),
    pytest.param(
        (X * 3, "stain"),
        {"seed": 0},
        r"Expected images with values in \[0, 1\], got range \[1.5, 1.5\]",
        id="range",
    ),
    pytest.param(
        (X[:, :4], "stain"),
        {"seed": 0},
        r"Expected images at least 8 pixels on a side, got \(4, 16\)",
        id="too-small",
    ),
    pytest.param(
        (X[0], "stain"),
        {"seed": 0},
        r"Expected images with 3 dimension\(s\), got shape \(16, 16\)",
        id="one-image",
    ),
    pytest.param((X, "stain"), {"seed": 0.5}, "Expected seed to be an integer, got 0.5", id="seed"),
]


@pytest.mark.parametrize(("args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        add_defects(*args, **kwargs)
