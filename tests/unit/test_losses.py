"""Tests for aebook.losses.ssim_loss."""

import numpy as np
import pytest

from aebook.losses import ssim_loss


@pytest.fixture
def images():
    rng = np.random.default_rng(0)
    return rng.random((4, 28, 28)).astype("float32")


@pytest.mark.parametrize("filter_size", [3, 7, 11])
def test_identical_images_have_zero_loss(images, filter_size):
    loss = float(ssim_loss(filter_size=filter_size)(images, images))
    assert loss == pytest.approx(0.0, abs=1e-5)


def test_loss_grows_with_damage(images):
    loss = ssim_loss(filter_size=7)
    slightly = np.clip(images + 0.05, 0, 1)
    heavily = 1.0 - images
    assert 0 < float(loss(images, slightly)) < float(loss(images, heavily))


def test_channel_axis_gives_the_same_loss(images):
    loss = ssim_loss()
    flat = float(loss(images, 1 - images))
    channel = float(loss(images[..., None], 1 - images[..., None]))
    assert flat == pytest.approx(channel)


def test_trains_a_keras_model(images):
    import keras

    model = keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(28 * 28, activation="sigmoid"),
            keras.layers.Reshape((28, 28)),
        ]
    )
    model.compile(optimizer="adam", loss=ssim_loss(filter_size=7))
    history = model.fit(images, images, epochs=1, batch_size=4, verbose=0)
    assert np.isfinite(history.history["loss"][0])


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

REJECTIONS = [
    pytest.param(
        ssim_loss, (), {"filter_size": 4}, "Expected an odd filter_size, got 4", id="even-filter"
    ),
    pytest.param(
        ssim_loss, (), {"filter_size": 1}, "Expected filter_size >= 3, got 1", id="filter-too-small"
    ),
    pytest.param(
        ssim_loss,
        (),
        {"filter_size": 7.0},
        r"Expected filter_size to be an integer, got 7\.0",
        id="float-filter",
    ),
    pytest.param(ssim_loss, (), {"max_val": 0}, "Expected max_val > 0, got 0", id="max-val-zero"),
    pytest.param(
        ssim_loss,
        (),
        {"max_val": True},
        "Expected max_val to be a number, got True",
        id="max-val-bool",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
