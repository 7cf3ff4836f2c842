"""Tests for aebook.plots, drawn with the non-interactive Agg backend."""

from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from aebook import plots


def _images(n=4, shape=(8, 8), seed=0):
    return np.random.default_rng(seed).random((n, *shape))


HISTORY = {"loss": [0.3, 0.2, 0.1], "val_loss": [0.35, 0.25, 0.2], "mae": [0.4, 0.3, 0.2]}


# --- show_image_rows / show_reconstructions -------------------------------------------------


def test_show_image_rows_one_axes_per_image():
    fig = plots.show_image_rows(
        {"noisy": _images(), "denoised": _images(), "clean": _images()}, n=3
    )
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 9
    assert [ax.get_ylabel() for ax in fig.axes[::3]] == ["noisy", "denoised", "clean"]
    assert all(len(ax.images) == 1 for ax in fig.axes)


def test_show_image_rows_draws_the_given_images():
    x = _images(3)
    fig = plots.show_image_rows({"x": x}, n=3)
    for i, ax in enumerate(fig.axes):
        np.testing.assert_array_equal(ax.images[0].get_array(), x[i])
        assert ax.images[0].get_clim() == (0.0, 1.0)


def test_show_image_rows_n_is_capped_by_the_batch():
    fig = plots.show_image_rows({"a": _images(4), "b": _images(4)}, n=10)
    assert len(fig.axes) == 8


def test_show_image_rows_accepts_channel_axis_and_labels():
    fig = plots.show_image_rows({"x": _images(5, shape=(8, 8, 1))}, n=5, labels=list("abcdefg"))
    assert len(fig.axes) == 5
    assert [ax.get_title() for ax in fig.axes] == list("abcde")
    assert fig.axes[0].images[0].get_array().shape == (8, 8)


def test_show_reconstructions_two_rows():
    x = _images(6)
    fig = plots.show_reconstructions(x, x * 0.5, n=4, labels=["0", "1", "2", "3"])
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 8
    assert fig.axes[0].get_ylabel() == "original"
    assert fig.axes[4].get_ylabel() == "reconstruction"
    assert fig.axes[3].get_title() == "3"


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (np.full((4, 8, 8), 1.5), r"values in \[0, 1\], got range"),
        (np.full((4, 8, 8), -0.1), r"values in \[0, 1\], got range"),
        (np.full((4, 8, 8), 255, dtype=np.uint8), "got dtype uint8; divide uint8 images by 255"),
        (np.zeros((4, 8, 8, 3)), r"of shape \(n, height, width\[, 1\]\)"),
        (np.zeros((4, 64)), "at least 3 dimensions"),
        (np.full((4, 8, 8), np.nan), "finite values"),
        (np.full((4, 8, 8), "x"), "numeric array"),
    ],
    ids=["above-1", "below-0", "uint8", "rgb", "flat", "nan", "str"],
)
def test_show_reconstructions_rejects_bad_images(bad, match):
    with pytest.raises(ValueError, match=match):
        plots.show_reconstructions(_images(), bad)


@pytest.mark.parametrize("shape", [(4, 8, 9), (5, 8, 8), (4, 9, 8, 1)])
def test_show_reconstructions_rejects_mismatched_shapes(shape):
    with pytest.raises(ValueError, match="of the same shape"):
        plots.show_reconstructions(_images(4), np.zeros(shape))


def test_show_reconstructions_compares_shapes_without_the_channel_axis():
    fig = plots.show_reconstructions(_images(4), _images(4, shape=(8, 8, 1)), n=2)
    assert len(fig.axes) == 4


@pytest.mark.parametrize("n", [0, -2, 2.5, True, "3"])
def test_show_image_rows_rejects_bad_n(n):
    with pytest.raises(ValueError, match="Expected n to be a positive integer"):
        plots.show_image_rows({"x": _images()}, n=n)


def test_show_image_rows_rejects_too_few_labels():
    with pytest.raises(ValueError, match="Expected at least 3 labels, got 2"):
        plots.show_reconstructions(_images(), _images(), n=3, labels=["a", "b"])


@pytest.mark.parametrize("rows", [{}, [_images()], None])
def test_show_image_rows_rejects_empty_or_non_mapping(rows):
    with pytest.raises(ValueError, match="Expected a non-empty mapping of row titles"):
        plots.show_image_rows(rows)


def test_show_image_rows_rejection_opens_no_figure():
    with pytest.raises(ValueError):
        plots.show_image_rows({"x": _images()}, n=0)
    assert plt.get_fignums() == []


# --- plot_history ---------------------------------------------------------------------------


@pytest.mark.parametrize("wrap", [dict, lambda h: SimpleNamespace(history=h)], ids=["dict", "obj"])
def test_plot_history_train_solid_validation_dashed(wrap):
    fig = plots.plot_history(wrap(HISTORY))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 1
    train, val = fig.axes[0].get_lines()
    assert train.get_linestyle() == "-"
    assert val.get_linestyle() == "--"
    assert train.get_color() == val.get_color()
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(train.get_ydata(), HISTORY["loss"])
    np.testing.assert_array_equal(val.get_ydata(), HISTORY["val_loss"])
    assert fig.axes[0].get_xlabel() == "epoch"


def test_plot_history_without_validation_and_several_metrics():
    fig = plots.plot_history(HISTORY, metrics=("loss", "mae"), label="run A")
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3  # loss, val_loss, mae (no val_mae)
    assert [line.get_linestyle() for line in lines] == ["-", "--", "-"]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["run A train loss", "run A validation loss", "run A train mae"]
    assert fig.axes[0].get_ylabel() == "loss, mae"


def test_plot_history_draws_on_a_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert plots.plot_history(HISTORY, ax=right) is fig
    assert len(fig.axes) == 2
    assert len(right.get_lines()) == 2 and not left.get_lines()
    assert plt.get_fignums() == [fig.number]


def test_plot_history_from_a_keras_history():
    import keras

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.zeros((8, 2), dtype=np.float32)
    history = model.fit(x, x[:, :1], validation_data=(x, x[:, :1]), epochs=1, verbose=0)
    fig = plots.plot_history(history)
    assert [line.get_linestyle() for line in fig.axes[0].get_lines()] == ["-", "--"]


def test_plot_history_rejects_missing_metric():
    with pytest.raises(ValueError, match=r"Expected metrics \['accuracy'\] in history, got keys"):
        plots.plot_history(HISTORY, metrics=("accuracy",))


@pytest.mark.parametrize(
    "history",
    [{}, SimpleNamespace(history={}), [0.3, 0.2], None],
    ids=["empty", "obj", "list", "none"],
)
def test_plot_history_rejects_empty_or_non_mapping(history):
    with pytest.raises(ValueError, match="Expected a Keras History or a non-empty dict"):
        plots.plot_history(history)


def test_plot_history_rejection_opens_no_figure():
    with pytest.raises(ValueError, match="Expected metric"):
        plots.plot_history(HISTORY, metrics=("accuracy",))
    assert plt.get_fignums() == []


# --- plot_latent_2d -------------------------------------------------------------------------


def _codes(n=30, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 2)), np.arange(n) % 3


def test_plot_latent_2d_one_scatter_per_class():
    z, y = _codes()
    fig = plots.plot_latent_2d(z, y, class_names=["zero", "one", "two"], title="codes")
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    assert len(ax.collections) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["zero", "one", "two"]
    assert ax.get_title() == "codes"
    np.testing.assert_array_equal(ax.collections[1].get_offsets(), z[y == 1])


def test_plot_latent_2d_default_names_and_given_axes():
    z, y = _codes()
    fig, ax = plt.subplots()
    assert plots.plot_latent_2d(z, y.astype(np.int8), ax=ax) is fig
    assert len(fig.axes) == 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["0", "1", "2"]


@pytest.mark.parametrize(
    ("z", "match"),
    [
        (np.zeros((30, 3)), r"Expected z of shape \(n_samples, 2\), got \(30, 3\)"),
        (np.zeros((30, 2, 1)), r"Expected z of shape \(n_samples, 2\)"),
        (np.zeros(30), "Expected z with at least 2 dimensions"),
        (np.full((30, 2), np.nan), "Expected z to hold finite values"),
    ],
    ids=["3-columns", "3-d", "1-d", "nan"],
)
def test_plot_latent_2d_rejects_bad_z(z, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_latent_2d(z, np.arange(30) % 3)


@pytest.mark.parametrize(
    "y",
    [np.arange(30) % 3 * 1.0, np.arange(29) % 3, np.zeros((30, 1), dtype=int)],
    ids=["float", "too-short", "column"],
)
def test_plot_latent_2d_rejects_bad_labels(y):
    z, _ = _codes()
    with pytest.raises(ValueError, match="Expected y as 30 integer classes"):
        plots.plot_latent_2d(z, y)


def test_plot_latent_2d_rejects_too_few_class_names():
    z, y = _codes()
    with pytest.raises(ValueError, match="class_names"):
        plots.plot_latent_2d(z, y, class_names=["zero", "one"])
