"""Per-sample anomaly scores: reconstruction errors, SSIM error, latent-space distances.

Scores: higher = more anomalous. Every function here returns one number per sample, so the
same score can rank images or heartbeats for anomaly detection in later chapters.
"""

from __future__ import annotations

import numbers

import numpy as np

from aebook._validation import check_array, check_same_shape, check_scalar

_METRICS = ("mse", "mae", "relative_mse")


def reconstruction_error(x, x_hat, *, metric: str = "mse") -> np.ndarray:
    """Error between each sample and its reconstruction, averaged over all other axes.

    Parameters
    ----------
    x : array-like of shape (n_samples, ...)
        Original samples, e.g. images of shape (n, 28, 28) or beats of shape (n, 140).
    x_hat : array-like of the same shape as ``x``
        Reconstructions.
    metric : {"mse", "mae", "relative_mse"}, default="mse"
        Mean squared error, mean absolute error, or the squared error relative to the
        sample's own energy, ``sum((x - x_hat)**2) / sum(x**2)``. The relative error does not
        reward a sample for being simple: a mostly-black image has a small MSE because it has
        little to get wrong, not because it resembles the training data.

    Returns
    -------
    errors : ndarray of shape (n_samples,), dtype float64
        One error per sample; higher = worse reconstruction (more anomalous).

    Raises
    ------
    ValueError
        If the shapes differ, an input is not numeric, is empty or holds NaN, or ``metric`` is
        unknown.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.zeros((2, 3))
    >>> reconstruction_error(x, x + [[0.0], [0.5]])
    array([0.  , 0.25])
    """
    if metric not in _METRICS:
        raise ValueError(f"Expected metric in {_METRICS}, got {metric!r}")
    x = check_array(x, "x", min_ndim=1)
    x_hat = check_array(x_hat, "x_hat", min_ndim=1)
    check_same_shape(x, x_hat, ("x", "x_hat"))
    diff = x.astype(np.float64) - x_hat.astype(np.float64)
    diff = diff.reshape(len(diff), -1)
    if metric == "mse":
        return np.mean(diff**2, axis=1)
    if metric == "relative_mse":
        energy = np.sum(x.astype(np.float64).reshape(len(x), -1) ** 2, axis=1)
        # A tiny floor keeps an all-zero sample finite (its error is then absolute).
        return np.sum(diff**2, axis=1) / np.maximum(energy, 1e-12)
    return np.mean(np.abs(diff), axis=1)


def ssim_error(x, x_hat, *, data_range, foreground=None) -> np.ndarray:
    """One minus the structural similarity (SSIM) of each image and its reconstruction.

    The book's one SSIM (:func:`aebook.quality.ssim_map`, TensorFlow's definition: an 11×11
    Gaussian window of standard deviation 1.5), so ``ssim_error(x, x_hat, data_range=r)`` is
    exactly ``1 - aebook.quality.ssim(x, x_hat, data_range=r)``, and ``1 - tf.image.ssim``,
    the SSIM training loss of one image. The map covers the positions where the whole window
    lies inside the image (a 5-pixel border is left out).

    Parameters
    ----------
    x : array-like of shape (n_images, height, width) or (n_images, height, width, 1)
        Original images, both sides at least 11.
    x_hat : array-like of the same shape as ``x``
        Reconstructions.
    data_range : float
        Largest minus smallest possible pixel value (1.0 for images in [0, 1]). Required, as
        in :func:`skimage.metrics.structural_similarity`: guessing it from each image would
        make scores depend on the image's own contrast.
    foreground : float, optional
        If given, average the SSIM map only over positions where ``x`` or ``x_hat`` exceeds
        this value. Windows on a flat black background have SSIM close to 1 whatever the model
        does, so on sparse images they dilute the score; ``None`` averages over every position.
        An image with no such position scores 0.

    Returns
    -------
    errors : ndarray of shape (n_images,), float64
        ``1 - SSIM``, from 0 (identical) to 2; higher = more anomalous.

    Raises
    ------
    ValueError
        If the images are not a batch of grey images of equal shape at least 11 pixels on a
        side, hold NaN, lie outside ``[0, data_range]``, or ``foreground`` is out of range.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).random((2, 28, 28))
    >>> ssim_error(x, x, data_range=1.0)
    array([0., 0.])
    """
    from aebook.quality import _image_pair, ssim_map

    x, x_hat = _image_pair(x, x_hat)
    data_range = check_scalar(data_range, "data_range", min_val=0, include_boundaries="right")
    for arr, name in ((x, "x"), (x_hat, "x_hat")):
        lo, hi = float(arr.min()), float(arr.max())
        if lo < 0 or hi > data_range:
            raise ValueError(
                f"Expected {name} values in [0, {data_range}] for data_range={data_range}, "
                f"got range [{lo:.3g}, {hi:.3g}]"
            )
    if foreground is not None:
        foreground = check_scalar(
            foreground, "foreground", min_val=0, max_val=data_range, include_boundaries="left"
        )
    maps = ssim_map(x, x_hat, data_range=data_range)
    if foreground is None:
        return 1.0 - maps.mean(axis=(1, 2))
    border = (x.shape[1] - maps.shape[1]) // 2
    inside = (slice(None), slice(border, x.shape[1] - border), slice(border, x.shape[2] - border))
    mask = (x[inside] > foreground) | (x_hat[inside] > foreground)
    counts = mask.sum(axis=(1, 2))
    sums = np.where(mask, maps, 0.0).sum(axis=(1, 2))
    return 1.0 - np.divide(sums, counts, out=np.ones(len(x)), where=counts > 0)


def knn_distance(z_reference, z, *, k: int = 5, exclude_self: bool = False) -> np.ndarray:
    """Mean Euclidean distance from each code to its ``k`` nearest reference codes.

    A latent-space score: a sample whose code lies far from every training code is unlike the
    training data, even when the decoder happens to reconstruct it well.

    Parameters
    ----------
    z_reference : array-like of shape (n_reference, n_features)
        Codes of normal data, e.g. ``encoder.predict(x_train)``.
    z : array-like of shape (n_samples, n_features)
        Codes to score.
    k : int, default=5
        Number of neighbours averaged.
    exclude_self : bool, default=False
        For scoring the reference codes themselves (outlier detection: the model is trained on
        the very images it scores). ``z`` must then equal ``z_reference`` row for row, and each
        code's neighbours are the *other* reference codes: without this, every code's nearest
        neighbour is itself at distance 0. A duplicate of a code still counts as a neighbour.

    Returns
    -------
    distances : ndarray of shape (n_samples,), float64
        Higher = more anomalous.

    Raises
    ------
    ValueError
        If either input is not 2-D and finite, the feature counts differ, ``k`` is not an
        integer between 1 and ``n_reference`` (``n_reference - 1`` with ``exclude_self``), or
        ``exclude_self`` is set and ``z`` differs from ``z_reference``.

    Examples
    --------
    >>> import numpy as np
    >>> z = np.array([[0.0], [1.0], [3.0]])
    >>> knn_distance(z, z, k=1)
    array([0., 0., 0.])
    >>> knn_distance(z, z, k=1, exclude_self=True)
    array([1., 1., 2.])
    """
    from sklearn.neighbors import NearestNeighbors

    z_reference = check_array(z_reference, "z_reference", ndim=2)
    z = check_array(z, "z", ndim=2)
    if z_reference.shape[1] != z.shape[1]:
        raise ValueError(
            "Expected z_reference and z of shape (n, n_features) with the same n_features, "
            f"got {z_reference.shape} and {z.shape}"
        )
    if not isinstance(exclude_self, bool):
        raise ValueError(f"Expected exclude_self to be True or False, got {exclude_self!r}")
    if exclude_self and not np.array_equal(z, z_reference):
        raise ValueError(
            "Expected z equal to z_reference with exclude_self=True (the reference codes scored "
            f"against each other), got shapes {z_reference.shape} and {z.shape}"
        )
    n_other = len(z_reference) - int(exclude_self)
    k = check_scalar(k, "k", numbers.Integral, min_val=1, max_val=n_other)
    neighbours = NearestNeighbors(n_neighbors=k).fit(z_reference)
    # With no query, scikit-learn leaves each point out of its own neighbours (by index).
    distances, _ = neighbours.kneighbors(None if exclude_self else z)
    return distances.mean(axis=1).astype(np.float64)


def combine_scores(scores, reference) -> np.ndarray:
    """Average several scores after putting each on the scale of its normal reference values.

    Each score is centred on the median of its ``reference`` values (scores of held-out
    normal data) and divided by their interquartile range, then the standardised scores are
    averaged. No anomaly labels are needed, and no score dominates just because its units are
    larger.

    Parameters
    ----------
    scores : mapping of str to array-like of shape (n_samples,)
        The scores to combine, higher = more anomalous.
    reference : mapping of str to array-like of shape (n_reference,)
        The same scores computed on normal validation data; needs the same keys.

    Returns
    -------
    combined : ndarray of shape (n_samples,), float64
        Higher = more anomalous.

    Raises
    ------
    ValueError
        If the mappings are empty or hold different keys, an array is not 1-D and finite,
        the score arrays differ in length, or a reference has zero spread.
    """
    if not scores or set(scores) != set(reference):
        raise ValueError(
            f"Expected scores and reference with the same non-empty keys, got "
            f"{sorted(scores)} and {sorted(reference)}"
        )
    standardised = []
    for name in scores:
        values = check_array(scores[name], f"scores[{name!r}]", ndim=1)
        ref = check_array(reference[name], f"reference[{name!r}]", ndim=1)
        q1, median, q3 = np.percentile(ref, [25, 50, 75])
        if q3 <= q1:
            raise ValueError(f"Expected reference[{name!r}] to have a positive spread, got IQR 0")
        standardised.append((values.astype(np.float64) - median) / (q3 - q1))
    if len({len(v) for v in standardised}) != 1:
        raise ValueError(
            f"Expected score arrays of one length, got {[len(v) for v in standardised]}"
        )
    return np.mean(standardised, axis=0)
