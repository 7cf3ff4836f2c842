"""Tests for aebook.plots.show_latent_grid (chapter 1's latent grid), with the Agg backend."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from aebook import plots

Z1 = np.linspace(0.0, 2.0, 3)  # three columns, spacing 1
Z2 = np.linspace(-1.0, 0.0, 2)  # two rows, spacing 1


def _grid(value=0.5):
    return np.full((len(Z2), len(Z1), 4, 4), value)


def test_each_image_sits_at_its_code():
    images = np.zeros((len(Z2), len(Z1), 4, 4))
    images[1, 2] = 1.0  # the code (z1=2, z2=0): right column, top row
    fig = plots.show_latent_grid(images, Z1, Z2)
    assert isinstance(fig, Figure)
    mosaic = fig.axes[0].images[0].get_array()
    assert mosaic.shape == (8, 12)
    assert mosaic[:4, 8:].min() == 1.0 and mosaic.sum() == 16.0, "top right, upright"
    assert fig.axes[0].get_xlim() == (-0.5, 2.5)
    assert fig.axes[0].get_ylim() == (-1.5, 0.5)


def test_empty_cells_are_tinted_and_others_clear():
    empty = np.array([[True, False, False], [False, False, True]])
    fig = plots.show_latent_grid(_grid(), Z1, Z2, empty=empty, title="holes")
    tint = np.asarray(fig.axes[0].images[1].get_array())
    alpha = tint[..., 3][::-1]  # drawn top row first
    np.testing.assert_array_equal(alpha > 0, empty)
    assert fig.axes[0].get_title() == "holes"


def test_draws_on_a_given_axes():
    fig = Figure()
    ax = fig.subplots()
    assert plots.show_latent_grid(_grid(), Z1, Z2, ax=ax) is fig


@pytest.mark.parametrize(
    ("images", "z1", "z2", "empty", "match"),
    [
        (np.zeros((2, 3, 4)), Z1, Z2, None, "4 dimension"),
        (np.zeros((3, 2, 4, 4)), Z1, Z2, None, r"len\(z2\), len\(z1\)"),
        (_grid(1.5), Z1, Z2, None, r"values in \[0, 1\]"),
        (_grid(), [0.0, 1.0, 3.0], Z2, None, "evenly spaced"),
        (_grid(), Z1[::-1], Z2, None, "increasing"),
        (_grid()[:1, :1], Z1[:1], Z2[:1], None, "at least 2"),
        (_grid(), Z1, Z2, np.zeros((3, 2), dtype=bool), "booleans of shape"),
        (_grid(), Z1, Z2, np.zeros((2, 3)), "booleans of shape"),
    ],
)
def test_rejects(images, z1, z2, empty, match):
    with pytest.raises(ValueError, match=match):
        plots.show_latent_grid(images, z1, z2, empty=empty)
