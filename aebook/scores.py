"""Per-sample reconstruction errors.

Scores: higher = more anomalous. Every function here returns one number per sample, so the
same score can rank images or heartbeats for anomaly detection in later chapters.
"""

from __future__ import annotations

import numpy as np

from aebook._validation import check_array, check_same_shape

_METRICS = ("mse", "mae")


def reconstruction_error(x, x_hat, *, metric: str = "mse") -> np.ndarray:
    """Error between each sample and its reconstruction, averaged over all other axes.

    Parameters
    ----------
    x : array-like of shape (n_samples, ...)
        Original samples, e.g. images of shape (n, 28, 28) or beats of shape (n, 140).
    x_hat : array-like of the same shape as ``x``
        Reconstructions.
    metric : {"mse", "mae"}, default="mse"
        Mean squared or mean absolute error.

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
    return np.mean(np.abs(diff), axis=1)
