"""Test-session defaults: quick mode, quick results kept apart from the full build's, Agg plots.

Also the session's one quick-mode build of the site (`quick_site`), shared by the build checks
and the browser test.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

# Plots are drawn off-screen in tests; each test starts and ends with no open figure.
matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
QUICK_OUT = REPO / "_build" / "quick"

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


# Build-log lines that say WARNING but are not about the site, each allowed by its exact text.
# ipykernel 7 prints this when jupyter-book's kernel manager starts a local kernel on TCP
# (127.0.0.1); it describes the kernel's transport, not the book.
KNOWN_LOG_WARNINGS = (
    "[IPKernelApp] WARNING | Kernel is running over TCP without encryption. All communication "
    "(including code and outputs) is sent in plain text and is susceptible to eavesdropping. "
    "Use IPC transport or launch with kernel manager-provisioned CurveZMQ keys to enable "
    "transport encryption.",
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def log_warnings(log: str) -> list[str]:
    """Every line of a build log that mentions WARNING, less the known lines above."""
    lines = (_ANSI.sub("", line).strip() for line in log.splitlines())
    return [line for line in lines if "WARNING" in line and line not in KNOWN_LOG_WARNINGS]


@pytest.fixture(scope="session")
def quick_site() -> Path:
    """Build the book once per session, in quick mode, into ``_build/quick``.

    The build starts cold (a warm execution cache would skip notebooks and so never rewrite
    their results), executes every chapter, and runs Sphinx with warnings as errors (``-W``),
    nitpicky on internal references (``-n``) and ``--keep-going`` so that the log lists them
    all. The log is kept as ``_build/quick/build.log``.

    Returns
    -------
    pathlib.Path
        The html folder, ``_build/quick/_build/html``. The chapters' results are in
        ``_build/quick/results``.
    """
    results_dir = QUICK_OUT / "results"
    shutil.rmtree(QUICK_OUT, ignore_errors=True)
    QUICK_OUT.mkdir(parents=True)
    env = dict(os.environ, AEBOOK_QUICK="1", AEBOOK_RESULTS_DIR=str(results_dir))
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jupyter_book), "build", str(REPO), "--path-output", str(QUICK_OUT), "--all"]
    cmd += ["-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    # The log's first line is the command, so that a test can check the flags it ran with.
    log = "$ " + " ".join(cmd) + "\n" + proc.stdout + proc.stderr
    (QUICK_OUT / "build.log").write_text(log, encoding="utf-8")
    assert proc.returncode == 0, (
        f"jupyter-book build failed (log: {QUICK_OUT / 'build.log'}):\n"
        f"{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    )
    return QUICK_OUT / "_build" / "html"
