"""Measures of a dictionary of features: how well it rebuilds, how sparse it is, what it means.

Chapter 7 trains sparse autoencoders (SAEs) on a classifier's activations. The SAE itself, its
TopK activation, its loss and its ``fit`` are the chapter's lesson and stay in the notebook;
this module holds the bookkeeping around them, under the field's names (SAELens, Gao et al.
2024):

- :func:`explained_variance`: 1 - FVU, the share of the activations' variance rebuilt;
- :func:`mean_l0`: the active latents per sample;
- :func:`dead_fraction`: the share of latents active on none of the samples;
- :func:`max_cosine`: for each true direction, the best match in a learned dictionary;
- :func:`top_activating`, :func:`class_purity`: which samples drive each unit, and how often
  they share a class;
- :func:`show_top_images`: those samples as a gallery.

Codes (latent activations) are arrays of shape (n_samples, n_units); a unit is *active* on a
sample where its code is > 0.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from aebook._validation import check_array, check_labels, check_same_shape, check_scalar


def explained_variance(x, x_hat) -> float:
    """The share of the variance of ``x`` that ``x_hat`` rebuilds: 1 - FVU.

    FVU, the fraction of variance unexplained, is the summed squared error divided by the
    summed squared deviation of ``x`` from its mean over samples:
    ``sum((x - x_hat)**2) / sum((x - x.mean(axis=0))**2)``. It is 1 for a perfect
    reconstruction and 0 for one that predicts the mean activation for every sample.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
        The activations, at least two samples that are not all equal.
    x_hat : array-like of shape (n_samples, n_features)
        Their reconstructions.

    Returns
    -------
    ev : float
        1 - FVU; negative when ``x_hat`` is worse than the mean.

    Raises
    ------
    ValueError
        If an array is not numeric and 2-D, holds NaN or infinity, the shapes differ, or
        ``x`` has no variance.

    Examples
    --------
    >>> x = np.array([[0.0, 1.0], [2.0, 3.0]])
    >>> explained_variance(x, x)
    1.0
    >>> explained_variance(x, np.ones_like(x) * x.mean(axis=0))
    0.0
    """
    x = check_array(x, "x", ndim=2).astype(np.float64)
    x_hat = check_array(x_hat, "x_hat", ndim=2).astype(np.float64)
    check_same_shape(x, x_hat, ("x", "x_hat"))
    total = np.sum((x - x.mean(axis=0)) ** 2)
    if total == 0:
        raise ValueError("Expected x with some variance over samples, got identical rows")
    return float(1.0 - np.sum((x - x_hat) ** 2) / total)


def _codes(codes) -> np.ndarray:
    return check_array(codes, "codes", ndim=2)


def mean_l0(codes) -> float:
    """L0: the number of active units (code > 0) per sample, averaged over samples.

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_units)
        Latent activations.

    Returns
    -------
    l0 : float

    Raises
    ------
    ValueError
        If ``codes`` is not a finite, numeric 2-D array.

    Examples
    --------
    >>> mean_l0([[0.0, 2.0, 0.5], [0.0, 0.0, 1.0]])
    1.5
    """
    return float(np.mean(np.sum(_codes(codes) > 0, axis=1)))


def dead_fraction(codes) -> float:
    """The share of units active (code > 0) on none of the samples.

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_units)
        Latent activations on an evaluation set, e.g. the 10,000 test images.

    Returns
    -------
    fraction : float in [0, 1]

    Raises
    ------
    ValueError
        If ``codes`` is not a finite, numeric 2-D array.

    Examples
    --------
    >>> dead_fraction([[0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]])
    0.5
    """
    return float(np.mean(~np.any(_codes(codes) > 0, axis=0)))


def max_cosine(learned, true) -> np.ndarray:
    """For each true direction, its highest cosine similarity with any learned direction.

    Parameters
    ----------
    learned : array-like of shape (n_learned, n_dims)
        A dictionary, one direction a row (an SAE's decoder rows).
    true : array-like of shape (n_true, n_dims)
        The directions it should recover, one a row.

    Returns
    -------
    best : ndarray of shape (n_true,), float64
        Values in [-1, 1]; 1 where a learned row points exactly along the true one. Its mean
        is the *mean max cosine similarity* of the dictionary.

    Raises
    ------
    ValueError
        If an array is not numeric and 2-D, the numbers of dimensions differ, or a row is zero.

    Examples
    --------
    >>> max_cosine([[2.0, 0.0], [1.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]).round(3)
    array([1.   , 0.707])
    """
    learned = check_array(learned, "learned", ndim=2).astype(np.float64)
    true = check_array(true, "true", ndim=2).astype(np.float64)
    if learned.shape[1] != true.shape[1]:
        raise ValueError(
            f"Expected learned and true with the same number of dimensions, got "
            f"{learned.shape[1]} and {true.shape[1]}"
        )
    norms = [np.linalg.norm(a, axis=1, keepdims=True) for a in (learned, true)]
    if any(np.any(n == 0) for n in norms):
        raise ValueError("Expected directions of non-zero length, got a zero row")
    cosines = (true / norms[1]) @ (learned / norms[0]).T
    return cosines.max(axis=1)


def top_activating(codes, *, n: int = 50) -> np.ndarray:
    """The samples on which each unit is most active, highest first.

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_units)
        Activations of the units (neurons or latents).
    n : int, default=50
        How many samples per unit; at most ``n_samples``.

    Returns
    -------
    indices : ndarray of shape (n_units, n), int64
        Row ``j`` holds the sample indices of unit ``j``'s ``n`` highest activations, in
        decreasing order; equal activations keep the lower index first.

    Raises
    ------
    ValueError
        If ``codes`` is not a finite, numeric 2-D array, or ``n`` is not an integer in
        [1, n_samples].

    Examples
    --------
    >>> top_activating([[0.0, 3.0], [2.0, 1.0], [2.0, 5.0]], n=2)
    array([[1, 2],
           [2, 0]])
    """
    codes = _codes(codes)
    n = check_scalar(n, "n", numbers.Integral, min_val=1, max_val=len(codes))
    order = np.argsort(-codes.T, axis=1, kind="stable")
    return order[:, :n].astype(np.int64)


def class_purity(top_indices, y) -> tuple[np.ndarray, np.ndarray]:
    """How often each unit's top samples share one class.

    Parameters
    ----------
    top_indices : array-like of shape (n_units, n_top), int
        Sample indices per unit, as :func:`top_activating` returns them.
    y : array-like of shape (n_samples,), int
        The class of every sample.

    Returns
    -------
    purity : ndarray of shape (n_units,), float64
        The share of each unit's top samples that belong to its most common class, in
        [1 / n_top, 1].
    majority : ndarray of shape (n_units,), int64
        That most common class (the lowest label on a tie).

    Raises
    ------
    ValueError
        If ``top_indices`` is not a 2-D array of integers, ``y`` is not one integer class per
        sample, or an index is out of range.

    Notes
    -----
    Purity is a proxy for a unit meaning one thing: a unit that fires on long sleeves draws
    its top samples from shirts, pullovers and coats and scores low, though it means one
    thing; a unit that fires on bright trousers scores 1 and still means one thing. Read it
    with the galleries.

    Examples
    --------
    >>> purity, majority = class_purity([[0, 1, 2, 3], [3, 2, 1, 0]], [5, 5, 5, 7])
    >>> purity, majority
    (array([0.75, 0.75]), array([5, 5]))
    """
    top = np.asarray(top_indices)
    if top.ndim != 2 or top.size == 0 or not np.issubdtype(top.dtype, np.integer):
        raise ValueError(
            f"Expected top_indices as a 2-D array of integers, got shape {top.shape} and "
            f"dtype {top.dtype}"
        )
    y = check_labels(y, "y")
    if top.min() < 0 or top.max() >= len(y):
        raise ValueError(
            f"Expected indices in [0, {len(y) - 1}], got range [{top.min()}, {top.max()}]"
        )
    classes = y[top]
    counts = np.stack([np.sum(classes == c, axis=1) for c in range(y.max() + 1)], axis=1)
    majority = counts.argmax(axis=1).astype(np.int64)
    return counts.max(axis=1) / top.shape[1], majority


def show_top_images(
    images,
    top_indices,
    units: Sequence[int],
    *,
    n: int = 8,
    titles: Sequence[str] | None = None,
    size: float = 0.9,
):
    """A gallery: one row per unit, its ``n`` top-activating images from left to right.

    Parameters
    ----------
    images : array-like of shape (n_samples, height, width[, 1]), float in [0, 1]
        The images the indices point into.
    top_indices : array-like of shape (n_units, n_top), int
        As :func:`top_activating` returns them; ``n_top >= n``.
    units : sequence of int
        The units (rows of ``top_indices``) to show, in order.
    n : int, default=8
        Images per row.
    titles : sequence of str, optional
        A label for each row, shown on its left; defaults to ``"unit <j>"``.
    size : float, default=0.9
        Inches per image.

    Returns
    -------
    fig : matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the images are not floats in [0, 1], ``units`` is empty or out of range, ``n`` is
        larger than ``n_top``, or there are fewer titles than units.
    """
    from aebook._validation import check_images

    images = check_images(images, "images")
    images = images[..., 0] if images.ndim == 4 else images
    top = np.asarray(top_indices)
    units = [int(u) for u in units]
    if not units or min(units) < 0 or max(units) >= len(top):
        raise ValueError(f"Expected units in [0, {len(top) - 1}], got {units}")
    n = check_scalar(n, "n", numbers.Integral, min_val=1, max_val=top.shape[1])
    if titles is not None and len(titles) < len(units):
        raise ValueError(f"Expected {len(units)} titles, got {len(titles)}")
    titles = list(titles) if titles is not None else [f"unit {u}" for u in units]
    fig, axes = plt.subplots(
        len(units), n, figsize=(size * n + 1.2, size * len(units)), squeeze=False
    )
    for row, unit in enumerate(units):
        for col in range(n):
            ax = axes[row, col]
            ax.imshow(images[top[unit, col]], cmap="gray", vmin=0.0, vmax=1.0)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[row, 0].set_ylabel(
            titles[row], rotation=0, ha="right", va="center", fontsize=8, labelpad=4
        )
    fig.subplots_adjust(wspace=0.05, hspace=0.08, left=0.16, right=0.99, top=0.99, bottom=0.01)
    return fig
