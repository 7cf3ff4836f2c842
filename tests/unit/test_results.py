"""Tests for aebook.results: the JSON file each chapter writes, and the site reading it back."""

import json
import os
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from aebook import results
from aebook.results import Metric
from aebook.runtime import Runtime

# The reader of these files is the site's tooling (book/_ext), not the student's package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "book" / "_ext"))
from aebook_site import load_results  # noqa: E402

KEYS = [
    "chapter",
    "mode",
    "device",
    "seed",
    "seconds",
    "versions",
    "metrics",
    "labels",
    "written_at",
]


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


def _metrics(**values):
    """Metrics whose labels do not matter to the test."""
    return {name: Metric(value, f"the {name}") for name, value in values.items()}


def _compare(**overrides):
    arguments = dict(
        task="ECG5000 anomaly detection",
        metric="test AUROC",
        higher_is_better=True,
        recipe="TensorFlow tutorial",
        recipe_seconds=10.0,
        recipe_quality=0.95,
        ours="tuned dense autoencoder",
        ours_seconds=12.0,
        ours_quality=0.99,
    )
    return results.compare(**{**arguments, **overrides})


# --- save_results ---------------------------------------------------------------------------


def test_save_writes_the_chapter_file(folder, rt):
    label = "Dense autoencoder, 64-number code: test MSE"
    metrics = {"dense64_test_mse": Metric(0.0087, label)}
    path = results.save_results("basic-autoencoder", metrics, runtime=rt)
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
    assert record["labels"] == {"dense64_test_mse": {"label": label, "unit": ""}}
    written = datetime.fromisoformat(record["written_at"])
    assert written.utcoffset() == timedelta(0)


def test_save_records_full_mode_and_details(folder):
    rt = Runtime(seed=42, quick=False, device="GPU: test")
    extra = {"table": [[1, 2], [3, 4]], "epoch_seconds": [0.5, 0.4]}
    metrics = {"psnr": Metric(24, "U-Net: test PSNR", unit="dB")}
    record = _read(results.save_results("ch2", metrics, runtime=rt, extra=extra))
    assert (record["mode"], record["device"], record["seed"]) == ("full", "GPU: test", 42)
    assert record["details"] == extra
    assert record["metrics"] == {"psnr": 24.0}
    assert record["labels"] == {"psnr": {"label": "U-Net: test PSNR", "unit": "dB"}}


def test_save_accepts_numpy_numbers(folder, rt):
    metrics = _metrics(f64=np.float64(0.25), f32=np.float32(0.5), i64=np.int64(3), i=2)
    record = _read(results.save_results("numpy-values", metrics, runtime=rt))
    assert record["metrics"] == {"f64": 0.25, "f32": 0.5, "i64": 3.0, "i": 2.0}
    assert all(type(v) is float for v in record["metrics"].values())


def test_save_leaves_no_temporary_files(folder, rt):
    results.save_results("first", _metrics(a=1.0), runtime=rt)
    results.save_results("first", _metrics(a=2.0), runtime=rt)  # overwrite in place
    results.save_results("second", _metrics(a=3.0), runtime=rt)
    assert sorted(p.name for p in folder.iterdir()) == ["first.json", "second.json"]
    assert _read(folder / "first.json")["metrics"] == {"a": 2.0}


def test_save_is_atomic_when_the_final_rename_fails(folder, rt, monkeypatch):
    path = results.save_results("chapter", _metrics(a=1.0), runtime=rt)
    before = path.read_bytes()

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        results.save_results("chapter", _metrics(a=2.0), runtime=rt)
    assert path.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["chapter.json"]


def test_save_creates_missing_folders(tmp_path, monkeypatch, rt):
    deep = tmp_path / "a" / "b" / "c"
    monkeypatch.setenv(results.RESULTS_DIR_ENV, str(deep))
    assert results.save_results("x", _metrics(m=1.0), runtime=rt) == deep / "x.json"


# --- load_results ---------------------------------------------------------------------------


def test_load_reads_back_sorted_by_chapter(folder, rt):
    results.save_results("zeta", _metrics(z=3.0), runtime=rt)
    results.save_results("alpha", _metrics(a=1.0), runtime=rt)
    results.save_results("mid-1", _metrics(m=2.0), runtime=rt)
    (folder / "notes.txt").write_text("not a results file")
    records = load_results(results.results_dir())
    assert list(records) == ["alpha", "mid-1", "zeta"]
    assert [r["metrics"] for r in records.values()] == [{"a": 1.0}, {"m": 2.0}, {"z": 3.0}]
    assert records["mid-1"]["labels"] == {"m": {"label": "the m", "unit": ""}}
    assert load_results(folder) == records
    assert load_results(str(folder)) == records


def test_load_empty_folder(tmp_path):
    assert load_results(tmp_path) == {}


def test_load_names_a_corrupt_file(folder, rt):
    results.save_results("good", _metrics(a=1.0), runtime=rt)
    bad = folder / "broken.json"
    bad.write_text('{"chapter": "broken", "metrics": {', encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"Results file {bad} is not valid JSON")):
        load_results(folder)


@pytest.mark.parametrize("missing", ["chapter", "mode", "device", "seconds", "metrics", "labels"])
def test_load_names_a_file_missing_keys(folder, rt, missing):
    path = results.save_results("partial", _metrics(a=1.0), runtime=rt)
    record = _read(path)
    del record[missing]
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(
        ValueError, match=re.escape(f"Results file {path} lacks keys ['{missing}']")
    ):
        load_results(folder)


@pytest.mark.parametrize("text", ["5", "null"])
def test_load_names_a_file_that_is_not_an_object(folder, text):
    folder.mkdir()
    path = folder / "odd.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(str(path))):
        load_results(folder)


def test_load_names_a_file_that_is_not_utf8(folder):
    folder.mkdir()
    path = folder / "binary.json"
    path.write_bytes(b"\xff\xfe\x00{")
    with pytest.raises(ValueError, match=re.escape(str(path))):
        load_results(folder)


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
    path = results.save_results("chapter", _metrics(a=1.0), runtime=rt)
    assert path == root.resolve() / "_build" / "results" / "chapter.json"
    assert list(load_results(results.results_dir())) == ["chapter"]


# --- compare: the benchmark record --------------------------------------------------------------


def test_compare_record_is_saved_and_read_back(folder, rt):
    bench = _compare(recipe_seconds=10.456)
    assert bench == {
        "task": "ECG5000 anomaly detection",
        "metric": "test AUROC",
        "higher_is_better": True,
        "recipe": {"name": "TensorFlow tutorial", "seconds": 10.46, "quality": 0.95},
        "ours": {"name": "tuned dense autoencoder", "seconds": 12.0, "quality": 0.99},
    }
    path = results.save_results("ecg-anomaly", _metrics(auroc=0.9), runtime=rt, bench=bench)
    assert _read(path)["bench"] == bench
    assert load_results(results.results_dir())["ecg-anomaly"]["bench"] == bench


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

RT = Runtime(seed=0, quick=True, device="CPU (test)")
REJECTIONS = [
    # save_results: the chapter name
    *(
        pytest.param(
            results.save_results,
            (chapter, _metrics(a=1.0)),
            {"runtime": RT},
            "Expected chapter as lower-case words joined by '-', got " + re.escape(repr(chapter)),
            id=f"chapter-{kind}",
        )
        for kind, chapter in [
            ("empty", ""),
            ("capitals", "Intro"),
            ("underscore", "basic_autoencoder"),
            ("leading-hyphen", "-intro"),
            ("extension", "intro.json"),
            ("path", "../intro"),
            ("space", "a b"),
            ("non-ascii", "é"),
            ("trailing-newline", "intro\n"),
            ("not-a-string", 3),
        ]
    ),
    # save_results: the metrics
    pytest.param(
        results.save_results,
        ("chapter", {}),
        {"runtime": RT},
        r"Expected a non-empty mapping of names to Metric, got \{\}",
        id="metrics-empty",
    ),
    pytest.param(
        results.save_results,
        ("chapter", [("a", 1.0)]),
        {"runtime": RT},
        r"Expected a non-empty mapping of names to Metric, got \[\('a', 1\.0\)\]",
        id="metrics-not-a-mapping",
    ),
    pytest.param(
        results.save_results,
        ("chapter", {"m": 0.5}),
        {"runtime": RT},
        r"Expected metric 'm' as Metric\(value, label, unit\), got 0\.5",
        id="metric-without-label",
    ),
    pytest.param(
        results.save_results,
        ("chapter", {"m": Metric(0.5, " ")}),
        {"runtime": RT},
        r"Expected metric 'm' as Metric\(value, label, unit\), got Metric\(value=0\.5, label=' '",
        id="metric-blank-label",
    ),
    *(
        pytest.param(
            results.save_results,
            ("chapter", _metrics(ok=1.0, m=value)),
            {"runtime": RT},
            "Expected metric 'm' to be a number, got " + re.escape(repr(value)),
            id=f"metric-{kind}",
        )
        for kind, value in [
            ("nan", float("nan")),
            ("numpy-infinity", np.float32("inf")),
            ("text", "0.5"),
            ("list", [1.0]),
            ("bool", True),
            ("complex", 1j),
            ("array", np.array([0.1, 0.2])),
        ]
    ),
    pytest.param(
        results.save_results,
        ("chapter", {"": Metric(1.0, "a number")}),
        {"runtime": RT},
        "Expected metric names as non-empty strings, got ''",
        id="metric-name-empty",
    ),
    pytest.param(
        results.save_results,
        ("chapter", {1: Metric(1.0, "a number")}),
        {"runtime": RT},
        "Expected metric names as non-empty strings, got 1",
        id="metric-name-not-a-string",
    ),
    # save_results: the bench record
    pytest.param(
        results.save_results,
        ("chapter", _metrics(a=1.0)),
        {"runtime": RT, "bench": {"task": "x"}},
        r"Expected bench as made by aebook\.results\.compare, got \{'task': 'x'\}",
        id="bench-incomplete",
    ),
    pytest.param(
        results.save_results,
        ("chapter", _metrics(a=1.0)),
        {"runtime": RT, "bench": 3},
        r"Expected bench as made by aebook\.results\.compare, got 3",
        id="bench-not-a-mapping",
    ),
    # compare
    pytest.param(
        _compare,
        (),
        {"recipe_seconds": 0.0},
        r"Expected recipe_seconds > 0, got 0\.0",
        id="compare-zero-seconds",
    ),
    pytest.param(
        _compare,
        (),
        {"ours_seconds": float("nan")},
        "Expected ours_seconds to be a number, got nan",
        id="compare-nan-seconds",
    ),
    pytest.param(
        _compare,
        (),
        {"ours_seconds": "12"},
        "Expected ours_seconds to be a number, got '12'",
        id="compare-text-seconds",
    ),
    pytest.param(
        _compare,
        (),
        {"recipe_quality": float("inf")},
        "Expected recipe_quality to be a number, got inf",
        id="compare-infinite-quality",
    ),
    pytest.param(
        _compare,
        (),
        {"task": " "},
        "Expected task as a non-empty string, got ' '",
        id="compare-blank-task",
    ),
    pytest.param(
        _compare,
        (),
        {"higher_is_better": 1},
        "Expected higher_is_better as True or False, got 1",
        id="compare-higher-is-better-not-bool",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(folder, function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
    assert not folder.exists(), "a rejected call must write nothing"
