"""Input checks shared by the public functions; each error says what was received."""

from __future__ import annotations

import numpy as np


def check_array(x, name: str, *, min_ndim: int = 1, finite: bool = True) -> np.ndarray:
    """Return ``x`` as a floating ndarray after checking its type, rank and values.

    Raises
    ------
    ValueError
        If ``x`` is not numeric, has fewer than ``min_ndim`` dimensions, is empty, or holds
        NaN or infinity while ``finite`` is True.
    """
    arr = np.asarray(x)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise ValueError(f"Expected {name} to be a numeric array, got dtype {arr.dtype}")
    if arr.ndim < min_ndim:
        raise ValueError(
            f"Expected {name} with at least {min_ndim} dimensions, got shape {arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(f"Expected a non-empty {name}, got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"Expected {name} to hold finite values, found NaN or infinity")
    return arr


def check_images(x, name: str = "x") -> np.ndarray:
    """Check a batch of grey images: float, shape (n, h, w) or (n, h, w, 1), values in [0, 1].

    Raises
    ------
    ValueError
        On a wrong dtype, shape or range; the message gives what was received.
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


def check_same_shape(a: np.ndarray, b: np.ndarray, names: tuple[str, str]) -> None:
    """Raise ValueError unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"Expected {names[0]} and {names[1]} of the same shape, got {a.shape} and {b.shape}"
        )
