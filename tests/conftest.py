"""Test-session defaults: quick mode, results kept apart from the full build's, Agg plots.

``make test`` runs, in one session, aebook's doctests and ``tests/unit`` (no kernel, no build),
then every chapter under nbval, then ``tests/book``. The chapters that nbval runs write their
results to :data:`NBVAL_RESULTS`; the quick build of the site (``tests/book/conftest.py``) writes
its own to ``_build/quick/results``, and ``tests/book/test_reproducibility.py`` compares them.
"""

import os
import shutil
from pathlib import Path

import matplotlib
import pytest

# Plots are drawn off-screen in tests; each test starts and ends with no open figure.
matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]

# Set before any notebook kernel starts, so that `pytest` alone is as safe as `make test`.
os.environ.setdefault("AEBOOK_QUICK", "1")
os.environ.setdefault("AEBOOK_RESULTS_DIR", str(REPO / "_build" / "nbval" / "results"))
NBVAL_RESULTS = Path(os.environ["AEBOOK_RESULTS_DIR"])
_mirror = REPO.parent / "shared" / "datasets"
if _mirror.is_dir():
    os.environ.setdefault("AEBOOK_DATA_MIRROR", str(_mirror))

#: The notebooks that nbval runs in this session (filled in at collection).
NBVAL_NOTEBOOKS = pytest.StashKey[set]()


def pytest_collection_modifyitems(session, config, items):
    notebooks = {Path(item.path).resolve() for item in items if item.path.suffix == ".ipynb"}
    config.stash[NBVAL_NOTEBOOKS] = notebooks
    if notebooks:
        # This session's nbval run writes its own results; never compare with an earlier one's.
        shutil.rmtree(NBVAL_RESULTS, ignore_errors=True)


@pytest.fixture(autouse=True)
def close_figures():
    import matplotlib.pyplot as plt

    plt.close("all")
    yield
    plt.close("all")
