"""Chapter 1's side box writes the dense autoencoder as a subclassed keras.Model, as Markdown.

The box's code is not executed in the chapter (it sits in an admonition), so it is run here: it
must build, map images to images, and hold as many weights as the chapter's Sequential model.
"""

import json
import re

import numpy as np

from aebook import runtime  # noqa: F401  (imports TensorFlow quietly before Keras)

from .conftest import REPO

import keras  # isort: skip
from keras import layers  # isort: skip

CHAPTER = REPO / "book" / "01-basic-autoencoder.ipynb"


def _cells():
    cells = json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
    return {cell["id"]: "".join(cell["source"]) for cell in cells}


def test_side_box_model_matches_the_chapter_model():
    cells = _cells()
    box = next(text for text in cells.values() if "subclassed `keras.Model`" in text)
    code = re.search(r"```python\n(.*?)```", box, flags=re.S).group(1)
    side = {"keras": keras, "layers": layers}
    exec(compile(code, "<side box>", "exec"), side)
    chapter = {"keras": keras, "layers": layers, "LATENT_DIM": 64}
    model_cell = next(text for text in cells.values() if 'name="autoencoder"' in text)
    exec(compile(model_cell.replace("autoencoder.summary()", ""), "<model>", "exec"), chapter)

    images = np.random.default_rng(0).random((3, 28, 28)).astype("float32")
    output = side["autoencoder"](images)
    assert tuple(output.shape) == (3, 28, 28)
    assert side["autoencoder"].count_params() == chapter["autoencoder"].count_params()
    assert tuple(side["autoencoder"].encoder(images).shape) == (3, 64)
