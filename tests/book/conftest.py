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
#: The flags `make book` builds the site with (-W -n --keep-going), read from the Makefile.
MAKE_BOOK_FLAGS = (
    re.search(r"^book:.*\n\t.*jupyter-book build \. (.+)$", (REPO / "Makefile").read_text(), re.M)
    .group(1)
    .split()
)


def log_warnings(log: str) -> list[str]:
    """Every line of a build log that mentions WARNING, less the known lines above."""
    lines = (_ANSI.sub("", line).strip() for line in log.splitlines())
    return [line for line in lines if "WARNING" in line and line not in KNOWN_LOG_WARNINGS]


_BUILD: dict[str, subprocess.Popen] = {}


def _start_quick_build() -> subprocess.Popen:
    """Start the quick build of the site in the background, once per session."""
    if "proc" not in _BUILD:
        shutil.rmtree(QUICK_OUT, ignore_errors=True)
        QUICK_OUT.mkdir(parents=True)
        env = dict(os.environ, AEBOOK_QUICK="1", AEBOOK_RESULTS_DIR=str(QUICK_RESULTS))
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        cmd = [str(jupyter_book), "build", str(REPO), "--path-output", str(QUICK_OUT), "--all"]
        cmd += MAKE_BOOK_FLAGS
        log = open(QUICK_OUT / "build.log", "w", encoding="utf-8")  # the process writes it
        _BUILD["proc"] = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=log)
    return _BUILD["proc"]


def pytest_collection_modifyitems(session, config, items):
    # The build takes minutes and runs no test code: start it as soon as the session knows it
    # needs it, so that it runs while the unit tests and nbval do (two cores, two processes).
    if any("quick_site" in getattr(item, "fixturenames", ()) for item in items):
        _start_quick_build()


def pytest_sessionfinish(session, exitstatus):
    proc = _BUILD.get("proc")
    if proc is not None and proc.poll() is None:
        proc.kill()


@pytest.fixture(scope="session")
def quick_site() -> Path:
    """The book built once per session, in quick mode, into ``_build/quick``.

    The build starts cold (a warm execution cache would skip notebooks and so never rewrite
    their results), executes every chapter, and runs Sphinx with warnings as errors (``-W``),
    nitpicky on internal references (``-n``) and ``--keep-going`` so that the log lists them
    all: the flags of ``make book``, read from the Makefile. It starts in the background when the tests are collected
    (see ``pytest_collection_modifyitems``); this fixture waits for it. The log is kept as
    ``_build/quick/build.log``.

    Returns
    -------
    pathlib.Path
        The html folder, ``_build/quick/_build/html``. The chapters' results are in
        ``_build/quick/results``.
    """
    proc = _start_quick_build()
    returncode = proc.wait(timeout=1800)
    log = (QUICK_OUT / "build.log").read_text(encoding="utf-8")
    assert returncode == 0, (
        f"jupyter-book build failed (log: {QUICK_OUT / 'build.log'}):\n{log[-8000:]}"
    )
    return QUICK_OUT / "_build" / "html"
