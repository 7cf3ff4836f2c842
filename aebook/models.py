"""Autoencoder builders. Chapter 1 writes the dense autoencoder out in full, and chapter 3 its
convolutional one; these are the same networks, parameterised, for the chapters and comparisons
that need several of them. ``tests/book/test_model_copies.py`` runs each chapter's cell and checks
that the copy has the same layers and the same parameter count.

Every builder returns an uncompiled ``keras.Model`` mapping images to images, with two extra
attributes: ``encoder`` (images -> latent codes) and ``decoder`` (latent codes -> images).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

from aebook import runtime  # noqa: F401  (imports TensorFlow quietly before Keras)
from aebook._validation import check_scalar

import keras  # isort: skip
from keras import layers  # isort: skip


def _image_shape(input_shape) -> tuple[int, int]:
    if len(tuple(input_shape)) != 2:
        raise ValueError(f"Expected input_shape (height, width), got {input_shape!r}")
    return tuple(
        check_scalar(s, "each side of input_shape", numbers.Integral, min_val=1)
        for s in input_shape
    )


def _assemble(encoder: keras.Model, decoder: keras.Model, name: str) -> keras.Model:
    inputs = keras.Input(encoder.input_shape[1:], name="image")
    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name=name)
    autoencoder.encoder = encoder
    autoencoder.decoder = decoder
    return autoencoder


def build_dense_autoencoder(
    latent_dim: int,
    *,
    input_shape: Sequence[int] = (28, 28),
    hidden_units: Sequence[int] = (),
    latent_activation: str | None = "relu",
) -> keras.Model:
    """Fully connected autoencoder: flatten -> [hidden] -> latent -> [hidden reversed] -> image.

    Parameters
    ----------
    latent_dim : int
        Size of the bottleneck (the code).
    input_shape : tuple of int (height, width), default=(28, 28)
        Shape of one grey image; inputs are float32 in [0, 1].
    hidden_units : sequence of int, default=()
        Widths of extra encoder layers; the decoder mirrors them.
    latent_activation : str or None, default="relu"
        Activation of the code layer. ``None`` gives a linear code, the setting in which a
        dense autoencoder trained with MSE can at best match PCA.

    Returns
    -------
    autoencoder : keras.Model
        Maps (batch, height, width) to (batch, height, width) with a sigmoid output, so
        reconstructions lie in [0, 1]. ``autoencoder.encoder`` maps images to
        (batch, latent_dim); ``autoencoder.decoder`` maps codes back to images.

    Raises
    ------
    ValueError
        If ``latent_dim`` or a hidden width is not a positive integer, or ``input_shape`` is
        not a pair of positive integers.
    """
    check_scalar(latent_dim, "latent_dim", numbers.Integral, min_val=1)
    height, width = _image_shape(input_shape)
    hidden = [
        check_scalar(u, "each hidden_units entry", numbers.Integral, min_val=1)
        for u in hidden_units
    ]

    encoder = keras.Sequential(name="encoder")
    encoder.add(keras.Input((height, width)))
    encoder.add(layers.Flatten())
    for units in hidden:
        encoder.add(layers.Dense(units, activation="relu"))
    encoder.add(layers.Dense(latent_dim, activation=latent_activation, name="code"))

    decoder = keras.Sequential(name="decoder")
    decoder.add(keras.Input((latent_dim,)))
    for units in reversed(hidden):
        decoder.add(layers.Dense(units, activation="relu"))
    decoder.add(layers.Dense(height * width, activation="sigmoid"))
    decoder.add(layers.Reshape((height, width)))
    return _assemble(encoder, decoder, name=f"dense_autoencoder_{latent_dim}")


def build_conv_autoencoder(
    latent_dim: int,
    *,
    input_shape: Sequence[int] = (28, 28),
    filters: Sequence[int] = (32, 64),
) -> keras.Model:
    """Convolutional autoencoder: strided convolutions down, a dense code, transposed back up.

    Parameters
    ----------
    latent_dim : int
        Size of the dense bottleneck.
    input_shape : tuple of int (height, width), default=(28, 28)
        Grey image shape; each side must be divisible by ``2 ** len(filters)``.
    filters : sequence of int, default=(32, 64)
        Filters of each stride-2 3x3 convolution in the encoder; the decoder mirrors them.

    Returns
    -------
    autoencoder : keras.Model
        Maps (batch, height, width) to (batch, height, width) in [0, 1], with ``encoder``
        ((batch, height, width) -> (batch, latent_dim)) and ``decoder`` attributes.

    Raises
    ------
    ValueError
        If a size is not a positive integer, or the image sides are not divisible by
        ``2 ** len(filters)``.
    """
    check_scalar(latent_dim, "latent_dim", numbers.Integral, min_val=1)
    height, width = _image_shape(input_shape)
    filters = [check_scalar(f, "each filters entry", numbers.Integral, min_val=1) for f in filters]
    if not filters:
        raise ValueError("Expected at least one entry in filters, got an empty sequence")
    factor = 2 ** len(filters)
    if height % factor or width % factor:
        raise ValueError(
            f"Expected image sides divisible by {factor} for {len(filters)} stride-2 layers, "
            f"got input_shape {(height, width)}"
        )
    small = (height // factor, width // factor, filters[-1])

    encoder = keras.Sequential(name="encoder")
    encoder.add(keras.Input((height, width)))
    encoder.add(layers.Reshape((height, width, 1)))
    for n in filters:
        encoder.add(layers.Conv2D(n, 3, strides=2, padding="same", activation="relu"))
    encoder.add(layers.Flatten())
    encoder.add(layers.Dense(latent_dim, activation="relu", name="code"))

    decoder = keras.Sequential(name="decoder")
    decoder.add(keras.Input((latent_dim,)))
    decoder.add(layers.Dense(small[0] * small[1] * small[2], activation="relu"))
    decoder.add(layers.Reshape(small))
    for n in reversed(filters):
        decoder.add(layers.Conv2DTranspose(n, 3, strides=2, padding="same", activation="relu"))
    decoder.add(layers.Conv2D(1, 3, padding="same", activation="sigmoid"))
    decoder.add(layers.Reshape((height, width)))
    return _assemble(encoder, decoder, name=f"conv_autoencoder_{latent_dim}")
