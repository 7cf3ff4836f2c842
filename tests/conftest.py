"""Test-session defaults: quick mode, and quick results kept apart from the full build's."""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Set before any notebook kernel starts, so that `pytest` alone is as safe as `make test`.
os.environ.setdefault("AEBOOK_QUICK", "1")
os.environ.setdefault("AEBOOK_RESULTS_DIR", str(REPO / "_build" / "quick" / "results"))
_mirror = REPO.parent / "shared" / "datasets"
if _mirror.is_dir():
    os.environ.setdefault("AEBOOK_DATA_MIRROR", str(_mirror))
