"""The networks in aebook.models are copies of networks the chapters write out; tie each to its cell.

A chapter teaches a model by writing out its Keras layers (CONTRIBUTING.md, "The idea is visible
in the chapter"); :mod:`aebook.models` builds the same networks, parameterised, for the cells and
chapters that need several of them. Each test runs the chapter's own cell and checks that the
copy has the same layers, in the same order with the same settings, and the same parameter
count. A chapter that changes its network fails here until the copy follows (or goes).
"""

import json
import re

import numpy as np
import pytest

from aebook import models

from .conftest import REPO

import keras  # isort: skip
from keras import layers  # isort: skip

#: The settings that make two layers the same layer (names and initialisers do not).
SETTINGS = ("units", "filters", "kernel_size", "strides", "padding", "activation", "target_shape")


def _cell(page, *fragments):
    """The source of the one code cell of a chapter that holds every fragment."""
    cells = json.loads((REPO / f"book/{page}.ipynb").read_text(encoding="utf-8"))["cells"]
    found = [
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and all(f in "".join(c["source"]) for f in fragments)
    ]
    assert len(found) == 1, f"{page}: expected one cell with {fragments}, found {len(found)}"
    return found[0]


def _run(source, **names):
    namespace = {"keras": keras, "layers": layers, "np": np, **names}
    exec(
        compile(source.replace(".summary()", ".count_params()"), "<chapter cell>", "exec"),
        namespace,
    )
    return namespace


def _layers(model):
    """Every leaf layer of a model, nested models opened, as (class, settings)."""
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            out += _layers(layer)
        elif not isinstance(layer, keras.layers.InputLayer):
            config = layer.get_config()
            out.append((type(layer).__name__, {k: config[k] for k in SETTINGS if k in config}))
    return out


def _assert_same(chapter_model, copy):
    assert _layers(copy) == _layers(chapter_model)
    assert copy.count_params() == chapter_model.count_params()


def test_dense_autoencoder_is_chapter_1s_network():
    source = _cell("01-basic-autoencoder", "keras.Sequential([encoder, decoder]")
    latent_dim = int(
        re.search(
            r"^LATENT_DIM = (\d+)", _cell("01-basic-autoencoder", "LATENT_DIM = "), re.M
        ).group(1)
    )
    chapter = _run(source, LATENT_DIM=latent_dim)["autoencoder"]
    _assert_same(chapter, models.build_dense_autoencoder(latent_dim))


@pytest.mark.parametrize("page", ["03-ssim-anomaly-detection", "05-variational-autoencoder"])
def test_conv_autoencoder_is_chapter_3s_network(page):
    """Chapter 3 writes the network out; chapter 5 re-creates it with models.build_conv_autoencoder."""
    builder = _run(
        _cell("03-ssim-anomaly-detection", "def build_autoencoder("),
        LATENT_DIM=64,
        FILTERS=(16, 32),
    )
    if page == "03-ssim-anomaly-detection":
        constants = _cell(page, "LATENT_DIM = ", "FILTERS = ")
        code_size = int(re.search(r"^LATENT_DIM = (\d+)", constants, re.M).group(1))
        filters = tuple(
            int(f)
            for f in re.search(r"^FILTERS = \(([\d, ]+)\)", constants, re.M).group(1).split(",")
        )
    else:
        call = re.search(
            r"models\.build_conv_autoencoder\((\d+), filters=\(([\d, ]+)\)\)",
            _cell(page, "models.build_conv_autoencoder("),
        )
        assert call, "chapter 5 builds chapter 3's network with explicit code size and filters"
        code_size, filters = int(call.group(1)), tuple(int(f) for f in call.group(2).split(","))
    chapter, _ = builder["build_autoencoder"](code_size=code_size, filters=filters)
    _assert_same(chapter, models.build_conv_autoencoder(code_size, filters=filters))
