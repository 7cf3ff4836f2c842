"""The book's tests: the session's one quick-mode build of the site, and the book's tooling.

``quick_site`` builds the site once per session; the build checks, the site tests, the browser
test and the reproducibility test share it. The book's tooling (``book/_ext``: the Sphinx
extension, the assignment builder, the benchmark runner) is importable here.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
QUICK_OUT = REPO / "_build" / "quick"
QUICK_RESULTS = QUICK_OUT / "results"
sys.path.insert(0, str(REPO / "book" / "_ext"))

CONFIG = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
#: Page -> results name of every chapter, in book order, as _config.yml names them.
CHAPTERS = CONFIG["sphinx"]["config"]["aebook_chapters"]

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
    all: the flags of ``make book``. The log is kept as ``_build/quick/build.log``.

    Returns
    -------
    pathlib.Path
        The html folder, ``_build/quick/_build/html``. The chapters' results are in
        ``_build/quick/results``.
    """
    shutil.rmtree(QUICK_OUT, ignore_errors=True)
    QUICK_OUT.mkdir(parents=True)
    env = dict(os.environ, AEBOOK_QUICK="1", AEBOOK_RESULTS_DIR=str(QUICK_RESULTS))
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jupyter_book), "build", str(REPO), "--path-output", str(QUICK_OUT), "--all"]
    cmd += ["-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    log = proc.stdout + proc.stderr
    (QUICK_OUT / "build.log").write_text(log, encoding="utf-8")
    assert proc.returncode == 0, (
        f"jupyter-book build failed (log: {QUICK_OUT / 'build.log'}):\n"
        f"{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    )
    return QUICK_OUT / "_build" / "html"
