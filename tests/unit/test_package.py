"""What `pip install aebook` ships: the teaching modules, and nothing of the site's tooling."""

import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: Every module a chapter imports, and the checks they share: the whole package.
TEACHING_MODULES = {
    "__init__",
    "_validation",
    "anomaly",
    "data",
    "defects",
    "denoisers",
    "features",
    "models",
    "noise",
    "plots",
    "quality",
    "results",
    "runtime",
    "scores",
    "streams",
}
TOOLING = ("sphinx", "docutils", "myst_nb", "nbgrader", "nbclient", "playwright", "jupyter_book")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel `pip install .` would install, built from this checkout's sources.

    The sources are copied first: setuptools reuses the checkout's ``build/`` folder, which
    can still hold a module that has since been deleted.
    """
    source = tmp_path_factory.mktemp("source")
    shutil.copytree(
        REPO / "aebook", source / "aebook", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q"]
    subprocess.run([*cmd, "-w", str(out), str(source)], check=True, capture_output=True)
    (path,) = out.glob("aebook-*.whl")
    return zipfile.ZipFile(path)


def test_package_folder_holds_only_teaching_modules():
    modules = {p.stem for p in (REPO / "aebook").glob("*.py")}
    assert modules == TEACHING_MODULES
    assert not [p for p in (REPO / "aebook").iterdir() if p.is_dir() and p.name != "__pycache__"]


def test_wheel_ships_the_teaching_modules_and_requires_no_tooling(wheel):
    modules = {Path(n).stem for n in wheel.namelist() if n.startswith("aebook/")}
    assert modules == TEACHING_MODULES
    assert not [n for n in wheel.namelist() if not n.startswith(("aebook/", "aebook-"))]
    (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    requires = Parser().parsestr(wheel.read(metadata).decode()).get_all("Requires-Dist")
    core = [r for r in requires if "extra ==" not in r]
    assert core, "the package declares its dependencies"
    for name in ("sphinx", "nbgrader", "playwright", "jupyter-book", "myst-nb", "nbclient"):
        assert not [r for r in core if r.lower().startswith(name)], f"{name} without an extra"


def test_importing_every_module_imports_no_tooling():
    code = (
        "import sys, aebook.anomaly, aebook.data, aebook.defects, aebook.denoisers, "
        "aebook.models, aebook.noise, aebook.plots, aebook.quality, aebook.results, "
        "aebook.runtime, aebook.scores; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({TOOLING!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
