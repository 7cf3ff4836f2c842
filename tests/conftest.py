"""Test-session defaults: quick mode, quick results kept apart from the full build's, Agg plots."""

import os
from pathlib import Path

import matplotlib
import pytest

# Plots are drawn off-screen in tests; each test starts and ends with no open figure.
matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]

# Set before any notebook kernel starts, so that `pytest` alone is as safe as `make test`.
os.environ.setdefault("AEBOOK_QUICK", "1")
os.environ.setdefault("AEBOOK_RESULTS_DIR", str(REPO / "_build" / "quick" / "results"))
_mirror = REPO.parent / "shared" / "datasets"
if _mirror.is_dir():
    os.environ.setdefault("AEBOOK_DATA_MIRROR", str(_mirror))


@pytest.fixture(autouse=True)
def close_figures():
    import matplotlib.pyplot as plt

    plt.close("all")
    yield
    plt.close("all")
