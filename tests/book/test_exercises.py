"""Autograded exercises that a library call cannot pass (CONTRIBUTING.md, "The page a reader sees").

Each autograded solution cell names, in its metadata, the one-call shortcut a student might
hand in instead of the exercise: ``"aebook": {"delegation": "<source>"}``, a definition of the
same function that just calls aebook's, scikit-learn's or Keras's version of it. The check cell
must fail on an assertion for that definition, and pass for the reference solution (tests/book/test_assignments.py
runs the reference).
"""

import json
import re

import pytest

from .conftest import CHAPTERS, REPO

NOTEBOOKS = [REPO / f"{page}.ipynb" for page in CHAPTERS]


def _source(cell):
    return "".join(cell["source"])


def _exercises(path):
    """(grade id, solution cell, check cell) of each autograded exercise of a chapter."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for i, cell in enumerate(cells):
        grader = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and grader.get("solution"):
            found.append((grader["grade_id"], cell, cells[i + 2]))
    return found


def _imports(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return next(
        _source(c)
        for c in cells
        if c["cell_type"] == "code" and _source(c).lstrip().startswith("from aebook import")
    )


EXERCISES = [
    pytest.param(path, grade_id, solution, check, id=f"{path.stem}:{grade_id}")
    for path in NOTEBOOKS
    for grade_id, solution, check in _exercises(path)
]


@pytest.mark.parametrize(("path", "grade_id", "solution", "check"), EXERCISES)
def test_check_fails_for_a_one_call_delegation(path, grade_id, solution, check):
    delegation = solution["metadata"].get("aebook", {}).get("delegation")
    assert delegation, f"{grade_id}: name its one-call shortcut in metadata aebook.delegation"
    name = re.search(r"^def (\w+)\(", _source(solution), flags=re.M).group(1)
    assert re.search(rf"^def {name}\(", delegation, flags=re.M), "the same function, delegated"
    namespace = {}
    exec(compile(_imports(path), f"<{path.stem} imports>", "exec"), namespace)
    exec(compile(delegation, f"<{grade_id} delegation>", "exec"), namespace)
    # The shortcut runs (its signature fits) but gives the wrong answer: an assertion fails.
    with pytest.raises(AssertionError):
        exec(compile(_source(check), f"<{grade_id} check>", "exec"), namespace)


def test_every_chapter_has_two_autograded_exercises():
    for path in NOTEBOOKS:
        assert len(_exercises(path)) >= 2, f"{path.name}: two autograded exercises expected"
