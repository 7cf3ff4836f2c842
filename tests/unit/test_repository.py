"""Repository invariants: notebooks stored clean, dependency lists in step, build settings."""

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "book").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "expected notebooks under book/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_the_python3_kernel(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def _requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return [Requirement(r) for r in requirements]


def _pins() -> dict[str, str]:
    """constraints.txt as normalised name -> pinned version; every line must pin exactly."""
    pins = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep and version, f"constraints.txt: {line!r} is not name==version"
            pins[canonicalize_name(name)] = version
    return pins


def test_every_dependency_is_pinned_within_its_range():
    pins = _pins()
    for requirement in _requirements():
        version = pins.get(canonicalize_name(requirement.name))
        assert version, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"constraints.txt pins {requirement.name}=={version}, outside {requirement.specifier}"
        )


def test_environment_yml_and_makefile_install_with_the_constraints():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_lists = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip_lists) == 1, "environment.yml should have one pip: section"
    pip = [re.sub(r"\s+", " ", line.strip()) for line in pip_lists[0]]
    assert "-c constraints.txt" in pip
    editable = [line for line in pip if line.startswith(("-e ", "--editable "))]
    assert len(editable) == 1, "environment.yml should install aebook itself"
    extras = re.fullmatch(r"\S+ \.\[([a-z,]+)\]", editable[0])
    assert extras and set(extras[1].split(",")) == {"cpu", "book", "test", "course"}
    python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert python, "environment.yml should pin python"
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"pip install .*-c constraints\.txt -e", makefile), (
        "make should install aebook with -c constraints.txt"
    )


def test_build_fails_loudly_on_notebook_errors():
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    assert config["execute"]["allow_errors"] is False
    assert config["execute"]["timeout"] >= 600
    assert config["sphinx"]["config"]["nb_execution_raise_on_error"] is True
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"jupyter-book build .* -W", makefile), (
        "the site build must treat warnings as errors"
    )


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    assert "make test" in readme and "make book" in readme
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_toc_lists_every_notebook():
    toc = (REPO / "_toc.yml").read_text()
    for path in NOTEBOOKS:
        assert f"book/{path.stem}" in toc, f"{path.name} is missing from _toc.yml"


def test_the_package_declares_ranges_not_pins():
    pinned = [str(r) for r in _requirements() if any(s.operator == "==" for s in r.specifier)]
    assert not pinned, f"pin exact versions in constraints.txt, not in pyproject.toml: {pinned}"


def test_make_book_and_make_test_install_from_the_constraints():
    makefile = (REPO / "Makefile").read_text()
    stamp = re.search(r"^\$\(STAMP\):.*\n\t(.+)$", makefile, re.M)
    assert stamp and "-c constraints.txt" in stamp.group(1), "the install rule uses the lock file"
    assert re.search(r"^\$\(STAMP\):.*constraints\.txt", makefile, re.M), "reinstall on a change"
    for target in ("book", "test"):
        assert re.search(rf"^{target}: \$\(STAMP\)", makefile, re.M), f"make {target} installs"
    assert "make test" in (REPO / ".ci" / "run").read_text()


# Versions a fresh Colab runtime had preinstalled (pip list, 2025). The chapters' install cell adds
# aebook there with `%pip install`; pip replaces a preinstalled package only when aebook's range
# excludes it, which would reload NumPy or Keras under a running kernel.
COLAB = {
    "ipython": "7.34.0",
    "joblib": "1.4.2",
    "keras": "3.8.0",
    "matplotlib": "3.10.0",
    "numpy": "2.0.2",
    "pandas": "2.2.2",
    "pooch": "1.8.2",
    "scikit-image": "0.25.2",
    "scikit-learn": "1.6.1",
    "tensorboard": "2.18.0",
    "tensorflow": "2.18.0",
}


def test_core_ranges_keep_what_colab_already_has():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    core = [Requirement(r) for r in project["dependencies"]]
    for requirement in core:
        version = COLAB.get(canonicalize_name(requirement.name))
        if version:
            assert requirement.specifier.contains(version), (
                f"{requirement} would replace Colab's {requirement.name} {version}"
            )
    # The install cell asks for no TensorFlow extra where TensorFlow is present.
    for extra in ("cpu", "gpu"):
        for requirement in map(Requirement, project["optional-dependencies"][extra]):
            assert requirement.specifier.contains(COLAB["tensorflow"]), str(requirement)
