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


def test_show_reconstructions_compares_shapes_without_the_channel_axis():
    fig = plots.show_reconstructions(_images(4), _images(4, shape=(8, 8, 1)), n=2)
    assert len(fig.axes) == 4


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


# --- chapter 4: heartbeats and anomaly scores ------------------------------------------------


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture
def scored(rng):
    y_true = np.repeat([0, 1], [40, 20])
    scores = np.concatenate([rng.gamma(2.0, 0.1, 40), 0.5 + rng.gamma(2.0, 0.2, 20)])
    return y_true, scores


# --- plot_beat_reconstruction -------------------------------------------------------------------


def test_beat_reconstruction_draws_input_reconstruction_and_error(rng):
    x = np.sin(np.linspace(0, 6, 140))
    x_hat = x + rng.normal(0, 0.1, 140)
    fig = plots.plot_beat_reconstruction(x, x_hat, title="a beat")
    ax = fig.axes[0]
    assert isinstance(fig, Figure)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), x)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), x_hat)
    assert len(ax.collections) == 1, "the error is one shaded region"
    assert ax.get_title() == "a beat"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "input",
        "reconstruction",
        "error",
    ]


def test_beat_reconstruction_on_given_axes(rng):
    fig, axes = plt.subplots(1, 2)
    out = plots.plot_beat_reconstruction(np.zeros(5), np.ones(5), ax=axes[1])
    assert out is fig and len(axes[1].lines) == 2 and not axes[0].lines


# --- plot_beats_by_class ------------------------------------------------------------------------


def test_beats_by_class_one_panel_per_class_with_mean(rng):
    y = np.repeat([1, 2, 4], [12, 3, 5])
    x = rng.normal(size=(len(y), 30)) + y[:, None]
    names = {1: "Normal", 2: "Two", 4: "Four"}
    fig = plots.plot_beats_by_class(x, y, class_names=names, n=4)
    assert len(fig.axes) == 3
    assert fig.axes[0].get_title() == "1: Normal\n(12 beats)"
    assert len(fig.axes[0].lines) == 4 + 1  # n beats plus the mean
    assert len(fig.axes[1].lines) == 3 + 1  # only 3 beats in class 2
    np.testing.assert_allclose(fig.axes[2].lines[-1].get_ydata(), x[y == 4].mean(axis=0))


# --- plot_score_histograms ----------------------------------------------------------------------


def test_score_histograms_two_histograms_and_threshold_lines(scored):
    y_true, scores = scored
    fig = plots.plot_score_histograms(scores, y_true, thresholds={"mean + std": 0.4, "p95": 0.5})
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["normal", "anomalous", "mean + std", "p95"]
    assert [line.get_xdata()[0] for line in ax.lines] == [0.4, 0.5]
    heights = [sum(p.get_height() for p in c) for c in ax.containers]
    assert heights == [40, 20], "every normal and every anomalous sample is counted"


# --- plot_roc_pr --------------------------------------------------------------------------------


def test_roc_pr_one_curve_per_detector_with_areas_in_legend(scored):
    y_true, scores = scored
    perfect = y_true.astype(float)
    fig = plots.plot_roc_pr(y_true, {"model": scores, "oracle": perfect})
    ax_roc, ax_pr = fig.axes
    assert len(ax_roc.lines) == 3  # two detectors and the chance diagonal
    assert len(ax_pr.lines) == 2
    roc_labels = [t.get_text() for t in ax_roc.get_legend().get_texts()]
    assert "oracle (AUROC 1.000)" in roc_labels
    assert "oracle (AUPRC 1.000)" in [t.get_text() for t in ax_pr.get_legend().get_texts()]


# --- plot_threshold_f1 --------------------------------------------------------------------------


def test_threshold_f1_curve_and_marked_thresholds(scored):
    y_true, scores = scored
    fig = plots.plot_threshold_f1(y_true, scores, thresholds={"chosen": 0.5})
    ax = fig.axes[0]
    f1 = ax.lines[0].get_ydata()
    assert np.all((f1 >= 0) & (f1 <= 1)) and f1.max() > 0.8
    assert ax.lines[1].get_xdata()[0] == 0.5
    assert any(t.get_text().startswith("chosen (F1 ") for t in ax.get_legend().get_texts())


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

IMAGES = _images()
Z, LABELS = _codes()
Y_TRUE, SCORES = np.repeat([0, 1], [4, 2]), np.linspace(0.0, 1.0, 6)
BEATS = np.zeros((2, 5))
REJECTIONS = [
    # show_image_rows / show_reconstructions
    pytest.param(
        plots.show_reconstructions,
        (IMAGES, np.full((4, 8, 8), 1.5)),
        {},
        r"Expected rows\['reconstruction'\] values in \[0, 1\], got range \[1\.5, 1\.5\]",
        id="images-outside-unit-range",
    ),
    pytest.param(
        plots.show_reconstructions,
        (IMAGES, np.full((4, 8, 8), 255, dtype=np.uint8)),
        {},
        "got dtype uint8; divide uint8 images by 255",
        id="images-uint8",
    ),
    pytest.param(
        plots.show_reconstructions,
        (IMAGES, np.zeros((4, 8, 8, 3))),
        {},
        r"of shape \(n, height, width\[, 1\]\), got \(4, 8, 8, 3\)",
        id="images-rgb",
    ),
    pytest.param(
        plots.show_reconstructions,
        (IMAGES, np.zeros((4, 64))),
        {},
        r"Expected rows\['reconstruction'\] with at least 3 dimension\(s\), got shape \(4, 64\)",
        id="images-flat",
    ),
    pytest.param(
        plots.show_reconstructions,
        (IMAGES, np.full((4, 8, 8), np.nan)),
        {},
        r"Expected rows\['reconstruction'\] to hold finite values, found NaN",
        id="images-nan",
    ),
    pytest.param(
        plots.show_reconstructions,
        (IMAGES, np.full((4, 8, 8), "x")),
        {},
        "to be a numeric array, got dtype <U1",
        id="images-text",
    ),
    pytest.param(
        plots.show_reconstructions,
        (IMAGES, np.zeros((4, 8, 9))),
        {},
        r"of the same shape, got \(4, 8, 8\) and \(4, 8, 9\)",
        id="images-mismatched",
    ),
    pytest.param(
        plots.show_reconstructions,
        (IMAGES, np.zeros((4, 9, 8, 1))),
        {},
        r"of the same shape, got \(4, 8, 8\) and \(4, 9, 8\)",
        id="images-mismatched-with-channel-axis",
    ),
    pytest.param(
        plots.show_reconstructions,
        (IMAGES, IMAGES),
        {"n": 3, "labels": ["a", "b"]},
        "Expected at least 3 labels, got 2",
        id="too-few-labels",
    ),
    pytest.param(
        plots.show_image_rows,
        ({},),
        {},
        r"Expected a non-empty mapping of row titles to images, got \{\}",
        id="rows-empty",
    ),
    pytest.param(
        plots.show_image_rows,
        ([IMAGES],),
        {},
        r"Expected a non-empty mapping of row titles to images, got \[array\(",
        id="rows-not-a-mapping",
    ),
    pytest.param(
        plots.show_image_rows, ({"x": IMAGES},), {"n": 0}, "Expected n >= 1, got 0", id="n-zero"
    ),
    pytest.param(
        plots.show_image_rows,
        ({"x": IMAGES},),
        {"n": 2.5},
        r"Expected n to be an integer, got 2\.5",
        id="n-float",
    ),
    pytest.param(
        plots.show_image_rows,
        ({"x": IMAGES},),
        {"n": True},
        "Expected n to be an integer, got True",
        id="n-bool",
    ),
    pytest.param(
        plots.show_image_rows,
        ({"x": IMAGES},),
        {"n": "3"},
        "Expected n to be an integer, got '3'",
        id="n-text",
    ),
    # plot_history
    pytest.param(
        plots.plot_history,
        (HISTORY,),
        {"metrics": ("accuracy",)},
        r"Expected metrics \['accuracy'\] in history, got keys \['loss', 'mae', 'val_loss'\]",
        id="history-unknown-metric",
    ),
    pytest.param(
        plots.plot_history,
        ({},),
        {},
        "Expected a Keras History or a non-empty dict, got dict",
        id="history-empty",
    ),
    pytest.param(
        plots.plot_history,
        (SimpleNamespace(history={}),),
        {},
        "Expected a Keras History or a non-empty dict, got SimpleNamespace",
        id="history-object-empty",
    ),
    pytest.param(
        plots.plot_history,
        ([0.3, 0.2],),
        {},
        "Expected a Keras History or a non-empty dict, got list",
        id="history-list",
    ),
    # plot_latent_2d
    pytest.param(
        plots.plot_latent_2d,
        (np.zeros((30, 3)), LABELS),
        {},
        r"Expected z of shape \(n_samples, 2\), got \(30, 3\)",
        id="codes-3-columns",
    ),
    pytest.param(
        plots.plot_latent_2d,
        (np.zeros(30), LABELS),
        {},
        r"Expected z with 2 dimension\(s\), got shape \(30,\)",
        id="codes-1-d",
    ),
    pytest.param(
        plots.plot_latent_2d,
        (np.full((30, 2), np.nan), LABELS),
        {},
        "Expected z to hold finite values, found NaN",
        id="codes-nan",
    ),
    pytest.param(
        plots.plot_latent_2d,
        (Z, LABELS + 0.5),
        {},
        "Expected y to hold integer classes, got dtype float64",
        id="codes-labels-not-whole-numbers",
    ),
    pytest.param(
        plots.plot_latent_2d,
        (Z, LABELS[:-1]),
        {},
        r"Expected y of shape \(30,\), got shape \(29,\)",
        id="codes-labels-too-short",
    ),
    pytest.param(
        plots.plot_latent_2d,
        (Z, LABELS[:, np.newaxis]),
        {},
        r"Expected y of shape \(30,\), got shape \(30, 1\)",
        id="codes-labels-column",
    ),
    pytest.param(
        plots.plot_latent_2d,
        (Z, LABELS),
        {"class_names": ["zero", "one"]},
        r"Expected a name for each class 0\.\.2, got 2 class_names",
        id="codes-too-few-class-names",
    ),
    # plot_beat_reconstruction
    pytest.param(
        plots.plot_beat_reconstruction,
        (BEATS, BEATS),
        {},
        r"Expected x with 1 dimension\(s\), got shape \(2, 5\)",
        id="beat-2-d",
    ),
    pytest.param(
        plots.plot_beat_reconstruction,
        (np.zeros(5), np.zeros(4)),
        {},
        r"Expected x and x_hat of the same shape, got \(5,\) and \(4,\)",
        id="beat-mismatched",
    ),
    pytest.param(
        plots.plot_beat_reconstruction,
        (np.array([0.0, np.nan]), np.zeros(2)),
        {},
        "Expected x to hold finite values, found NaN",
        id="beat-nan",
    ),
    # plot_beats_by_class
    pytest.param(
        plots.plot_beats_by_class,
        (np.zeros(5), np.ones(5, dtype=int)),
        {},
        r"Expected x with 2 dimension\(s\), got shape \(5,\)",
        id="beats-1-d",
    ),
    pytest.param(
        plots.plot_beats_by_class,
        (np.zeros((3, 5)), np.ones(2, dtype=int)),
        {},
        r"Expected y of shape \(3,\), got shape \(2,\)",
        id="beats-labels-too-short",
    ),
    pytest.param(
        plots.plot_beats_by_class,
        (BEATS, np.array([0.5, 1.5])),
        {},
        "Expected y to hold integer classes, got dtype float64",
        id="beats-labels-not-whole-numbers",
    ),
    pytest.param(
        plots.plot_beats_by_class,
        (BEATS, np.array([1, 2])),
        {"class_names": {1: "a"}},
        r"Expected a name for every class, missing \[2\]",
        id="beats-class-name-missing",
    ),
    pytest.param(
        plots.plot_beats_by_class,
        (BEATS, np.array([1, 2])),
        {"n": 0},
        "Expected n >= 1, got 0",
        id="beats-n-zero",
    ),
    # plot_score_histograms
    pytest.param(
        plots.plot_score_histograms,
        (np.zeros((2, 2)), np.array([0, 1])),
        {},
        r"Expected scores with 1 dimension\(s\), got shape \(2, 2\)",
        id="histograms-2-d-scores",
    ),
    pytest.param(
        plots.plot_score_histograms,
        (np.zeros(3), np.array([0, 1])),
        {},
        r"Expected y_true of shape \(3,\), got shape \(2,\)",
        id="histograms-length-mismatch",
    ),
    pytest.param(
        plots.plot_score_histograms,
        (np.zeros(2), np.array([0, 0])),
        {},
        r"Expected y_true to hold both normal \(0\) and anomalous \(1\) samples, got \[0\]",
        id="histograms-one-class",
    ),
    pytest.param(
        plots.plot_score_histograms,
        (np.zeros(2), np.array([0, 2])),
        {},
        r"Expected y_true to hold 0 \(normal\) and 1 \(anomaly\), got \[0, 2\]",
        id="histograms-not-binary",
    ),
    pytest.param(
        plots.plot_score_histograms,
        (np.zeros(2), np.array([0, 1])),
        {"thresholds": [0.5]},
        r"Expected thresholds as a mapping of names to numbers, got \[0\.5\]",
        id="histograms-thresholds-not-a-mapping",
    ),
    pytest.param(
        plots.plot_score_histograms,
        (np.zeros(2), np.array([0, 1])),
        {"thresholds": {"t": np.nan}},
        "Expected threshold 't' to be a number, got nan",
        id="histograms-nan-threshold",
    ),
    pytest.param(
        plots.plot_score_histograms,
        (np.zeros(2), np.array([0, 1])),
        {"bins": 0},
        "Expected bins >= 1, got 0",
        id="histograms-bins-zero",
    ),
    # plot_roc_pr
    pytest.param(
        plots.plot_roc_pr,
        (Y_TRUE, {}),
        {},
        r"Expected a non-empty mapping of detector names to scores, got \{\}",
        id="roc-pr-no-detector",
    ),
    pytest.param(
        plots.plot_roc_pr,
        (Y_TRUE, {"bad": SCORES.reshape(-1, 1)}),
        {},
        r"Expected scores_by_model\['bad'\] with 1 dimension\(s\), got shape \(6, 1\)",
        id="roc-pr-2-d-scores",
    ),
    pytest.param(
        plots.plot_roc_pr,
        (Y_TRUE, {"short": SCORES[:-1]}),
        {},
        r"Expected y_true of shape \(5,\), got shape \(6,\)",
        id="roc-pr-length-mismatch",
    ),
    pytest.param(
        plots.plot_roc_pr,
        (Y_TRUE, {"model": SCORES}),
        {"axes": Figure().subplots(1, 3)},  # not pyplot's, so no figure is left open
        r"Expected two axes \(ROC, PR\), got 3",
        id="roc-pr-three-axes",
    ),
    # plot_threshold_f1
    pytest.param(
        plots.plot_threshold_f1,
        (np.zeros_like(Y_TRUE), SCORES),
        {},
        r"Expected y_true to hold both normal \(0\) and anomalous \(1\) samples, got \[0\]",
        id="threshold-f1-one-class",
    ),
    pytest.param(
        plots.plot_threshold_f1,
        (Y_TRUE, SCORES),
        {"thresholds": {"x": np.inf}},
        "Expected threshold 'x' to be a number, got inf",
        id="threshold-f1-infinite-threshold",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
    assert plt.get_fignums() == [], "a rejected call must not leave a figure open"
