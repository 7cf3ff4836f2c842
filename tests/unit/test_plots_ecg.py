"""Tests for the heartbeat and anomaly-score plots of aebook.plots (chapter 4), with Agg."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from aebook import plots


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


@pytest.mark.parametrize(
    ("x", "x_hat", "match"),
    [
        (np.zeros((2, 5)), np.zeros((2, 5)), r"one beat of shape \(n_steps,\), got shape \(2, 5\)"),
        (np.zeros(5), np.zeros(4), r"same shape, got \(5,\) and \(4,\)"),
        (np.array([0.0, np.nan]), np.zeros(2), "finite values"),
    ],
)
def test_beat_reconstruction_rejects(x, x_hat, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_beat_reconstruction(x, x_hat)


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


@pytest.mark.parametrize(
    ("x", "y", "kwargs", "match"),
    [
        (np.zeros(5), np.ones(5, dtype=int), {}, "at least 2 dimensions"),
        (np.zeros((3, 5)), np.ones(2, dtype=int), {}, r"3 integer classes, got shape \(2,\)"),
        (np.zeros((2, 5)), np.ones(2), {}, "integer classes, got shape .* dtype float64"),
        (np.zeros((2, 5)), np.array([1, 2]), {"class_names": {1: "a"}}, r"missing \[2\]"),
        (np.zeros((2, 5)), np.array([1, 2]), {"n": 0}, "positive integer, got 0"),
    ],
)
def test_beats_by_class_rejects(x, y, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_beats_by_class(x, y, **kwargs)


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


@pytest.mark.parametrize(
    ("scores", "y_true", "kwargs", "match"),
    [
        (np.zeros((2, 2)), np.array([0, 1]), {}, r"scores of shape \(n_samples,\)"),
        (np.zeros(3), np.array([0, 1]), {}, r"y_true of shape \(3,\) to match scores"),
        (
            np.zeros(2),
            np.array([0, 0]),
            {},
            r"both 0 \(normal\) and 1 \(anomaly\), got values \[0\]",
        ),
        (np.zeros(2), np.array([0, 2]), {}, r"got values \[0, 2\]"),
        (np.zeros(2), np.array([0, 1]), {"thresholds": [0.5]}, "mapping of names to numbers"),
        (np.zeros(2), np.array([0, 1]), {"thresholds": {"t": np.nan}}, "'t' to be a finite"),
        (np.zeros(2), np.array([0, 1]), {"bins": 0}, "bins to be a positive integer, got 0"),
    ],
)
def test_score_histograms_rejects(scores, y_true, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_score_histograms(scores, y_true, **kwargs)


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


def test_roc_pr_rejects(scored):
    y_true, scores = scored
    with pytest.raises(ValueError, match="non-empty mapping of detector names"):
        plots.plot_roc_pr(y_true, {})
    with pytest.raises(ValueError, match=r"scores_by_model\['bad'\] of shape"):
        plots.plot_roc_pr(y_true, {"bad": scores[:-1].reshape(-1, 1)})
    with pytest.raises(ValueError, match=r"y_true of shape \(59,\) to match"):
        plots.plot_roc_pr(y_true, {"short": scores[:-1]})
    with pytest.raises(ValueError, match="two axes"):
        _, axes = plt.subplots(1, 3)
        plots.plot_roc_pr(y_true, {"model": scores}, axes=axes)


# --- plot_threshold_f1 --------------------------------------------------------------------------


def test_threshold_f1_curve_and_marked_thresholds(scored):
    y_true, scores = scored
    fig = plots.plot_threshold_f1(y_true, scores, thresholds={"chosen": 0.5})
    ax = fig.axes[0]
    f1 = ax.lines[0].get_ydata()
    assert np.all((f1 >= 0) & (f1 <= 1)) and f1.max() > 0.8
    assert ax.lines[1].get_xdata()[0] == 0.5
    assert any(t.get_text().startswith("chosen (F1 ") for t in ax.get_legend().get_texts())


def test_threshold_f1_rejects(scored):
    y_true, scores = scored
    with pytest.raises(ValueError, match="got values"):
        plots.plot_threshold_f1(np.zeros_like(y_true), scores)
    with pytest.raises(ValueError, match="'x' to be a finite number, got inf"):
        plots.plot_threshold_f1(y_true, scores, thresholds={"x": np.inf})
