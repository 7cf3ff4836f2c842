"""Two runs of a chapter on the same machine give the same headline metrics.

Every chapter runs twice per ``make test``: once under nbval (its results go to
``_build/nbval/results``) and once in the quick build of the site (``_build/quick/results``).
This test compares the two records of each chapter; it runs no notebook itself. Seeds come from
one place (``aebook.runtime.setup``), so the only differences allowed are those of floating-point
reductions whose order TensorFlow may change between runs: ``RTOL`` relative, ``ATOL`` absolute.
Run times (metrics named ``*seconds*``) are not compared.
"""

import json
import os

import pytest

from ..conftest import NBVAL_NOTEBOOKS, NBVAL_RESULTS
from .conftest import CHAPTERS, QUICK_RESULTS, REPO

RTOL = 1e-3
ATOL = 1e-6


def _headline(record: dict) -> dict[str, float]:
    return {k: v for k, v in record["metrics"].items() if "seconds" not in k}


def differences(first: dict, second: dict, *, rtol=RTOL, atol=ATOL) -> list[str]:
    """Metrics that differ between two results records beyond the tolerance."""
    a, b = _headline(first), _headline(second)
    problems = [f"{key}: only in one run" for key in sorted(set(a) ^ set(b))]
    for key in sorted(set(a) & set(b)):
        if abs(a[key] - b[key]) > atol + rtol * abs(b[key]):
            problems.append(f"{key}: {a[key]!r} vs {b[key]!r}")
    return problems


def test_differences_reports_a_changed_metric():
    first = {"metrics": {"auroc": 0.95, "mse": 0.01, "train_seconds": 3.0}}
    second = {"metrics": {"auroc": 0.951, "mse": 0.01, "train_seconds": 9.0}}
    assert differences(first, second) == ["auroc: 0.95 vs 0.951"]
    assert differences(first, first) == []
    assert differences(first, {"metrics": {"mse": 0.01}}) == ["auroc: only in one run"]


@pytest.mark.parametrize(("page", "name"), CHAPTERS.items(), ids=list(CHAPTERS.values()))
def test_nbval_run_matches_the_quick_build(request, quick_site, page, name):
    if (REPO / f"{page}.ipynb").resolve() not in request.config.stash.get(NBVAL_NOTEBOOKS, set()):
        message = f"{page} did not run under nbval in this session; `make test` runs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    nbval_path, build_path = NBVAL_RESULTS / f"{name}.json", QUICK_RESULTS / f"{name}.json"
    assert nbval_path.is_file(), f"the nbval run did not write {nbval_path}"
    assert build_path.is_file(), f"the quick build did not write {build_path}"
    first, second = json.loads(nbval_path.read_text()), json.loads(build_path.read_text())
    assert first["mode"] == second["mode"] == "quick"
    assert first["seed"] == second["seed"]
    problems = differences(first, second)
    assert not problems, f"{name}: two runs differ beyond rtol={RTOL}:\n" + "\n".join(problems)
