"""Training losses that Keras does not ship: the SSIM reconstruction loss."""

from __future__ import annotations

import numbers

from aebook._validation import check_scalar
from aebook.runtime import tf


def ssim_loss(*, filter_size: int = 11, max_val: float = 1.0):
    """Build a Keras loss equal to one minus the mean SSIM of each batch.

    Parameters
    ----------
    filter_size : int, default=11
        Side of the Gaussian SSIM window, as in :func:`tf.image.ssim` (whose default is 11).
        On 28×28 images an 11×11 window leaves only 18×18 positions and averages over a
        large part of the image; smaller windows compare finer structure.
    max_val : float, default=1.0
        Dynamic range of the images: 1.0 for pixels in [0, 1].

    Returns
    -------
    loss : callable
        ``loss(y_true, y_pred)`` for tensors of shape (batch, height, width) or
        (batch, height, width, 1), returning a scalar; pass it to ``model.compile(loss=...)``.
        SSIM is computed in float32 inside the TensorFlow graph, so inputs are not range-checked
        there: keep the model's output in ``[0, max_val]`` (a sigmoid does that).

    Raises
    ------
    ValueError
        If ``filter_size`` is not an odd integer of at least 3, or ``max_val`` is not positive.

    Notes
    -----
    SSIM compares local luminance, contrast and structure (Wang et al., 2004); Bergmann et al.
    (2018) trained autoencoders with it to find defects that per-pixel losses blur away.
    """
    filter_size = check_scalar(filter_size, "filter_size", numbers.Integral, min_val=3)
    if filter_size % 2 == 0:
        raise ValueError(f"Expected an odd filter_size, got {filter_size}")
    max_val = check_scalar(max_val, "max_val", min_val=0, include_boundaries="right")

    def loss(y_true, y_pred):
        y_true = tf.convert_to_tensor(y_true, dtype=tf.float32)
        y_pred = tf.convert_to_tensor(y_pred, dtype=tf.float32)
        if y_true.shape.rank == 3:
            y_true, y_pred = y_true[..., None], y_pred[..., None]
        similarity = tf.image.ssim(y_true, y_pred, max_val=max_val, filter_size=filter_size)
        return 1.0 - tf.reduce_mean(similarity)

    loss.__name__ = f"ssim_loss_{filter_size}"
    return loss
