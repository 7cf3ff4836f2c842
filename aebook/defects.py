"""Seeded local defects on grey images, each with its pixel mask (chapter 3's textures).

Industrial inspection data (MVTec AD, for one) shows a homogeneous surface with a small flaw
somewhere: a scratch, a stain, a spot where the texture is missing. :func:`add_defects` draws
such flaws on clean images, with the mask of the pixels each one changed, so that a detector
can be scored both per image (is there a defect?) and per pixel (where is it?).

The three kinds, in ``DEFECT_KINDS``:

- ``"scratch"``: a straight line 1 to 2 pixels wide, across 40% to 80% of the image's side, in
  a random direction, drawn in a bright or a dark grey;
- ``"stain"``: an ellipse with semi-axes of 10% to 20% of the side, blended towards a random
  grey with 60% to 90% opacity and a soft edge;
- ``"smooth"``: a disc with a radius of 12% to 22% of the side where the texture is blurred
  away (a Gaussian blur of standard deviation 3 pixels), as if the surface were worn flat.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from aebook._validation import check_array, check_scalar

DEFECT_KINDS = ("scratch", "stain", "smooth")


def _scratch(image, rng):
    h, w = image.shape
    side = min(h, w)
    length = rng.uniform(0.4, 0.8) * side
    angle = rng.uniform(0, np.pi)
    cy, cx = rng.uniform(0.25, 0.75) * h, rng.uniform(0.25, 0.75) * w
    width = rng.uniform(1.0, 2.0)
    yy, xx = np.mgrid[0:h, 0:w]
    dy, dx = np.sin(angle), np.cos(angle)
    along = (yy - cy) * dy + (xx - cx) * dx
    across = -(yy - cy) * dx + (xx - cx) * dy
    mask = (np.abs(along) <= length / 2) & (np.abs(across) <= width / 2)
    value = rng.uniform(0.85, 1.0) if rng.random() < 0.5 else rng.uniform(0.0, 0.15)
    out = image.copy()
    out[mask] = value
    return out, mask


def _stain(image, rng):
    h, w = image.shape
    side = min(h, w)
    ry, rx = rng.uniform(0.1, 0.2, size=2) * side
    cy, cx = rng.uniform(0.25, 0.75) * h, rng.uniform(0.25, 0.75) * w
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.sqrt(((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2)
    mask = r <= 1.0
    # Full opacity inside 70% of the radius, fading to nothing at the edge.
    alpha = rng.uniform(0.6, 0.9) * np.clip((1.0 - r) / 0.3, 0.0, 1.0)
    value = rng.uniform(0.0, 1.0)
    return image * (1 - alpha) + value * alpha, mask


def _smooth(image, rng):
    from scipy.ndimage import gaussian_filter

    h, w = image.shape
    radius = rng.uniform(0.12, 0.22) * min(h, w)
    cy, cx = rng.uniform(0.25, 0.75) * h, rng.uniform(0.25, 0.75) * w
    yy, xx = np.mgrid[0:h, 0:w]
    mask = (yy - cy) ** 2 + (xx - cx) ** 2 <= radius**2
    blurred = gaussian_filter(image, sigma=3.0, mode="reflect")
    return np.where(mask, blurred, image), mask


_DRAW = {"scratch": _scratch, "stain": _stain, "smooth": _smooth}


def add_defects(images, kinds: str | Sequence[str], *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Draw one local defect on each image, and return the defective images and their masks.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width), values in [0, 1]
        Clean grey images, any real dtype; both sides at least 8 pixels.
    kinds : str or sequence of str of length n_images
        One of ``DEFECT_KINDS`` for every image, or one kind per image.
    seed : int
        Seed of the defects' positions, sizes, directions and grey levels: the same seed and
        images give the same defects.

    Returns
    -------
    defective : ndarray of shape (n_images, height, width), float64, values in [0, 1]
        The images with their defect; the input is not modified.
    masks : ndarray of shape (n_images, height, width), bool
        True on the pixels the defect covers (its pixel-level ground truth). A defect can
        leave some of its pixels nearly unchanged, for example a stain of the surface's own
        grey: the mask marks where the defect is, not how visible it is.

    Raises
    ------
    ValueError
        If ``images`` is not a finite batch of grey images in [0, 1] at least 8 pixels on a
        side, a kind is unknown, ``kinds`` has the wrong length, or ``seed`` is not an integer.

    Examples
    --------
    >>> import numpy as np
    >>> clean = np.full((3, 32, 32), 0.5)
    >>> bad, masks = add_defects(clean, ["scratch", "stain", "smooth"], seed=0)
    >>> bad.shape, bad.dtype, masks.shape, masks.dtype
    ((3, 32, 32), dtype('float64'), (3, 32, 32), dtype('bool'))
    >>> bool(masks.any(axis=(1, 2)).all())
    True
    """
    images = check_array(images, "images", ndim=3)
    if min(images.shape[1:]) < 8:
        raise ValueError(f"Expected images at least 8 pixels on a side, got {images.shape[1:]}")
    lo, hi = float(images.min()), float(images.max())
    if lo < 0 or hi > 1:
        raise ValueError(f"Expected images with values in [0, 1], got range [{lo:.3g}, {hi:.3g}]")
    seed = check_scalar(seed, "seed", numbers.Integral)
    if isinstance(kinds, str):
        kinds = [kinds] * len(images)
    kinds = list(kinds)
    if len(kinds) != len(images):
        raise ValueError(f"Expected {len(images)} kinds, one per image, got {len(kinds)}")
    unknown = sorted({k for k in kinds if k not in DEFECT_KINDS}, key=str)
    if unknown:
        raise ValueError(f"Expected kinds in {DEFECT_KINDS}, got {unknown}")
    rng = np.random.default_rng(seed)
    defective = np.empty(images.shape, dtype=np.float64)
    masks = np.empty(images.shape, dtype=bool)
    for i, (image, kind) in enumerate(zip(images.astype(np.float64), kinds, strict=True)):
        out, mask = _DRAW[kind](image, rng)
        defective[i], masks[i] = np.clip(out, 0.0, 1.0), mask
    return defective, masks
