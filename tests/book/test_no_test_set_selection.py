"""Chapter 3 names its detector before the test set is scored (CONTRIBUTING.md, "Decide before you look at the test set").

The chapter compares many scores on its test mix. Picking the best row of such a table
(``table.index[0]`` after a sort, ``idxmax`` over test AUROCs) and then reporting or using it is
a leak, even when the table is shown. These tests read the chapter's code cells and reject
every such selection, except from tables whose name says they hold validation numbers
(``val_...``), and check that the detector is fixed before the first test score exists.
"""

import ast
import json
import re

import pytest

from .conftest import REPO

CHAPTER = REPO / "book" / "03-ssim-anomaly-detection.ipynb"
#: Methods that pick rows of a table or series by their values.
PICKERS = {"idxmax", "idxmin", "nlargest", "nsmallest"}


def _root(node):
    """The variable an expression such as ``a.b["c"].d()`` starts from, or None."""
    while True:
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            return node.id
        else:
            return None


def _from_validation(node):
    root = _root(node)
    return root is not None and root.startswith("val")


def _sorts(node):
    """Whether an expression sorts a table on the way (``....sort_values(...)``)."""
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "sort_values"
        for n in ast.walk(node)
    )


def violations(code):
    """Each expression in `code` that picks rows of a table by value or by rank.

    Flagged: ``idxmax``/``idxmin``/``nlargest``/``nsmallest`` calls; ``X.index[...]``, a row
    read by position; and the ``.index`` of a sorted table. Tables whose variable starts with
    ``val`` (validation numbers) are exempt.
    """
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in PICKERS and not _from_validation(node.func.value):
                found.add(ast.unparse(node))
        if isinstance(node, ast.Attribute) and node.attr == "index":
            if _sorts(node.value) and not _from_validation(node.value):
                found.add(ast.unparse(node))
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "index"
            and not _from_validation(node.value.value)
        ):
            found.add(ast.unparse(node))
    return sorted(found)


def _code_cells():
    cells = json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            # IPython magics (%pip) are not Python.
            yield i, re.sub(r"^\s*%.*$", "pass", source, flags=re.M)


LEAKS = [
    "best_name = table.index[0]",
    "best = comparison['AUROC'].idxmax()",
    "worst = auroc.idxmin()",
    "top = auroc.sort_values(ascending=False).index[0]",
    "names = auroc.sort_values().index",
    "winner = table.nlargest(1, 'AUROC').index",
    "detector = pool_auroc.nsmallest(3)",
    "at = rate_table.index[1]",
]
ALLOWED = [
    "DETECTOR = val_auroc.idxmax()",
    "DETECTOR = val_table['AUROC'].sort_values().index[-1]",
    "class_scores = means.sort_values()",
    "rows = table.loc['PCA-64, MSE', 'AUROC']",
    "order = np.argsort(scores)[::-1]",
]


@pytest.mark.parametrize("code", LEAKS)
def test_the_rule_catches_a_selection_from_a_test_table(code):
    assert violations(code), f"not caught: {code}"


@pytest.mark.parametrize("code", ALLOWED)
def test_the_rule_allows_validation_choices_and_fixed_rows(code):
    assert not violations(code), f"wrongly flagged: {code}"


def test_no_code_cell_selects_from_a_test_table():
    found = {i: violations(code) for i, code in _code_cells()}
    assert not {i: v for i, v in found.items() if v}, "cell index: selections from a test table"


def test_the_detector_is_fixed_before_the_test_pool_is_scored():
    cells = list(_code_cells())
    fixed = [i for i, code in cells if re.search(r"^DETECTOR = ", code, flags=re.M)]
    assert len(fixed) == 1, "DETECTOR is assigned exactly once"
    (fixed_at,) = fixed
    assignment = next(
        node
        for node in ast.walk(ast.parse(dict(cells)[fixed_at]))
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DETECTOR"
    )
    value = assignment.value
    assert isinstance(value, ast.Constant) or _from_validation(value), ast.unparse(value)
    scored = [i for i, code in cells if re.search(r"^pool_scores = ", code, flags=re.M)]
    assert scored and fixed_at < min(scored), "the detector is named before test scores exist"
    recorded = [code for _, code in cells if '"best_auroc": Metric(' in code]
    assert len(recorded) == 1
    assert re.search(r'"best_auroc": Metric\(\s*detector\["AUROC"\]', recorded[0])
    assert any("detector = evaluate([DETECTOR])" in code for _, code in cells)
