"""The book's one figure style: opaque white figures with dark ink, as a notebook renders them."""

import io
import subprocess
import sys

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgba

from aebook import plots


def _luminance(color):
    r, g, b, _ = to_rgba(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_importing_plots_applies_the_style():
    # A fresh interpreter: the style must come from the import alone.
    code = (
        "import matplotlib as mpl; import aebook.plots as p; "
        "print(all(mpl.rcParams[k] == v for k, v in p.BOOK_STYLE.items()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_use_book_style_restores_it_after_a_dark_style():
    with mpl.rc_context():
        plt.style.use("dark_background")
        assert _luminance(mpl.rcParams["figure.facecolor"]) < 0.5
        plots.use_book_style()
        for key in ("figure.facecolor", "axes.facecolor", "savefig.facecolor"):
            assert to_rgba(mpl.rcParams[key]) == (1.0, 1.0, 1.0, 1.0), key
        for key in ("text.color", "axes.labelcolor", "xtick.labelcolor", "axes.edgecolor"):
            assert _luminance(mpl.rcParams[key]) < 0.35, key  # dark ink on white


def test_inline_rendering_is_opaque_white():
    """The PNG a notebook shows (IPython's print_figure) has no transparent pixel."""
    from IPython.core.pylabtools import print_figure

    plots.use_book_style()
    fig = plots.plot_history({"loss": [0.3, 0.2, 0.1], "val_loss": [0.35, 0.25, 0.2]})
    png = print_figure(fig, "png")
    image = plt.imread(io.BytesIO(png))
    assert image.shape[2] == 4
    assert np.all(image[..., 3] == 1.0), "transparent pixels would vanish on a dark page"
    assert np.all(image[0, 0, :3] == 1.0), "the figure's corner should be white"
