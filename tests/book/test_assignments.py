"""Exercises and `make assignments`: hidden solutions on the site, nbgrader students' copies.

The students' copies are built with the command `make assignments` runs, into a temporary
folder. They must be valid notebooks that keep every check and hold no solution; the reference
solutions in the chapters must pass their own checks, and the students' stubs must fail them.
"""

import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
import pytest
from assignments import REMOVE_TAG, build_assignments

from .conftest import CHAPTERS as CHAPTER_RESULTS
from .conftest import REPO

CHAPTERS = [REPO / f"{page}.ipynb" for page in CHAPTER_RESULTS]
TOOL = REPO / "book" / "_ext" / "assignments.py"


def _load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _source(cell):
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _grader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _solution_code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and _grader(c).get("solution")]


def _check_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and _grader(c).get("grade")]


def _imports_cell(nb):
    """The chapter's one imports cell (the first that imports aebook's modules)."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and _source(cell).lstrip().startswith("from aebook import"):
            return _source(cell)
    raise AssertionError("no imports cell (`from aebook import ...`) found")


def _solution_lines(nb):
    """Distinctive lines of every solution: nbgrader solution regions and answer cells, and
    the cells that only frame a solution on the site; lines found elsewhere are left out."""
    hidden, shown = set(), set()
    for cell in nb["cells"]:
        text, meta = _source(cell), _grader(cell)
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code" and meta.get("solution"):
            inside = False
            for line in text.splitlines():
                if "BEGIN SOLUTION" in line:
                    inside = True
                elif "END SOLUTION" in line:
                    inside = False
                else:
                    (hidden if inside else shown).add(line.strip())
        elif meta.get("solution") or REMOVE_TAG in tags:
            hidden.update(line.strip() for line in text.splitlines())
        else:
            shown.update(line.strip() for line in text.splitlines())
    # Fences, blank lines and other short lines say nothing about the solution.
    return {line for line in hidden - shown if len(line) >= 12 and re.search(r"\w{3}", line)}


def _run_cells(sources, label, namespace):
    """Execute cells one after another in ``namespace``."""
    for source in sources:
        exec(compile(source, f"<{label}>", "exec"), namespace)


@pytest.fixture(scope="module")
def students(tmp_path_factory):
    """Build the students' copies with `make assignments`'s command; return {name: notebook}."""
    pytest.importorskip("nbgrader", reason="install the course extra: pip install -e '.[course]'")
    out = tmp_path_factory.mktemp("assignments") / "assignments"
    cmd = [sys.executable, str(TOOL), "--out", str(out), *map(str, CHAPTERS)]
    makefile = (REPO / "Makefile").read_text()
    assert "book/_ext/assignments.py --out _build/assignments book/0*.ipynb" in makefile, (
        "make assignments should run the command this test runs"
    )
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return {path.name: out / path.name for path in CHAPTERS}


def test_there_are_chapters():
    assert len(CHAPTERS) >= 4


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_numbered_exercises_with_hidden_solutions(path):
    nb = _load(path)
    text = "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    labels = re.findall(r"^:{3,}\{exercise\}.*\n:label: (\S+)", text, flags=re.M)
    assert len(labels) >= 3, f"{path.name}: {len(labels)} labelled exercises, expected 3 or more"
    assert len(set(labels)) == len(labels), f"{path.name}: duplicate exercise labels"
    for label in labels:
        solution = re.search(
            rf"^:{{3,}}\{{solution(?:-start)?\}} {re.escape(label)}\n:class: dropdown$",
            text,
            flags=re.M,
        )
        assert solution, f"{path.name}: exercise {label} has no solution hidden in a dropdown"
    assert text.count("{solution-start}") == text.count("{solution-end}")
    assert _check_cells(nb), f"{path.name}: no autograded check"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_autograded_solutions_are_gated_and_followed_by_their_check(path):
    nb = _load(path)
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        if cell not in _solution_code_cells(nb):
            continue
        grade_id = _grader(cell)["grade_id"]
        assert "### BEGIN SOLUTION" in _source(cell) and "### END SOLUTION" in _source(cell)
        before, after = _source(cells[i - 1]), _source(cells[i + 1])
        assert "{solution-start}" in before and "{solution-end}" in after, (
            f"{path.name}: {grade_id} should sit between solution-start and solution-end"
        )
        for frame in (cells[i - 1], cells[i + 1]):
            assert REMOVE_TAG in frame["metadata"].get("tags", []), f"{grade_id}: untagged frame"
        check = cells[i + 2]
        assert _grader(check).get("grade") and _grader(check).get("locked"), (
            f"{path.name}: {grade_id} should be followed by a locked check cell"
        )


def test_students_copies_are_valid_notebooks(students):
    from nbgrader.nbgraderformat import MetadataValidator

    for name, path in students.items():
        assert path.is_file(), f"missing {name}"
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        MetadataValidator().validate_nb(nb)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_students_copy_holds_no_solution_and_every_check(students, path):
    source, student = _load(path), _load(students[path.name])
    text = "\n".join(_source(c) for c in student["cells"])
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "{solution}", "{solution-start}"):
        assert marker not in text, f"{path.name}: {marker!r} left in the students' copy"
    assert not any(REMOVE_TAG in c["metadata"].get("tags", []) for c in student["cells"])

    lines = {line.strip() for line in text.splitlines()}
    leaked = sorted(_solution_lines(source) & lines)
    assert not leaked, f"{path.name}: solution lines in the students' copy: {leaked[:5]}"

    stubs = {_grader(c)["grade_id"]: _source(c) for c in _solution_code_cells(student)}
    for cell in _solution_code_cells(source):
        assert "raise NotImplementedError()" in stubs[_grader(cell)["grade_id"]]
    checks = {_grader(c)["grade_id"]: _source(c) for c in _check_cells(student)}
    for cell in _check_cells(source):
        assert checks.get(_grader(cell)["grade_id"]) == _source(cell), "check cell changed"
    for cell in _check_cells(student):
        assert cell["metadata"].get("editable") is False, "check cells are locked"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_reference_solutions_pass_their_checks(path):
    nb = _load(path)
    cells = [c for c in nb["cells"] if _grader(c).get("solution") or _grader(c).get("grade")]
    cells = [c for c in cells if c["cell_type"] == "code"]
    assert cells, f"{path.name}: no autograded exercise"
    namespace = {}
    _run_cells([_imports_cell(nb)], f"{path.stem} imports", namespace)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a reference solution runs without a warning
        _run_cells([_source(c) for c in cells], path.stem, namespace)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_students_stubs_fail_their_checks(students, path):
    nb = _load(students[path.name])
    stubs, checks = _solution_code_cells(nb), _check_cells(nb)
    assert len(stubs) == len(checks), f"{path.name}: one check per autograded solution"
    namespace = {}
    _run_cells([_imports_cell(nb)], f"{path.stem} imports", namespace)
    for stub, check in zip(stubs, checks, strict=True):
        grade_id = _grader(check)["grade_id"]
        # The check right after a stub tests that stub (grade ids "<exercise>-solution/-check").
        assert grade_id.removesuffix("-check") == _grader(stub)["grade_id"].removesuffix(
            "-solution"
        )
        with pytest.raises((NotImplementedError, AssertionError)):
            _run_cells([_source(stub), _source(check)], grade_id, dict(namespace))


def test_build_assignments_rejects_bad_input(tmp_path):
    with pytest.raises(ValueError, match="at least one notebook"):
        build_assignments([], tmp_path / "out")
    with pytest.raises(ValueError, match="existing .ipynb"):
        build_assignments([tmp_path / "missing.ipynb"], tmp_path / "out")
    other = tmp_path / "other"
    other.mkdir()
    (other / CHAPTERS[0].name).write_bytes(CHAPTERS[0].read_bytes())
    with pytest.raises(ValueError, match="distinct file names"):
        build_assignments([CHAPTERS[0], other / CHAPTERS[0].name], tmp_path / "out")


def test_failed_build_leaves_the_previous_output(tmp_path):
    pytest.importorskip("nbgrader", reason="install the course extra: pip install -e '.[course]'")
    nb = nbformat.v4.new_notebook()
    # A written answer must be a graded solution cell: nbgrader rejects this one.
    nb.cells.append(nbformat.v4.new_markdown_cell("An answer"))
    nb.cells[0].metadata["nbgrader"] = {
        "grade": False,
        "grade_id": "answer",
        "locked": False,
        "schema_version": 3,
        "solution": True,
        "task": False,
    }
    broken = tmp_path / "broken.ipynb"
    nbformat.write(nb, broken)
    out = tmp_path / "assignments"
    out.mkdir()
    (out / "earlier.ipynb").write_text("{}")
    with pytest.raises(RuntimeError, match="nbgrader"):
        build_assignments([broken], out)
    assert [p.name for p in out.iterdir()] == ["earlier.ipynb"], "the old output is untouched"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assignments", "broken.ipynb"]
