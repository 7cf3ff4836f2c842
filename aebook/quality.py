"""Image quality per image: PSNR and SSIM, computed by scikit-image one image at a time.

Scores: higher = closer to the reference. Both functions return one number per image, so a
chapter can average them (chapter 2 reports mean PSNR and mean SSIM on a test set) or rank
images by them (chapter 3 turns ``1 - ssim`` into an anomaly score).

Both require ``data_range``, the distance between the smallest and largest possible pixel
value (1.0 for images scaled to [0, 1]), as scikit-image does for floating-point images:
guessing it from the data would make scores depend on each image's own contrast.
"""

from __future__ import annotations

import numbers

import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from aebook._validation import check_array, check_same_shape, check_scalar


def _image_pair(x, x_hat) -> tuple[np.ndarray, np.ndarray]:
    """Both batches as float64 (n, h, w) arrays, after checking their shapes and values."""
    x = check_array(x, "x", min_ndim=3)
    x_hat = check_array(x_hat, "x_hat", min_ndim=3)
    check_same_shape(x, x_hat, ("x", "x_hat"))
    if x.ndim not in (3, 4) or (x.ndim == 4 and x.shape[-1] != 1):
        raise ValueError(f"Expected images of shape (n, height, width[, 1]), got {x.shape}")
    if x.ndim == 4:
        x, x_hat = x[..., 0], x_hat[..., 0]
    return x.astype(np.float64, copy=False), x_hat.astype(np.float64, copy=False)


def psnr(x, x_hat, *, data_range) -> np.ndarray:
    """Peak signal-to-noise ratio of each image against its reference, in decibels.

    ``PSNR = 10 log10(data_range**2 / MSE)``, with the MSE taken over one image's pixels, via
    :func:`skimage.metrics.peak_signal_noise_ratio`.

    Parameters
    ----------
    x : array-like of shape (n_images, height, width) or (n_images, height, width, 1)
        Reference (clean) images, any real dtype.
    x_hat : array-like of the same shape as ``x``
        Images to score, such as noisy or denoised versions of ``x``.
    data_range : float
        Largest minus smallest possible pixel value, e.g. 1.0 for images in [0, 1].

    Returns
    -------
    scores : ndarray of shape (n_images,), float64
        Higher is better. An image identical to its reference has an MSE of 0 and scores
        ``inf`` (no warning is raised); averaging a set that contains one gives ``inf`` too.

    Raises
    ------
    ValueError
        If the shapes differ or are not a batch of grey images, a value is NaN or infinite, or
        ``data_range`` is not a positive finite number.

    Notes
    -----
    Each image is scored on its own and the scores are returned unaveraged. The mean of
    per-image PSNR (what the book reports) is not the PSNR of the mean MSE: the logarithm
    weighs well-restored images more.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.zeros((2, 4, 4))
    >>> psnr(x, x + [[[0.0]], [[0.1]]], data_range=1.0)
    array([inf, 20.])
    """
    x, x_hat = _image_pair(x, x_hat)
    data_range = check_scalar(data_range, "data_range", min_val=0, include_boundaries="right")
    scores = np.empty(len(x), dtype=np.float64)
    with np.errstate(divide="ignore"):
        for i, (ref, img) in enumerate(zip(x, x_hat, strict=True)):
            scores[i] = peak_signal_noise_ratio(ref, img, data_range=data_range)
    return scores


def ssim(x, x_hat, *, data_range, win_size: int = 7) -> np.ndarray:
    """Structural similarity (SSIM) of each image against its reference.

    The mean SSIM over one image, via :func:`skimage.metrics.structural_similarity` with a
    uniform ``win_size`` × ``win_size`` window: it compares local means, contrasts and
    correlations rather than single pixels, so it rewards kept edges and texture.

    Parameters
    ----------
    x : array-like of shape (n_images, height, width) or (n_images, height, width, 1)
        Reference (clean) images, any real dtype.
    x_hat : array-like of the same shape as ``x``
        Images to score.
    data_range : float
        Largest minus smallest possible pixel value, e.g. 1.0 for images in [0, 1].
    win_size : int, default=7
        Side of the sliding window; odd, at least 3 and at most the image's shorter side.

    Returns
    -------
    scores : ndarray of shape (n_images,), float64
        At most 1; higher is better, and an image identical to its reference scores exactly
        1. ``1 - ssim`` is a dissimilarity (higher = more different).

    Raises
    ------
    ValueError
        If the shapes differ or are not a batch of grey images, a value is NaN or infinite,
        ``data_range`` is not a positive finite number, or ``win_size`` is not an odd integer
        between 3 and the image's shorter side.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).random((3, 28, 28))
    >>> ssim(x, x, data_range=1.0)
    array([1., 1., 1.])
    """
    x, x_hat = _image_pair(x, x_hat)
    data_range = check_scalar(data_range, "data_range", min_val=0, include_boundaries="right")
    win_size = check_scalar(
        win_size, "win_size", numbers.Integral, min_val=3, max_val=min(x.shape[1:])
    )
    if win_size % 2 == 0:
        raise ValueError(f"Expected an odd win_size, got {win_size}")
    scores = np.empty(len(x), dtype=np.float64)
    for i, (ref, img) in enumerate(zip(x, x_hat, strict=True)):
        scores[i] = structural_similarity(ref, img, data_range=data_range, win_size=win_size)
    return scores
