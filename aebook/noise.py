"""Synthetic noise for images in [0, 1], always drawn from an explicit random generator.

Every function takes ``rng``, a :class:`numpy.random.Generator` or an integer seed, and has no
default for it: the same call with the same seed gives the same noisy images, so a chapter's
numbers can be reproduced. Outputs stay in [0, 1], the range of the clean images.
"""

from __future__ import annotations

import numbers

import numpy as np

from aebook._validation import check_array, check_images, check_scalar


def _generator(rng) -> np.random.Generator:
    # NumPy turns a seed into a generator and passes a generator through; None would be unseeded.
    if rng is None or isinstance(rng, bool):
        raise ValueError(
            f"Expected rng to be a numpy.random.Generator or an integer seed, got {rng!r}"
        )
    if not isinstance(rng, np.random.Generator):
        check_scalar(rng, "rng (a seed)", numbers.Integral, min_val=0)
    return np.random.default_rng(rng)


def _float_dtype(x: np.ndarray):
    return x.dtype if x.dtype in (np.float32, np.float64) else np.float64


def add_gaussian_noise(x, sigma, *, rng) -> np.ndarray:
    """Add zero-mean Gaussian noise to each pixel, then clip to [0, 1].

    ``clip(x + sigma * N(0, 1), 0, 1)``: the articles' "noise factor" is ``sigma``.

    Parameters
    ----------
    x : array-like of shape (n_images, height, width) or (n_images, height, width, 1)
        Clean images, floats in [0, 1].
    sigma : float or array-like of shape (n_images,)
        Standard deviation of the noise, at least 0. An array gives each image its own
        level, as a denoiser trained on a range of levels needs.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for a new one. Required: noise is never unseeded.

    Returns
    -------
    noisy : ndarray of the same shape as ``x``
        float32 for float32 input, otherwise float64; values in [0, 1].

    Raises
    ------
    ValueError
        If ``x`` is not a batch of grey images in [0, 1], ``sigma`` is negative, not finite or
        of the wrong length, or ``rng`` is neither a generator nor a non-negative integer.

    Notes
    -----
    Clipping makes the noise slightly non-Gaussian and biased near black and white: a pixel
    at 0 can only get brighter. The clean target is left untouched.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.full((2, 28, 28), 0.5, dtype=np.float32)
    >>> noisy = add_gaussian_noise(x, 0.2, rng=0)
    >>> noisy.shape, noisy.dtype, bool(noisy.min() >= 0 and noisy.max() <= 1)
    ((2, 28, 28), dtype('float32'), True)
    """
    x = check_images(x)
    rng = _generator(rng)
    if np.ndim(sigma) == 0:
        sigma_arr = np.float64(check_scalar(sigma, "sigma", min_val=0))
    else:
        sigma_arr = check_array(sigma, "sigma", ndim=1).astype(np.float64)
        if sigma_arr.shape != (len(x),) or np.any(sigma_arr < 0):
            raise ValueError(
                f"Expected one sigma >= 0 per image ({len(x)} values), got {sigma_arr}"
            )
    dtype = _float_dtype(x)
    scale = sigma_arr.reshape((-1,) + (1,) * (x.ndim - 1)) if sigma_arr.ndim else sigma_arr
    noise = rng.standard_normal(x.shape, dtype=dtype)
    noisy = x.astype(dtype, copy=False) + scale.astype(dtype) * noise
    return np.clip(noisy, 0.0, 1.0, out=noisy)


def add_salt_and_pepper(x, amount, *, rng, salt_vs_pepper: float = 0.5) -> np.ndarray:
    """Replace a random fraction of pixels by pure white (salt) or pure black (pepper).

    Impulse noise, as a faulty sensor or a transmission error makes: most pixels are exact,
    and the hit ones carry no information about the clean value.

    Parameters
    ----------
    x : array-like of shape (n_images, height, width) or (n_images, height, width, 1)
        Clean images, floats in [0, 1].
    amount : float
        Probability that a pixel is replaced, in [0, 1].
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for a new one. Required.
    salt_vs_pepper : float, default=0.5
        Share of replaced pixels set to 1 (the rest are set to 0), in [0, 1].

    Returns
    -------
    noisy : ndarray of the same shape as ``x``
        float32 for float32 input, otherwise float64.

    Raises
    ------
    ValueError
        If ``x`` is not a batch of grey images in [0, 1], ``amount`` or ``salt_vs_pepper`` is
        outside [0, 1], or ``rng`` is invalid.

    Examples
    --------
    >>> import numpy as np
    >>> noisy = add_salt_and_pepper(np.full((1, 100, 100), 0.5), 0.1, rng=0)
    >>> round(float(np.mean(noisy != 0.5)), 2)
    0.1
    """
    x = check_images(x)
    amount = check_scalar(amount, "amount", min_val=0, max_val=1)
    salt_vs_pepper = check_scalar(salt_vs_pepper, "salt_vs_pepper", min_val=0, max_val=1)
    rng = _generator(rng)
    noisy = x.astype(_float_dtype(x), copy=True)
    hit = rng.random(x.shape) < amount
    salt = rng.random(x.shape) < salt_vs_pepper
    noisy[hit & salt] = 1.0
    noisy[hit & ~salt] = 0.0
    return noisy
