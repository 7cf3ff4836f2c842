"""Figures used by more than one chapter, in one consistent style.

Every ``plot_*`` / ``show_*`` function draws on a new or given matplotlib figure and returns it,
so a notebook can add a title or save the figure.

Importing this module applies :data:`BOOK_STYLE` to matplotlib (every chapter imports it before
drawing), so that all figures of the book, also those a chapter draws with plain matplotlib,
share one look: opaque white backgrounds with dark ink, which read the same on the site's light
and dark themes and in a dark-themed notebook editor, and matplotlib's ``tab10`` colours, which
the chapters refer to as ``C0`` to ``C9``.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from aebook._validation import (
    check_array,
    check_images,
    check_labels,
    check_same_shape,
    check_scalar,
)

_INK = "#222222"  # text
_FRAME = "#444444"  # axes, ticks

BOOK_STYLE: dict[str, object] = {
    # Opaque white, never transparent: a transparent PNG with dark text disappears on a dark page.
    "figure.facecolor": "white",
    "figure.edgecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "savefig.transparent": False,
    "text.color": _INK,
    "axes.labelcolor": _INK,
    "axes.titlecolor": _INK,
    "axes.edgecolor": _FRAME,
    "xtick.color": _FRAME,
    "ytick.color": _FRAME,
    "xtick.labelcolor": _INK,
    "ytick.labelcolor": _INK,
    "legend.facecolor": "white",
    "legend.edgecolor": "#cccccc",
    "legend.framealpha": 0.9,
    "legend.labelcolor": _INK,
    "grid.color": "#b0b0b0",
    # The colour cycle C0..C9 (matplotlib's tab10), named here so that a user style cannot change it.
    "axes.prop_cycle": mpl.cycler(color=list(mpl.colormaps["tab10"].colors)),
    "image.cmap": "viridis",
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "figure.dpi": 100,
}
"""The matplotlib settings every figure of the book uses (see the module's docstring)."""


def use_book_style() -> None:
    """Apply :data:`BOOK_STYLE` to matplotlib's global settings.

    Importing :mod:`aebook.plots` already does this; call it again after changing matplotlib's
    settings (for example with ``plt.style.use``) to return to the book's style.
    """
    mpl.rcParams.update(BOOK_STYLE)


use_book_style()


def _squeeze_channel(images: np.ndarray) -> np.ndarray:
    return images[..., 0] if images.ndim == 4 else images


def show_image_rows(
    rows: Mapping[str, object],
    *,
    n: int = 10,
    labels: Sequence[str] | None = None,
    figsize_per_image: float = 1.2,
):
    """Show the first ``n`` images of several aligned batches, one batch per row.

    Parameters
    ----------
    rows : mapping of str to array-like of shape (n_samples, height, width[, 1])
        Row title -> images, floats in [0, 1]; all batches must have the same shape, so that
        column ``i`` shows the same sample in every row (e.g. noisy, denoised, clean).
    n : int, default=10
        How many columns (the first ``n`` samples) to show.
    labels : sequence of str, optional
        A title for each column, such as the class name.
    figsize_per_image : float, default=1.2
        Inches per image.

    Returns
    -------
    fig : matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``rows`` is empty, the images are not floats in [0, 1], the shapes differ, ``n`` is
        not a positive integer, or there are fewer labels than columns.
    """
    if not isinstance(rows, Mapping) or not rows:
        raise ValueError(f"Expected a non-empty mapping of row titles to images, got {rows!r}")
    batches = {
        title: _squeeze_channel(check_images(x, f"rows[{title!r}]")) for title, x in rows.items()
    }
    first_title, first = next(iter(batches.items()))
    for title, images in batches.items():
        check_same_shape(first, images, (f"rows[{first_title!r}]", f"rows[{title!r}]"))
    n = min(check_scalar(n, "n", numbers.Integral, min_val=1), len(first))
    if labels is not None and len(labels) < n:
        raise ValueError(f"Expected at least {n} labels, got {len(labels)}")
    fig, axes = plt.subplots(
        len(batches),
        n,
        figsize=(figsize_per_image * n, figsize_per_image * 1.15 * len(batches)),
        squeeze=False,
    )
    for row, (title, images) in enumerate(batches.items()):
        for i in range(n):
            ax = axes[row, i]
            ax.imshow(images[i], cmap="gray", vmin=0.0, vmax=1.0)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[row, 0].set_ylabel(title, fontsize=10)
    if labels is not None:
        for i in range(n):
            axes[0, i].set_title(str(labels[i]), fontsize=9)
    fig.tight_layout()
    return fig


def show_reconstructions(x, x_hat, *, n: int = 10, labels: Sequence[str] | None = None):
    """Show ``n`` images above their reconstructions.

    Parameters
    ----------
    x : array-like of shape (n_samples, height, width[, 1]), float in [0, 1]
        Original images.
    x_hat : array-like of the same shape as ``x``
        Reconstructions.
    n : int, default=10
        How many of the first images to show.
    labels : sequence of str, optional
        A title for each column, such as the class name.

    Returns
    -------
    fig : matplotlib.figure.Figure

    Raises
    ------
    ValueError
        As :func:`show_image_rows`.
    """
    return show_image_rows({"original": x, "reconstruction": x_hat}, n=n, labels=labels)


def plot_history(history, *, metrics: Sequence[str] = ("loss",), ax=None, label: str = ""):
    """Plot training and validation curves from a Keras ``History`` or its ``history`` dict.

    Parameters
    ----------
    history : keras.callbacks.History or mapping of str to list of float
        What ``model.fit`` returned.
    metrics : sequence of str, default=("loss",)
        Keys to draw; ``val_<key>`` is drawn dashed when present.
    ax : matplotlib Axes, optional
        Draw here instead of on a new figure.
    label : str, default=""
        Prefix for the legend entries, for comparing several runs on one axis.

    Returns
    -------
    fig : matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If a requested metric is missing or the history is empty.
    """
    curves = getattr(history, "history", history)
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError(
            f"Expected a Keras History or a non-empty dict, got {type(history).__name__}"
        )
    missing = [key for key in metrics if key not in curves]
    if missing:
        raise ValueError(f"Expected metrics {missing} in history, got keys {sorted(curves)}")
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 3.2))
    else:
        fig = ax.figure
    prefix = f"{label} " if label else ""
    for key in metrics:
        values = np.asarray(curves[key], dtype=float)
        epochs = np.arange(1, len(values) + 1)
        (line,) = ax.plot(epochs, values, marker="o", ms=3, label=f"{prefix}train {key}")
        if f"val_{key}" in curves:
            ax.plot(
                epochs,
                np.asarray(curves[f"val_{key}"], dtype=float),
                ls="--",
                marker="o",
                ms=3,
                color=line.get_color(),
                label=f"{prefix}validation {key}",
            )
    ax.set_xlabel("epoch")
    ax.set_ylabel(", ".join(metrics))
    ax.legend(fontsize=9)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_latent_2d(z, y, *, class_names: Sequence[str] | None = None, ax=None, title: str = ""):
    """Scatter 2-D codes coloured by class.

    Parameters
    ----------
    z : array-like of shape (n_samples, 2)
        Two-dimensional codes (from an encoder or from PCA).
    y : array-like of shape (n_samples,), int
        Class of each sample, used for colour.
    class_names : sequence of str, optional
        Legend names indexed by class.
    ax : matplotlib Axes, optional
        Draw here instead of on a new figure.
    title : str, default=""
        Axis title.

    Returns
    -------
    fig : matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``z`` is not (n, 2), or ``y`` does not hold one integer class per row of ``z``.
    """
    z = check_array(z, "z", ndim=2)
    if z.shape[1] != 2:
        raise ValueError(f"Expected z of shape (n_samples, 2), got {z.shape}")
    y = check_labels(y, n=len(z))
    if y.min() < 0:
        raise ValueError(f"Expected non-negative class labels, got minimum {y.min()}")
    if class_names is not None and len(class_names) <= y.max():
        raise ValueError(
            f"Expected a name for each class 0..{y.max()}, got {len(class_names)} class_names"
        )
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.5, 4.5))
    else:
        fig = ax.figure
    cmap = plt.get_cmap("tab10")
    for k in np.unique(y):
        mask = y == k
        name = class_names[k] if class_names is not None else str(k)
        ax.scatter(z[mask, 0], z[mask, 1], s=3, alpha=0.6, color=cmap(int(k) % 10), label=name)
    ax.set_xlabel("dimension 1")
    ax.set_ylabel("dimension 2")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=9, markerscale=3, loc="best", framealpha=0.8)
    fig.tight_layout()
    return fig


def _grid_axis(z, name: str) -> np.ndarray:
    z = check_array(z, name, ndim=1).astype(np.float64)
    steps = np.diff(z)
    if len(z) < 2 or steps[0] <= 0 or not np.allclose(steps, steps[0]):
        raise ValueError(f"Expected {name} as at least 2 increasing, evenly spaced values, got {z}")
    return z


def show_latent_grid(images, z1, z2, *, empty=None, ax=None, title: str = ""):
    """Show images decoded from a regular grid of 2-D codes, each at its code's place.

    Parameters
    ----------
    images : array-like of shape (n_rows, n_cols, height, width), float in [0, 1]
        ``images[i, j]`` is the decoder's output for the code ``(z1[j], z2[i])``.
    z1 : array-like of shape (n_cols,)
        The grid's values along latent dimension 1 (the x axis), increasing, evenly spaced.
    z2 : array-like of shape (n_rows,)
        The same along dimension 2 (the y axis, drawn upwards).
    empty : array-like of bool, shape (n_rows, n_cols), optional
        Grid cells where no training code lies (the latent space's holes); drawn tinted red.
    ax : matplotlib Axes, optional
        Draw here instead of on a new figure.
    title : str, default=""
        Axis title.

    Returns
    -------
    fig : matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the images are not floats in [0, 1] of shape (len(z2), len(z1), height, width), a
        grid axis is not increasing and evenly spaced, or ``empty`` has another shape.

    Examples
    --------
    >>> z = np.linspace(0.0, 1.0, 3)
    >>> fig = show_latent_grid(np.zeros((3, 3, 4, 4)), z, z, empty=np.eye(3, dtype=bool))
    >>> [float(v) for v in fig.axes[0].get_xlim()]  # cells centred on the codes
    [-0.25, 1.25]
    """
    images = check_array(images, "images", ndim=4)
    z1, z2 = _grid_axis(z1, "z1"), _grid_axis(z2, "z2")
    n_rows, n_cols, height, width = images.shape
    if (n_rows, n_cols) != (len(z2), len(z1)):
        raise ValueError(
            f"Expected images of shape (len(z2), len(z1), height, width) = ({len(z2)}, "
            f"{len(z1)}, height, width), got {images.shape}"
        )
    check_images(images.reshape(n_rows * n_cols, height, width), "images")
    if empty is not None:
        empty = np.asarray(empty)
        if empty.dtype != bool or empty.shape != (n_rows, n_cols):
            raise ValueError(
                f"Expected empty as booleans of shape {(n_rows, n_cols)}, "
                f"got dtype {empty.dtype} and shape {empty.shape}"
            )
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.5, 5.5))
    else:
        fig = ax.figure
    # Row i holds codes z2[i]; the highest z2 goes on top of the picture.
    mosaic = images[::-1].transpose(0, 2, 1, 3).reshape(n_rows * height, n_cols * width)
    half1, half2 = (z1[1] - z1[0]) / 2, (z2[1] - z2[0]) / 2
    extent = (z1[0] - half1, z1[-1] + half1, z2[0] - half2, z2[-1] + half2)
    ax.imshow(mosaic, cmap="gray", vmin=0.0, vmax=1.0, extent=extent, aspect="auto")
    if empty is not None:
        tint = np.zeros((n_rows, n_cols, 4))
        tint[..., 0] = 0.85
        tint[..., 3] = np.where(empty, 0.45, 0.0)
        ax.imshow(tint[::-1], extent=extent, aspect="auto", interpolation="nearest")
    ax.set_xlim(float(extent[0]), float(extent[1]))
    ax.set_ylim(float(extent[2]), float(extent[3]))
    ax.set_xlabel("dimension 1")
    ax.set_ylabel("dimension 2")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


# --- Chapter 4: heartbeats and anomaly scores ---------------------------------------------------


def _named_thresholds(thresholds) -> dict[str, float]:
    if thresholds is not None and not isinstance(thresholds, Mapping):
        raise ValueError(
            f"Expected thresholds as a mapping of names to numbers, got {thresholds!r}"
        )
    return {str(k): check_scalar(v, f"threshold {k!r}") for k, v in (thresholds or {}).items()}


def _scores_and_labels(scores, y_true, name: str = "scores"):
    scores = check_array(scores, name, ndim=1)
    return scores, check_labels(y_true, "y_true", n=len(scores), binary=True).astype(bool)


def plot_beat_reconstruction(x, x_hat, *, ax=None, title: str = "", color: str = "C0"):
    """Draw one beat, its reconstruction, and the error between them shaded.

    Parameters
    ----------
    x : array-like of shape (n_steps,)
        The beat, e.g. one of ECG5000's 140-sample beats.
    x_hat : array-like of shape (n_steps,)
        Its reconstruction.
    ax : matplotlib Axes, optional
        Draw here instead of on a new figure.
    title : str, default=""
        Axis title.
    color : str, default="C0"
        Colour of the beat and of the shaded error.

    Returns
    -------
    fig : matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``x`` or ``x_hat`` is not one finite beat, or their shapes differ.
    """
    x = check_array(x, "x", ndim=1)
    x_hat = check_array(x_hat, "x_hat", ndim=1)
    check_same_shape(x, x_hat, ("x", "x_hat"))
    if ax is None:
        fig, ax = plt.subplots(figsize=(5, 3))
    else:
        fig = ax.figure
    steps = np.arange(len(x))
    ax.plot(steps, x, color=color, lw=1.5, label="input")
    ax.plot(steps, x_hat, color="black", lw=1.2, ls="--", label="reconstruction")
    ax.fill_between(steps, x, x_hat, color=color, alpha=0.25, label="error")
    ax.set_xlabel("sample")
    if title:
        ax.set_title(title, fontsize=9)
    ax.legend(fontsize=9, loc="best")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_beats_by_class(x, y, *, class_names: Mapping[int, str] | None = None, n: int = 10):
    """One panel per class: up to ``n`` beats drawn thin, and the class mean drawn thick.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_steps)
        Beats.
    y : array-like of shape (n_samples,), int
        Class of each beat.
    class_names : mapping of int to str, optional
        Panel titles, e.g. :data:`aebook.data.ECG5000_CLASSES`.
    n : int, default=10
        Beats drawn per class (the first ``n`` of each).

    Returns
    -------
    fig : matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``x`` is not 2-D, ``y`` does not hold one integer class per beat, a class has no
        name in ``class_names``, or ``n`` is not a positive integer.
    """
    x = check_array(x, "x", ndim=2)
    y = check_labels(y, n=len(x))
    n = check_scalar(n, "n", numbers.Integral, min_val=1)
    classes = [int(k) for k in np.unique(y)]
    if class_names is not None:
        missing = [k for k in classes if k not in class_names]
        if missing:
            raise ValueError(f"Expected a name for every class, missing {missing}")
    fig, axes = plt.subplots(
        1, len(classes), figsize=(2.6 * len(classes), 2.6), sharey=True, squeeze=False
    )
    steps = np.arange(x.shape[1])
    for i, (ax, k) in enumerate(zip(axes[0], classes, strict=True)):
        beats = x[y == k]
        color = f"C{i % 10}"
        ax.plot(steps, beats[:n].T, color=color, lw=0.6, alpha=0.5)
        ax.plot(steps, beats.mean(axis=0), color="black", lw=1.8)
        name = class_names[k] if class_names is not None else str(k)
        ax.set_title(f"{k}: {name}\n({len(beats)} beats)", fontsize=9)
        ax.set_xlabel("sample")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_score_histograms(
    scores,
    y_true,
    *,
    thresholds: Mapping[str, float] | None = None,
    bins: int = 50,
    ax=None,
    xlabel: str = "reconstruction error",
    ylabel: str = "beats",
    density: bool = False,
):
    """Histograms of normal and anomalous samples' scores, with thresholds drawn as lines.

    Parameters
    ----------
    scores : array-like of shape (n_samples,)
        Higher = more anomalous.
    y_true : array-like of shape (n_samples,)
        1 = anomaly, 0 = normal; both must occur.
    thresholds : mapping of str to float, optional
        Name -> threshold, each drawn as a vertical line.
    bins : int, default=50
        Number of bins shared by both histograms.
    ax : matplotlib Axes, optional
        Draw here instead of on a new figure.
    xlabel : str, default="reconstruction error"
        Label of the x axis.
    ylabel : str, default="beats"
        Label of the y axis (ignored with ``density=True``, which labels it "density").
    density : bool, default=False
        Normalise each histogram to unit area, so that a rare anomaly class stays visible
        next to thousands of normal samples.

    Returns
    -------
    fig : matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the scores are not a finite 1-D array, ``y_true`` does not match them or lacks a
        class, a threshold is not a finite number, or ``bins`` is not a positive integer.
    """
    scores, anomalous = _scores_and_labels(scores, y_true)
    named = _named_thresholds(thresholds)
    bins = check_scalar(bins, "bins", numbers.Integral, min_val=1)
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 3.2))
    else:
        fig = ax.figure
    edges = np.histogram_bin_edges(scores, bins=bins)
    ax.hist(scores[~anomalous], bins=edges, alpha=0.6, color="C0", label="normal", density=density)
    ax.hist(
        scores[anomalous], bins=edges, alpha=0.6, color="C3", label="anomalous", density=density
    )
    for i, (name, value) in enumerate(named.items()):
        ax.axvline(value, color=f"C{(i + 4) % 10}", ls="--", lw=1.5, label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("density" if density else ylabel)
    ax.legend(fontsize=9)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_roc_pr(y_true, scores_by_model: Mapping[str, object], *, axes=None):
    """ROC and precision-recall curves of several detectors on the same samples.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        1 = anomaly, 0 = normal; both must occur.
    scores_by_model : mapping of str to array-like of shape (n_samples,)
        Detector name -> scores (higher = more anomalous).
    axes : pair of matplotlib Axes, optional
        Draw the ROC curves on the first and the PR curves on the second.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The legend gives each detector's AUROC and average precision (AUPRC).

    Raises
    ------
    ValueError
        If ``scores_by_model`` is empty, or any scores do not match ``y_true`` (see
        :func:`plot_score_histograms`).
    """
    from sklearn.metrics import (
        average_precision_score,
        precision_recall_curve,
        roc_auc_score,
        roc_curve,
    )

    if not isinstance(scores_by_model, Mapping) or not scores_by_model:
        raise ValueError(
            f"Expected a non-empty mapping of detector names to scores, got {scores_by_model!r}"
        )
    checked = {
        name: _scores_and_labels(s, y_true, f"scores_by_model[{name!r}]")
        for name, s in scores_by_model.items()
    }
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    else:
        if len(axes) != 2:
            raise ValueError(f"Expected two axes (ROC, PR), got {len(axes)}")
        fig = axes[0].figure
    ax_roc, ax_pr = axes
    for name, (scores, y) in checked.items():
        fpr, tpr, _ = roc_curve(y, scores)
        ax_roc.plot(fpr, tpr, lw=1.4, label=f"{name} (AUROC {roc_auc_score(y, scores):.3f})")
        precision, recall, _ = precision_recall_curve(y, scores)
        ap = average_precision_score(y, scores)
        ax_pr.step(recall, precision, where="post", lw=1.4, label=f"{name} (AUPRC {ap:.3f})")
    ax_roc.plot([0, 1], [0, 1], color="grey", ls=":", lw=1)
    ax_roc.set_xlabel("false positive rate (normals flagged)")
    ax_roc.set_ylabel("true positive rate (anomalies caught)")
    ax_roc.set_title("ROC")
    ax_pr.set_xlabel("recall (anomalies caught)")
    ax_pr.set_ylabel("precision (flags that are anomalies)")
    ax_pr.set_title("Precision-recall")
    for ax in axes:
        ax.legend(fontsize=9, loc="lower left" if ax is ax_pr else "lower right")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_threshold_f1(y_true, scores, *, thresholds: Mapping[str, float] | None = None, ax=None):
    """The anomaly class's F1 as a function of the threshold, with chosen thresholds marked.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        1 = anomaly, 0 = normal; both must occur (usually the validation set).
    scores : array-like of shape (n_samples,)
        Higher = more anomalous.
    thresholds : mapping of str to float, optional
        Name -> threshold, each drawn as a vertical line with its F1 in the legend.
    ax : matplotlib Axes, optional
        Draw here instead of on a new figure.

    Returns
    -------
    fig : matplotlib.figure.Figure

    Raises
    ------
    ValueError
        As :func:`plot_score_histograms`.
    """
    from aebook.anomaly import anomaly_report, f1_by_threshold

    scores, anomalous = _scores_and_labels(scores, y_true)
    named = _named_thresholds(thresholds)
    y = anomalous.astype(np.int64)
    grid, f1 = f1_by_threshold(y, scores)
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 3.2))
    else:
        fig = ax.figure
    ax.plot(grid, f1, color="black", lw=1.4, label="F1 of the anomaly class")
    for i, (name, value) in enumerate(named.items()):
        score = anomaly_report(y, scores, threshold=value)["f1"]
        ax.axvline(
            value, color=f"C{(i + 4) % 10}", ls="--", lw=1.5, label=f"{name} (F1 {score:.3f})"
        )
    ax.set_xlabel("threshold")
    ax.set_ylabel("F1")
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=9)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
