"""Figures used by more than one chapter, in one consistent style.

Every ``plot_*`` / ``show_*`` function draws on a new or given matplotlib figure and returns it,
so a notebook can add a title or save the figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from aebook._validation import check_array, check_images, check_same_shape


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
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"Expected n to be a positive integer, got {n!r}")
    n = min(n, len(first))
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
        axes[row, 0].set_ylabel(title, fontsize=9)
    if labels is not None:
        for i in range(n):
            axes[0, i].set_title(str(labels[i]), fontsize=8)
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
    ax.legend(fontsize=8)
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
    z = check_array(z, "z", min_ndim=2)
    y = check_array(y, "y")
    if z.ndim != 2 or z.shape[1] != 2:
        raise ValueError(f"Expected z of shape (n_samples, 2), got {z.shape}")
    if y.shape != (len(z),) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"Expected y as {len(z)} integer classes, got shape {y.shape}, dtype {y.dtype}"
        )
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
    ax.legend(fontsize=7, markerscale=3, loc="best", framealpha=0.8)
    fig.tight_layout()
    return fig
