"""The checks every public function runs on what a student passes in; each error says what it got.

One vocabulary, in scikit-learn's style: :func:`check_scalar` for numbers and
:func:`check_array` for arrays, plus three shapes the book uses often (:func:`check_images`,
:func:`check_labels`, :func:`check_same_shape`). Public functions call them once, at the
boundary; the helpers behind them trust their callers.
"""

from __future__ import annotations

import numbers

import numpy as np


def check_scalar(
    x,
    name: str,
    target_type=numbers.Real,
    *,
    min_val=None,
    max_val=None,
    include_boundaries: str = "both",
):
    """Return ``x`` after checking that it is a number of ``target_type`` within bounds.

    Like :func:`sklearn.utils.check_scalar`, but raising ValueError for every kind of
    mistake, so that a chapter catches one exception type. Booleans are never numbers here.

    Parameters
    ----------
    x : object
        The value to check.
    name : str
        Its name in the error message.
    target_type : type or tuple of types, default=numbers.Real
        ``numbers.Integral`` for counts and sizes, ``numbers.Real`` for other numbers.
    min_val, max_val : float, optional
        Bounds; None leaves that side open.
    include_boundaries : {"both", "left", "right", "neither"}, default="both"
        Whether ``x`` may equal ``min_val`` ("left") or ``max_val`` ("right").

    Returns
    -------
    x : int or float
        ``int(x)`` for an integral target type, ``float(x)`` otherwise.

    Raises
    ------
    ValueError
        If ``x`` is a boolean, not of ``target_type``, NaN or infinite, or out of bounds.

    Examples
    --------
    >>> check_scalar(0.95, "quantile", min_val=0, max_val=1, include_boundaries="neither")
    0.95
    >>> check_scalar(1.5, "quantile", min_val=0, max_val=1)
    Traceback (most recent call last):
    ...
    ValueError: Expected quantile in [0, 1], got 1.5
    >>> check_scalar(3.0, "k", numbers.Integral)
    Traceback (most recent call last):
    ...
    ValueError: Expected k to be an integer, got 3.0
    """
    if include_boundaries not in ("both", "left", "right", "neither"):
        raise ValueError(
            f"Expected include_boundaries both/left/right/neither, got {include_boundaries!r}"
        )
    kind = "an integer" if target_type is numbers.Integral else "a number"
    if isinstance(x, bool) or not isinstance(x, target_type) or not np.isfinite(x):
        raise ValueError(f"Expected {name} to be {kind}, got {x!r}")
    left = include_boundaries in ("both", "left")
    right = include_boundaries in ("both", "right")
    too_low = min_val is not None and (x < min_val if left else x <= min_val)
    too_high = max_val is not None and (x > max_val if right else x >= max_val)
    if too_low or too_high:
        if max_val is None:
            bound = f">= {min_val}" if left else f"> {min_val}"
        elif min_val is None:
            bound = f"<= {max_val}" if right else f"< {max_val}"
        else:
            bound = f"in {'[' if left else '('}{min_val}, {max_val}{']' if right else ')'}"
        raise ValueError(f"Expected {name} {bound}, got {x!r}")
    return int(x) if target_type is numbers.Integral else float(x)


def check_array(x, name: str, *, ndim=None, min_ndim: int = 1, finite: bool = True) -> np.ndarray:
    """Return ``x`` as a numeric ndarray after checking its type, rank and values.

    Parameters
    ----------
    x : array-like
        The values to check.
    name : str
        Its name in the error message.
    ndim : int, optional
        The exact number of dimensions required; otherwise at least ``min_ndim``.
    min_ndim : int, default=1
        The fewest dimensions accepted when ``ndim`` is not given.
    finite : bool, default=True
        Reject NaN and infinity.

    Returns
    -------
    arr : ndarray
        ``np.asarray(x)``, with its dtype unchanged.

    Raises
    ------
    ValueError
        If ``x`` is not numeric, has the wrong number of dimensions, is empty, or holds NaN
        or infinity while ``finite`` is True.

    Examples
    --------
    >>> check_array([[1, 2]], "scores", ndim=1)
    Traceback (most recent call last):
    ...
    ValueError: Expected scores with 1 dimension(s), got shape (1, 2)
    """
    arr = np.asarray(x)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise ValueError(f"Expected {name} to be a numeric array, got dtype {arr.dtype}")
    if (ndim is not None and arr.ndim != ndim) or arr.ndim < min_ndim:
        wanted = f"{ndim}" if ndim is not None else f"at least {min_ndim}"
        raise ValueError(f"Expected {name} with {wanted} dimension(s), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"Expected a non-empty {name}, got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"Expected {name} to hold finite values, found NaN or infinity")
    return arr


def check_images(x, name: str = "x") -> np.ndarray:
    """Check a batch of grey images: floats of shape (n, h, w) or (n, h, w, 1), values in [0, 1].

    Returns
    -------
    images : ndarray
        ``x`` as an array, with its shape and dtype unchanged.

    Raises
    ------
    ValueError
        On a wrong dtype, shape or range; the message gives what was received.

    Examples
    --------
    >>> check_images(np.full((2, 28, 28), 255, dtype=np.uint8))
    Traceback (most recent call last):
    ...
    ValueError: Expected x as floats in [0, 1], got dtype uint8; divide uint8 images by 255
    """
    arr = check_array(x, name, min_ndim=3)
    if not np.issubdtype(arr.dtype, np.floating):
        raise ValueError(
            f"Expected {name} as floats in [0, 1], got dtype {arr.dtype}; divide uint8 images by 255"
        )
    if arr.ndim not in (3, 4) or (arr.ndim == 4 and arr.shape[-1] != 1):
        raise ValueError(f"Expected {name} of shape (n, height, width[, 1]), got {arr.shape}")
    lo, hi = float(arr.min()), float(arr.max())
    if lo < 0.0 or hi > 1.0:
        raise ValueError(f"Expected {name} values in [0, 1], got range [{lo:.3g}, {hi:.3g}]")
    return arr


def check_labels(y, name: str = "y", *, n: int | None = None, binary: bool = False) -> np.ndarray:
    """Check one integer class per sample; with ``binary``, 0 (normal) and 1 (anomaly), both present.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels. Booleans count as 0 and 1.
    name : str, default="y"
        Its name in the error message.
    n : int, optional
        The number of samples ``y`` must match.
    binary : bool, default=False
        Require the anomaly labels 0 and 1, and both of them.

    Returns
    -------
    y : ndarray of shape (n_samples,), int64

    Raises
    ------
    ValueError
        If ``y`` is not 1-D, has the wrong length, holds non-integers, or (with ``binary``)
        holds other values than 0 and 1 or only one of them.

    Examples
    --------
    >>> check_labels([0, 0, 0], binary=True)
    Traceback (most recent call last):
    ...
    ValueError: Expected y to hold both normal (0) and anomalous (1) samples, got [0]
    """
    arr = np.asarray(y)
    if arr.dtype == bool:
        arr = arr.astype(np.int64)
    if arr.ndim != 1 or arr.size == 0 or (n is not None and len(arr) != n):
        wanted = f"({n},)" if n is not None else "(n_samples,)"
        raise ValueError(f"Expected {name} of shape {wanted}, got shape {arr.shape}")
    if np.issubdtype(arr.dtype, np.floating) and np.all(np.isfinite(arr) & (arr == np.round(arr))):
        arr = arr.astype(np.int64)
    if not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"Expected {name} to hold integer classes, got dtype {arr.dtype}")
    if binary:
        values = sorted(set(np.unique(arr).tolist()))
        if not set(values) <= {0, 1}:
            raise ValueError(f"Expected {name} to hold 0 (normal) and 1 (anomaly), got {values}")
        if values != [0, 1]:
            raise ValueError(
                f"Expected {name} to hold both normal (0) and anomalous (1) samples, got {values}"
            )
    return arr.astype(np.int64)


def check_same_shape(a: np.ndarray, b: np.ndarray, names: tuple[str, str]) -> None:
    """Raise ValueError unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"Expected {names[0]} and {names[1]} of the same shape, got {a.shape} and {b.shape}"
        )
