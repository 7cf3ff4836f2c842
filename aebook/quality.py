"""Image quality per image: PSNR (by scikit-image) and SSIM (TensorFlow's definition).

Scores: higher = closer to the reference. Both functions return one number per image, so a
chapter can average them (chapter 2 reports mean PSNR and mean SSIM on a test set) or rank
images by them (chapter 3 turns ``1 - ssim`` into an anomaly score).

Both require ``data_range``, the distance between the smallest and largest possible pixel
value (1.0 for images scaled to [0, 1]), as scikit-image does for floating-point images:
guessing it from the data would make scores depend on each image's own contrast.
"""

from __future__ import annotations

import numpy as np
from skimage.metrics import peak_signal_noise_ratio

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


#: The one SSIM of the book: TensorFlow's (:func:`tf.image.ssim`, the training loss) and
#: Wang et al.'s: an 11×11 Gaussian window of standard deviation 1.5, K1 = 0.01, K2 = 0.03, and
#: the population (not the sample) variance and covariance inside each window.
SSIM_SIGMA = 1.5
SSIM_WINDOW = 11
_K1, _K2 = 0.01, 0.03
_BORDERS = ("valid", "reflect")


def ssim_map(x, x_hat, *, data_range, border: str = "valid") -> np.ndarray:
    """Local structural similarity (SSIM) of each image against its reference, window by window.

    The book's one SSIM definition, that of :func:`tf.image.ssim` (the training loss): each
    position compares the two images' local means, variances and covariance, weighted by an
    11×11 Gaussian window of standard deviation 1.5 (``SSIM_WINDOW``, ``SSIM_SIGMA``), with
    ``C1 = (0.01 * data_range)**2`` and ``C2 = (0.03 * data_range)**2``. It equals
    scikit-image's ``structural_similarity(..., gaussian_weights=True, sigma=1.5,
    use_sample_covariance=False, full=True)``.

    Parameters
    ----------
    x : array-like of shape (n_images, height, width) or (n_images, height, width, 1)
        Reference images, any real dtype; both sides at least 11.
    x_hat : array-like of the same shape as ``x``
        Images to compare with ``x``.
    data_range : float
        Largest minus smallest possible pixel value, e.g. 1.0 for images in [0, 1].
    border : {"valid", "reflect"}, default="valid"
        ``"valid"`` keeps only the positions where the whole window lies inside the image, as
        TensorFlow does: the map has shape (n_images, height - 10, width - 10), and its mean is
        :func:`ssim`. ``"reflect"`` also fills the 5-pixel border, with windows that see the
        image mirrored at its edge (scikit-image's full map): shape (n_images, height, width),
        one value per pixel, for anomaly maps that must line up with pixel masks.

    Returns
    -------
    maps : ndarray of float64
        At most 1; 1 where the images agree. ``1 - maps`` is a per-position dissimilarity.

    Raises
    ------
    ValueError
        If the shapes differ or are not a batch of grey images at least 11 pixels on a side, a
        value is NaN or infinite, ``data_range`` is not a positive finite number, or ``border``
        is unknown.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).random((2, 28, 28))
    >>> ssim_map(x, x, data_range=1.0).shape
    (2, 18, 18)
    >>> ssim_map(x, x, data_range=1.0, border="reflect").shape
    (2, 28, 28)
    """
    from scipy.ndimage import gaussian_filter

    if border not in _BORDERS:
        raise ValueError(f"Expected border in {_BORDERS}, got {border!r}")
    x, x_hat = _image_pair(x, x_hat)
    data_range = check_scalar(data_range, "data_range", min_val=0, include_boundaries="right")
    if min(x.shape[1:]) < SSIM_WINDOW:
        raise ValueError(
            f"Expected images at least {SSIM_WINDOW} pixels on a side for the "
            f"{SSIM_WINDOW}×{SSIM_WINDOW} SSIM window, got {x.shape[1:]}"
        )
    radius = SSIM_WINDOW // 2
    kept = slice(radius, -radius) if border == "valid" else slice(None)

    def local_mean(image):
        # Each image on its own (sigma 0 along the batch); truncate gives an 11-tap window.
        # Cropped before the arithmetic below, which is most of the cost on large batches.
        return gaussian_filter(
            image, sigma=(0, SSIM_SIGMA, SSIM_SIGMA), truncate=radius / SSIM_SIGMA, mode="reflect"
        )[:, kept, kept]

    mu_x, mu_y = local_mean(x), local_mean(x_hat)
    mu_xx, mu_yy, mu_xy = mu_x * mu_x, mu_y * mu_y, mu_x * mu_y
    var_x = local_mean(x * x) - mu_xx
    var_y = local_mean(x_hat * x_hat) - mu_yy
    cov = local_mean(x * x_hat) - mu_xy
    c1, c2 = (_K1 * data_range) ** 2, (_K2 * data_range) ** 2
    maps = (2 * mu_xy + c1) * (2 * cov + c2)
    maps /= (mu_xx + mu_yy + c1) * (var_x + var_y + c2)  # in place: one array fewer
    return maps


def ssim(x, x_hat, *, data_range) -> np.ndarray:
    """Structural similarity (SSIM) of each image against its reference.

    The mean of :func:`ssim_map` over the positions where the whole 11×11 Gaussian window lies
    inside the image (``border="valid"``): the value :func:`tf.image.ssim` returns, and the
    value scikit-image's ``structural_similarity(..., gaussian_weights=True, sigma=1.5,
    use_sample_covariance=False)`` returns, since both leave out the same 5-pixel border. It
    compares local means, contrasts and correlations rather than single pixels, so it rewards
    kept edges and texture.

    Parameters
    ----------
    x : array-like of shape (n_images, height, width) or (n_images, height, width, 1)
        Reference (clean) images, any real dtype; both sides at least 11.
    x_hat : array-like of the same shape as ``x``
        Images to score.
    data_range : float
        Largest minus smallest possible pixel value, e.g. 1.0 for images in [0, 1].

    Returns
    -------
    scores : ndarray of shape (n_images,), float64
        At most 1; higher is better, and an image identical to its reference scores exactly
        1. ``1 - ssim`` is a dissimilarity (higher = more different):
        :func:`aebook.scores.ssim_error`.

    Raises
    ------
    ValueError
        If the shapes differ or are not a batch of grey images at least 11 pixels on a side, a
        value is NaN or infinite, or ``data_range`` is not a positive finite number.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).random((3, 28, 28))
    >>> ssim(x, x, data_range=1.0)
    array([1., 1., 1.])
    """
    return ssim_map(x, x_hat, data_range=data_range).mean(axis=(1, 2))
