"""Two runs of a chapter on the same machine give the same headline metrics.

The quick-mode site build (the ``quick_site`` fixture) is the first run; this test runs two
chapters a second time, in a fresh kernel with its own results folder, and compares every
metric. Seeds come from one place (``aebook.runtime.setup``), so the only differences allowed
are those of floating-point reductions whose order TensorFlow may change between runs:
``RTOL`` relative, ``ATOL`` absolute. Run times (metrics named ``*seconds*``) are not
compared. Two chapters rather than four keep ``make test`` short; they cover dense and
convolutional training, early stopping, several seeds, and scikit-learn baselines.
"""

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
RTOL = 1e-3
ATOL = 1e-6

CHAPTERS = {
    "basic-autoencoder": "01-basic-autoencoder.ipynb",
    "ecg-anomaly": "04-ecg-anomaly-detection.ipynb",
}


def _run_chapter(notebook: Path, results_folder: Path, monkeypatch) -> Path:
    monkeypatch.setenv("AEBOOK_QUICK", "1")
    monkeypatch.setenv("AEBOOK_RESULTS_DIR", str(results_folder))
    monkeypatch.delenv("AEBOOK_SEED", raising=False)
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    ).execute()
    return next(results_folder.glob("*.json"))


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


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_second_run_matches_the_build(chapter, quick_site, tmp_path, monkeypatch):
    first_path = quick_site.parents[1] / "results" / f"{chapter}.json"
    assert first_path.is_file(), f"the quick build did not write {first_path}"
    first = json.loads(first_path.read_text())
    second = json.loads(
        _run_chapter(REPO / "book" / CHAPTERS[chapter], tmp_path, monkeypatch).read_text()
    )
    assert first["mode"] == second["mode"] == "quick"
    assert first["seed"] == second["seed"]
    problems = differences(first, second)
    assert not problems, f"{chapter}: two runs differ beyond rtol={RTOL}:\n" + "\n".join(problems)
