"""Tests for aebook.results: the JSON file each chapter writes, and reading them back."""

import json
import os
import re
from datetime import datetime, timedelta

import numpy as np
import pytest

from aebook import results
from aebook.runtime import Runtime

KEYS = ["chapter", "mode", "device", "seed", "seconds", "versions", "metrics", "written_at"]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """Every test writes under tmp_path, whatever conftest.py or the shell set."""
    out = tmp_path / "results"
    monkeypatch.setenv(results.RESULTS_DIR_ENV, str(out))
    return out


@pytest.fixture
def rt():
    return Runtime(seed=0, quick=True, device="CPU (test)")


def _read(path):
    return json.loads(path.read_text(encoding="utf-8"))


# --- save_results ---------------------------------------------------------------------------


def test_save_writes_the_chapter_file(folder, rt):
    path = results.save_results("basic-autoencoder", {"dense64_test_mse": 0.0087}, runtime=rt)
    assert path == folder / "basic-autoencoder.json"
    record = _read(path)
    assert list(record) == KEYS
    assert record["chapter"] == "basic-autoencoder"
    assert record["mode"] == "quick"
    assert record["device"] == "CPU (test)"
    assert record["seed"] == 0
    assert isinstance(record["seconds"], float) and record["seconds"] >= 0.0
    assert {"python", "tensorflow", "keras", "numpy"} <= set(record["versions"])
    assert record["metrics"] == {"dense64_test_mse": 0.0087}
    written = datetime.fromisoformat(record["written_at"])
    assert written.utcoffset() == timedelta(0)


def test_save_records_full_mode_and_details(folder):
    rt = Runtime(seed=42, quick=False, device="GPU: test")
    extra = {"table": [[1, 2], [3, 4]], "epoch_seconds": [0.5, 0.4]}
    record = _read(results.save_results("ch2", {"a": 1}, runtime=rt, extra=extra))
    assert (record["mode"], record["device"], record["seed"]) == ("full", "GPU: test", 42)
    assert record["details"] == extra
    assert record["metrics"] == {"a": 1.0}


def test_save_accepts_numpy_numbers(folder, rt):
    metrics = {"f64": np.float64(0.25), "f32": np.float32(0.5), "i64": np.int64(3), "i": 2}
    record = _read(results.save_results("numpy-values", metrics, runtime=rt))
    assert record["metrics"] == {"f64": 0.25, "f32": 0.5, "i64": 3.0, "i": 2.0}
    assert all(type(v) is float for v in record["metrics"].values())


def test_save_leaves_no_temporary_files(folder, rt):
    results.save_results("first", {"a": 1.0}, runtime=rt)
    results.save_results("first", {"a": 2.0}, runtime=rt)  # overwrite in place
    results.save_results("second", {"a": 3.0}, runtime=rt)
    assert sorted(p.name for p in folder.iterdir()) == ["first.json", "second.json"]
    assert _read(folder / "first.json")["metrics"] == {"a": 2.0}


def test_save_is_atomic_when_the_final_rename_fails(folder, rt, monkeypatch):
    path = results.save_results("chapter", {"a": 1.0}, runtime=rt)
    before = path.read_bytes()

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        results.save_results("chapter", {"a": 2.0}, runtime=rt)
    assert path.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["chapter.json"]


def test_save_creates_missing_folders(tmp_path, monkeypatch, rt):
    deep = tmp_path / "a" / "b" / "c"
    monkeypatch.setenv(results.RESULTS_DIR_ENV, str(deep))
    assert results.save_results("x", {"m": 1.0}, runtime=rt) == deep / "x.json"


@pytest.mark.parametrize(
    "chapter",
    ["", "Intro", "basic_autoencoder", "-intro", "intro.json", "../intro", "a b", "é", 3, None],
)
def test_save_rejects_bad_chapter_names(folder, rt, chapter):
    with pytest.raises(ValueError, match="Expected chapter as lower-case words joined by '-'"):
        results.save_results(chapter, {"a": 1.0}, runtime=rt)
    assert not folder.exists()


def test_save_rejects_chapter_with_trailing_newline(folder, rt):
    with pytest.raises(ValueError, match="Expected chapter as lower-case words"):
        results.save_results("intro\n", {"a": 1.0}, runtime=rt)


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), -float("inf"), np.nan, np.float32("inf")]
)
def test_save_rejects_non_finite_metrics(folder, rt, value):
    with pytest.raises(ValueError, match="Expected metric 'm' to be finite"):
        results.save_results("chapter", {"ok": 1.0, "m": value}, runtime=rt)
    assert not folder.exists()


@pytest.mark.parametrize("value", ["0.5", None, [1.0], True, {"x": 1.0}, 1j])
def test_save_rejects_non_numeric_metrics(folder, rt, value):
    with pytest.raises(ValueError, match="Expected metric 'm' to be a number"):
        results.save_results("chapter", {"m": value}, runtime=rt)
    assert not folder.exists()


def test_save_rejects_array_metrics(folder, rt):
    with pytest.raises(ValueError, match="Expected metric 'm' to be a number"):
        results.save_results("chapter", {"m": np.array([0.1, 0.2])}, runtime=rt)


@pytest.mark.parametrize("metrics", [{}, None, [("a", 1.0)], 0.5])
def test_save_rejects_empty_or_non_mapping_metrics(folder, rt, metrics):
    with pytest.raises(ValueError, match="Expected a non-empty mapping of metric names"):
        results.save_results("chapter", metrics, runtime=rt)


@pytest.mark.parametrize("key", ["", 1, None])
def test_save_rejects_bad_metric_names(folder, rt, key):
    with pytest.raises(ValueError, match="Expected metric names as non-empty strings"):
        results.save_results("chapter", {key: 1.0}, runtime=rt)


# --- load_results ---------------------------------------------------------------------------


def test_load_reads_back_sorted_by_chapter(folder, rt):
    results.save_results("zeta", {"z": 3.0}, runtime=rt)
    results.save_results("alpha", {"a": 1.0}, runtime=rt)
    results.save_results("mid-1", {"m": 2.0}, runtime=rt)
    (folder / "notes.txt").write_text("not a results file")
    records = results.load_results()
    assert [r["chapter"] for r in records] == ["alpha", "mid-1", "zeta"]
    assert [r["metrics"] for r in records] == [{"a": 1.0}, {"m": 2.0}, {"z": 3.0}]
    assert results.load_results(folder) == records
    assert results.load_results(str(folder)) == records


def test_load_empty_folder(tmp_path):
    assert results.load_results(tmp_path) == []


def test_load_names_a_corrupt_file(folder, rt):
    results.save_results("good", {"a": 1.0}, runtime=rt)
    bad = folder / "broken.json"
    bad.write_text('{"chapter": "broken", "metrics": {', encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"Results file {bad} is not valid JSON")):
        results.load_results(folder)


@pytest.mark.parametrize("missing", ["chapter", "mode", "device", "seconds", "metrics"])
def test_load_names_a_file_missing_keys(folder, rt, missing):
    path = results.save_results("partial", {"a": 1.0}, runtime=rt)
    record = _read(path)
    del record[missing]
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(
        ValueError, match=re.escape(f"Results file {path} lacks keys ['{missing}']")
    ):
        results.load_results(folder)


@pytest.mark.parametrize("text", ["5", "null"])
def test_load_names_a_file_that_is_not_an_object(folder, text):
    folder.mkdir()
    path = folder / "odd.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(str(path))):
        results.load_results(folder)


def test_load_names_a_file_that_is_not_utf8(folder):
    folder.mkdir()
    path = folder / "binary.json"
    path.write_bytes(b"\xff\xfe\x00{")
    with pytest.raises(ValueError, match=re.escape(str(path))):
        results.load_results(folder)


# --- results_dir ----------------------------------------------------------------------------


def test_results_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(results.RESULTS_DIR_ENV, str(tmp_path / "x" / ".." / "out"))
    assert results.results_dir() == (tmp_path / "out").resolve()


def test_results_dir_finds_the_book_root(tmp_path, monkeypatch):
    root = tmp_path / "book-root"
    below = root / "book" / "chapter"
    below.mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n")
    (root / "_toc.yml").write_text("root: index\n")
    monkeypatch.delenv(results.RESULTS_DIR_ENV, raising=False)
    for cwd in (root, root / "book", below):
        monkeypatch.chdir(cwd)
        assert results.results_dir() == root.resolve() / "_build" / "results"


def test_results_dir_empty_env_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv(results.RESULTS_DIR_ENV, "")
    monkeypatch.chdir(tmp_path)
    assert results.results_dir() == tmp_path.resolve() / "_build" / "results"


def test_results_dir_needs_both_book_files(tmp_path, monkeypatch):
    root = tmp_path / "half"
    (root / "sub").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n")  # no _toc.yml: not a book root
    monkeypatch.delenv(results.RESULTS_DIR_ENV, raising=False)
    monkeypatch.chdir(root / "sub")
    assert results.results_dir() == (root / "sub").resolve() / "_build" / "results"


def test_save_without_env_writes_under_the_book_root(tmp_path, monkeypatch, rt):
    root = tmp_path / "site"
    (root / "book").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n")
    (root / "_toc.yml").write_text("root: index\n")
    monkeypatch.delenv(results.RESULTS_DIR_ENV, raising=False)
    monkeypatch.chdir(root / "book")
    path = results.save_results("chapter", {"a": 1.0}, runtime=rt)
    assert path == root.resolve() / "_build" / "results" / "chapter.json"
    assert [r["chapter"] for r in results.load_results()] == ["chapter"]
