"""Tests for aebook.models: shapes, ranges, encoder/decoder wiring and argument checks."""

import numpy as np
import pytest

from aebook import models

import keras  # isort: skip

BUILDERS = {
    "dense": models.build_dense_autoencoder,
    "conv": lambda latent_dim, **kw: models.build_conv_autoencoder(
        latent_dim, filters=kw.pop("filters", (4, 8)), **kw
    ),
}


def _images(n=5, shape=(28, 28), seed=0):
    return np.random.default_rng(seed).random((n, *shape), dtype=np.float32)


def _np(tensor):
    return keras.ops.convert_to_numpy(tensor)


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def autoencoder(request):
    keras.utils.set_random_seed(0)
    return BUILDERS[request.param](3)


def test_output_shape_and_range(autoencoder):
    x = _images(5)
    x_hat = _np(autoencoder(x, training=False))
    assert x_hat.shape == (5, 28, 28)
    assert np.all((x_hat >= 0.0) & (x_hat <= 1.0))


def test_encoder_gives_codes_of_latent_dim(autoencoder):
    z = _np(autoencoder.encoder(_images(4), training=False))
    assert z.shape == (4, 3)


def test_decoder_maps_codes_to_images(autoencoder):
    codes = np.random.default_rng(1).random((6, 3), dtype=np.float32)
    images = _np(autoencoder.decoder(codes, training=False))
    assert images.shape == (6, 28, 28)
    assert np.all((images >= 0.0) & (images <= 1.0))


def test_decoder_of_encoder_is_the_autoencoder(autoencoder):
    x = _images(4, seed=2)
    whole = _np(autoencoder(x, training=False))
    parts = _np(autoencoder.decoder(autoencoder.encoder(x, training=False), training=False))
    assert np.allclose(whole, parts)


def test_models_are_uncompiled_keras_models(autoencoder):
    assert isinstance(autoencoder, keras.Model)
    assert isinstance(autoencoder.encoder, keras.Model)
    assert isinstance(autoencoder.decoder, keras.Model)
    assert not autoencoder.compiled


def test_names_carry_latent_dim():
    assert models.build_dense_autoencoder(7).name == "dense_autoencoder_7"
    assert models.build_conv_autoencoder(7, filters=(4,)).name == "conv_autoencoder_7"


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_non_square_input_shape(kind):
    ae = BUILDERS[kind](2, input_shape=(16, 12))
    x = _images(3, shape=(16, 12))
    assert _np(ae(x, training=False)).shape == (3, 16, 12)
    assert _np(ae.encoder(x, training=False)).shape == (3, 2)


def _dense_units(model):
    return [layer.units for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def test_dense_hidden_units_are_mirrored():
    ae = models.build_dense_autoencoder(3, hidden_units=(16, 8))
    assert _dense_units(ae.encoder) == [16, 8, 3]
    assert _dense_units(ae.decoder) == [8, 16, 28 * 28]


def test_dense_linear_code_can_be_negative():
    keras.utils.set_random_seed(0)
    ae = models.build_dense_autoencoder(8, latent_activation=None)
    assert ae.encoder.get_layer("code").activation.__name__ == "linear"
    assert np.any(_np(ae.encoder(_images(8), training=False)) < 0)


def test_conv_filters_are_mirrored():
    ae = models.build_conv_autoencoder(3, filters=(4, 8))
    conv = [layer.filters for layer in ae.encoder.layers if isinstance(layer, keras.layers.Conv2D)]
    up = [
        layer.filters
        for layer in ae.decoder.layers
        if isinstance(layer, keras.layers.Conv2DTranspose)
    ]
    assert conv == [4, 8]
    assert up == [8, 4]


def test_one_epoch_of_training_keeps_encoder_and_decoder_shared():
    keras.utils.set_random_seed(0)
    ae = models.build_dense_autoencoder(4)
    x = _images(32, seed=3)
    before = [w.copy() for w in ae.encoder.get_weights()]
    ae.compile(optimizer="adam", loss="mse")
    history = ae.fit(x, x, epochs=1, batch_size=16, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    after = ae.encoder.get_weights()
    assert any(not np.array_equal(b, a) for b, a in zip(before, after, strict=True))
    whole = _np(ae(x[:4], training=False))
    parts = _np(ae.decoder(ae.encoder(x[:4], training=False), training=False))
    assert np.allclose(whole, parts)


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

BUILDER_MISTAKES = [
    ("latent-dim-zero", (0,), {}, "Expected latent_dim >= 1, got 0"),
    ("latent-dim-float", (2.5,), {}, r"Expected latent_dim to be an integer, got 2\.5"),
    ("latent-dim-bool", (True,), {}, "Expected latent_dim to be an integer, got True"),
    ("latent-dim-text", ("8",), {}, "Expected latent_dim to be an integer, got '8'"),
    (
        "input-shape-with-channel",
        (2,),
        {"input_shape": (28, 28, 1)},
        r"Expected input_shape \(height, width\), got \(28, 28, 1\)",
    ),
    (
        "input-shape-zero-side",
        (2,),
        {"input_shape": (0, 28)},
        "Expected each side of input_shape >= 1, got 0",
    ),
    (
        "input-shape-float-side",
        (2,),
        {"input_shape": (28.0, 28)},
        r"Expected each side of input_shape to be an integer, got 28\.0",
    ),
    (
        "input-shape-text-side",
        (2,),
        {"input_shape": ("28", 28)},
        "Expected each side of input_shape to be an integer, got '28'",
    ),
]
REJECTIONS = [
    *(
        pytest.param(build, args, kwargs, message, id=f"{kind}-{name}")
        for kind, build in [
            ("dense", models.build_dense_autoencoder),
            ("conv", models.build_conv_autoencoder),
        ]
        for name, args, kwargs, message in BUILDER_MISTAKES
    ),
    pytest.param(
        models.build_dense_autoencoder,
        (2,),
        {"hidden_units": (16, 0)},
        "Expected each hidden_units entry >= 1, got 0",
        id="dense-hidden-units-zero",
    ),
    pytest.param(
        models.build_dense_autoencoder,
        (2,),
        {"hidden_units": (4.0,)},
        r"Expected each hidden_units entry to be an integer, got 4\.0",
        id="dense-hidden-units-float",
    ),
    pytest.param(
        models.build_dense_autoencoder,
        (2,),
        {"hidden_units": (True,)},
        "Expected each hidden_units entry to be an integer, got True",
        id="dense-hidden-units-bool",
    ),
    pytest.param(
        models.build_conv_autoencoder,
        (2,),
        {"filters": (4, 0)},
        "Expected each filters entry >= 1, got 0",
        id="conv-filters-zero",
    ),
    pytest.param(
        models.build_conv_autoencoder,
        (2,),
        {"filters": (4.5,)},
        r"Expected each filters entry to be an integer, got 4\.5",
        id="conv-filters-float",
    ),
    pytest.param(
        models.build_conv_autoencoder,
        (2,),
        {"filters": ()},
        "Expected at least one entry in filters, got an empty sequence",
        id="conv-no-filters",
    ),
    pytest.param(
        models.build_conv_autoencoder,
        (2,),
        {"input_shape": (30, 30), "filters": (4, 8)},
        r"Expected image sides divisible by 4 for 2 stride-2 layers, got input_shape \(30, 30\)",
        id="conv-sides-indivisible",
    ),
    pytest.param(
        models.build_conv_autoencoder,
        (2,),
        {"input_shape": (28, 28), "filters": (4, 4, 4)},
        r"Expected image sides divisible by 8 for 3 stride-2 layers, got input_shape \(28, 28\)",
        id="conv-too-many-layers",
    ),
    pytest.param(
        models.build_conv_autoencoder,
        (2,),
        {"input_shape": (28, 26), "filters": (4, 8)},
        r"Expected image sides divisible by 4 for 2 stride-2 layers, got input_shape \(28, 26\)",
        id="conv-one-side-indivisible",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
