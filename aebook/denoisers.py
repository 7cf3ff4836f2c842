"""Classical denoisers from scikit-image, and a grid search that tunes them on validation images.

The baselines a learned denoiser must beat, one function each, applied image by image:

- ``"gaussian"``: Gaussian blur, :func:`skimage.filters.gaussian` (parameter ``sigma``, pixels);
- ``"median"``: median filter over a disk, :func:`skimage.filters.median` (``radius``, pixels);
- ``"tv"``: total-variation denoising, :func:`skimage.restoration.denoise_tv_chambolle`
  (``weight``);
- ``"wavelet"``: BayesShrink soft thresholding of Daubechies-2 wavelet coefficients over two
  levels, :func:`skimage.restoration.denoise_wavelet` (``sigma``, the noise level the threshold
  assumes);
- ``"nl_means"``: non-local means, :func:`skimage.restoration.denoise_nl_means` (``h``, the
  patch-distance cut-off), with 5×5 patches searched within 6 pixels, in scikit-image's
  fast mode.

Every parameter has a grid in :data:`DEFAULT_GRIDS`; :func:`tune` picks the value with the
highest mean PSNR on the images it is given. Give it validation images, never the test set.
Outputs are clipped to [0, 1].
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from skimage import filters, morphology, restoration

from aebook import quality
from aebook._validation import check_images, check_same_shape, check_scalar

METHODS = ("gaussian", "median", "tv", "wavelet", "nl_means")

#: Values :func:`tune` tries for each method's parameter when no grid is given. They span the
#: useful settings for Gaussian noise of standard deviation 0.1 to 0.5 on images in [0, 1].
DEFAULT_GRIDS: dict[str, dict[str, tuple]] = {
    "gaussian": {"sigma": (0.3, 0.4, 0.55, 0.7, 0.85, 1.0, 1.2, 1.5)},
    "median": {"radius": (1, 2, 3, 4)},
    "tv": {"weight": (0.03, 0.05, 0.07, 0.1, 0.14, 0.2, 0.28, 0.4)},
    "wavelet": {"sigma": (0.05, 0.08, 0.12, 0.17, 0.24, 0.34, 0.48, 0.68)},
    "nl_means": {"h": (0.04, 0.06, 0.085, 0.12, 0.17, 0.24, 0.34, 0.48)},
}

_NLM_OPTIONS = {"patch_size": 5, "patch_distance": 6, "fast_mode": True}
_WAVELET_OPTIONS = {"wavelet": "db2", "wavelet_levels": 2, "method": "BayesShrink"}


def _gaussian(images: np.ndarray, sigma: float) -> np.ndarray:
    # One call over the stack, blurring within each image only (sigma 0 along the stack).
    return filters.gaussian(images, sigma=(0.0, sigma, sigma), preserve_range=True)


def _median(images: np.ndarray, radius: int) -> np.ndarray:
    footprint = morphology.disk(radius)[np.newaxis]  # (1, k, k): within each image only
    return filters.median(images, footprint=footprint)


def _tv(images: np.ndarray, weight: float) -> np.ndarray:
    return np.stack([restoration.denoise_tv_chambolle(im, weight=weight) for im in images])


def _wavelet(images: np.ndarray, sigma: float) -> np.ndarray:
    return np.stack(
        [
            restoration.denoise_wavelet(im, sigma=sigma, rescale_sigma=True, **_WAVELET_OPTIONS)
            for im in images
        ]
    )


def _nl_means(images: np.ndarray, h: float) -> np.ndarray:
    return np.stack([restoration.denoise_nl_means(im, h=h, **_NLM_OPTIONS) for im in images])


_WHOLE_STACK = ("gaussian", "median")  # one vectorised call; workers would only add copying
_FUNCTIONS = {
    "gaussian": _gaussian,
    "median": _median,
    "tv": _tv,
    "wavelet": _wavelet,
    "nl_means": _nl_means,
}


def _method_params(method, params: Mapping) -> tuple[str, dict]:
    """The method's name and its one parameter, checked against :data:`DEFAULT_GRIDS`."""
    if method not in METHODS:
        raise ValueError(f"Expected method to be one of {METHODS}, got {method!r}")
    (name,) = DEFAULT_GRIDS[method]
    if set(params) != {name}:
        raise ValueError(
            f"Expected exactly one parameter {name!r} for method {method!r}, got {sorted(params)}"
        )
    kind = numbers.Integral if method == "median" else numbers.Real
    value = check_scalar(
        params[name], f"{method} {name}", kind, min_val=0, include_boundaries="right"
    )
    return method, {name: value}


def denoise(x_noisy, method: str, *, n_jobs: int = 1, **params) -> np.ndarray:
    """Denoise each image of a batch with one classical method.

    Parameters
    ----------
    x_noisy : array-like of shape (n_images, height, width) or (n_images, height, width, 1)
        Noisy images, floats in [0, 1].
    method : {"gaussian", "median", "tv", "wavelet", "nl_means"}
        Which denoiser; see the module docstring.
    n_jobs : int, default=1
        Worker processes (joblib), splitting the images between them; -1 uses every core.
        Used by the per-image methods (``"tv"``, ``"wavelet"``, ``"nl_means"``) only:
        ``"gaussian"`` and ``"median"`` filter the whole stack in one call, which is faster
        than shipping it to workers.
    **params
        The method's one parameter, e.g. ``sigma=0.8`` for ``"gaussian"``; names are the
        keys of :data:`DEFAULT_GRIDS`.

    Returns
    -------
    x_denoised : ndarray of the same shape as ``x_noisy``
        float32 for float32 input, otherwise float64; clipped to [0, 1].

    Raises
    ------
    ValueError
        If the images are not floats in [0, 1] of a grey-image shape, the method is unknown,
        the parameter is missing, extra or not positive, or ``n_jobs`` is 0 or below -1.

    Examples
    --------
    >>> import numpy as np
    >>> from aebook import noise
    >>> clean = np.full((4, 28, 28), 0.5)
    >>> noisy = noise.add_gaussian_noise(clean, 0.2, rng=0)
    >>> smooth = denoise(noisy, "gaussian", sigma=1.0)
    >>> bool(np.abs(smooth - clean).mean() < np.abs(noisy - clean).mean())
    True
    """
    x = check_images(x_noisy, "x_noisy")
    method, params = _method_params(method, params)
    n_jobs = check_scalar(n_jobs, "n_jobs", numbers.Integral, min_val=-1)
    if n_jobs == 0:
        raise ValueError("Expected n_jobs to be a positive integer or -1, got 0")
    images = (x[..., 0] if x.ndim == 4 else x).astype(np.float64)
    function = _FUNCTIONS[method]
    if n_jobs == 1 or len(images) < 2 or method in _WHOLE_STACK:
        out = function(images, **params)
    else:
        from joblib import Parallel, delayed, effective_n_jobs

        chunks = np.array_split(images, min(effective_n_jobs(n_jobs), len(images)))
        parts = Parallel(n_jobs=n_jobs)(delayed(function)(c, **params) for c in chunks)
        out = np.concatenate(parts)
    out = np.clip(out, 0.0, 1.0).reshape(x.shape)
    return out.astype(x.dtype if x.dtype in (np.float32, np.float64) else np.float64)


@dataclass(frozen=True)
class Tuned:
    """What :func:`tune` found for one method.

    Attributes
    ----------
    method : str
        The method's name.
    params : dict
        The best parameter, ready for ``denoise(x, method, **params)``.
    psnr : float
        Mean PSNR (dB) of the best setting on the tuning images.
    scores : list of (dict, float)
        Every setting tried, with its mean PSNR, in grid order.
    """

    method: str
    params: dict
    psnr: float
    scores: list = field(default_factory=list)


def _grid_points(method: str, param_grid) -> list[dict]:
    grid = DEFAULT_GRIDS[method] if param_grid is None else param_grid
    if not isinstance(grid, Mapping) or not grid:
        raise ValueError(f"Expected param_grid as a mapping of name to values, got {grid!r}")
    names = list(grid)
    values = []
    for name in names:
        options = grid[name]
        if isinstance(options, (str, bytes)) or not isinstance(options, Sequence) or not options:
            raise ValueError(f"Expected a non-empty list of values for {name!r}, got {options!r}")
        values.append(list(options))
    points = [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]
    for point in points:
        _method_params(method, point)
    return points


def tune(x_noisy, x_clean, method: str, *, param_grid=None, n_jobs: int = 1) -> Tuned:
    """Grid-search one method's parameter for the highest mean PSNR on the given images.

    Parameters
    ----------
    x_noisy : array-like of shape (n_images, height, width) or (n_images, height, width, 1)
        Noisy **validation** images, floats in [0, 1]. Tuning on test images would report an
        optimistic baseline.
    x_clean : array-like of the same shape
        The clean images they came from.
    method : {"gaussian", "median", "tv", "wavelet", "nl_means"}
        Which denoiser.
    param_grid : mapping of str to sequence, optional
        The values to try, e.g. ``{"weight": [0.05, 0.1]}``; defaults to
        ``DEFAULT_GRIDS[method]``.
    n_jobs : int, default=1
        Passed to :func:`denoise`.

    Returns
    -------
    Tuned
        The best parameter, its mean PSNR, and the score of every setting tried. Ties go to
        the setting tried first.

    Raises
    ------
    ValueError
        On invalid images, mismatched shapes, an unknown method, or a malformed grid.

    Examples
    --------
    >>> import numpy as np
    >>> from aebook import noise
    >>> clean = np.full((4, 28, 28), 0.5)
    >>> noisy = noise.add_gaussian_noise(clean, 0.2, rng=0)
    >>> tune(noisy, clean, "gaussian", param_grid={"sigma": [0.3, 3.0]}).params
    {'sigma': 3.0}
    """
    x_noisy = check_images(x_noisy, "x_noisy")
    x_clean = check_images(x_clean, "x_clean")
    check_same_shape(x_noisy, x_clean, ("x_noisy", "x_clean"))
    if method not in METHODS:
        raise ValueError(f"Expected method to be one of {METHODS}, got {method!r}")
    points = _grid_points(method, param_grid)
    scores = []
    for point in points:
        x_hat = denoise(x_noisy, method, n_jobs=n_jobs, **point)
        scores.append((point, float(quality.psnr(x_clean, x_hat, data_range=1.0).mean())))
    best_point, best_psnr = max(scores, key=lambda item: item[1])
    return Tuned(method=method, params=dict(best_point), psnr=best_psnr, scores=scores)
