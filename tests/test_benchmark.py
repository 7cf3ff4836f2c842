import json
import math
import time

import pytest

from aebook import benchmark, results
from aebook.runtime import Runtime


def _record(chapter="ecg-anomaly", **overrides):
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
    arguments.update(overrides)
    return {"chapter": chapter, "bench": benchmark.compare(**arguments)}


def test_stopwatch_measures_the_block():
    with benchmark.Stopwatch() as watch:
        time.sleep(0.01)
    assert watch.seconds >= 0.01
    assert math.isnan(benchmark.Stopwatch().seconds)


def test_table_ratio_and_verdicts():
    table = benchmark.bench_table(
        [
            _record(),
            _record(
                "basic-autoencoder",
                metric="test MSE",
                higher_is_better=False,
                recipe_quality=0.0090,
                ours_quality=0.0095,
                ours_seconds=20.0,
            ),
            {"chapter": "no-bench"},
        ]
    )
    assert list(table.index) == ["ecg-anomaly", "basic-autoencoder"]
    ecg = table.loc["ecg-anomaly"]
    assert ecg["time ratio"] == pytest.approx(1.2)
    assert ecg["as good"] and ecg["time ok"]
    basic = table.loc["basic-autoencoder"]
    # Lower is better for an error: 0.0095 is worse than 0.0090; 2x the time is too slow.
    assert not basic["as good"]
    assert not basic["time ok"]


def test_ratio_limit_is_inclusive():
    table = benchmark.bench_table([_record(ours_seconds=15.0)])
    assert table.loc["ecg-anomaly", "time ok"]


def test_empty_table_has_the_columns():
    table = benchmark.bench_table([{"chapter": "a"}])
    assert table.empty
    assert "time ratio" in table.columns


@pytest.mark.parametrize(
    ("overrides", "match"),
    [
        ({"recipe_seconds": 0.0}, "recipe_seconds to be a positive"),
        ({"ours_seconds": float("nan")}, "ours_seconds to be a positive"),
        ({"ours_seconds": "12"}, "ours_seconds as a number"),
        ({"recipe_quality": float("inf")}, "recipe_quality to be finite"),
        ({"task": " "}, "task as a non-empty string"),
        ({"higher_is_better": 1}, "higher_is_better as True or False"),
    ],
)
def test_compare_rejects_bad_input(overrides, match):
    with pytest.raises(ValueError, match=match):
        _record(**overrides)


def test_save_results_stores_the_bench_record(tmp_path, monkeypatch):
    monkeypatch.setenv(results.RESULTS_DIR_ENV, str(tmp_path))
    bench = _record()["bench"]
    path = results.save_results(
        "ecg-anomaly",
        {"auroc": 0.9},
        runtime=Runtime(seed=0, quick=True, device="CPU (test)"),
        bench=bench,
    )
    stored = json.loads(path.read_text())
    assert stored["bench"] == bench
    table = benchmark.bench_table(results.load_results(tmp_path))
    assert table.loc["ecg-anomaly", "ours quality"] == pytest.approx(0.99)


@pytest.mark.parametrize("bench", [{"task": "x"}, 3, "fast"])
def test_save_results_rejects_a_malformed_bench(tmp_path, monkeypatch, bench):
    monkeypatch.setenv(results.RESULTS_DIR_ENV, str(tmp_path))
    with pytest.raises(ValueError, match="bench as made by aebook.benchmark.compare"):
        results.save_results(
            "ecg-anomaly",
            {"auroc": 0.9},
            runtime=Runtime(seed=0, quick=True, device="CPU (test)"),
            bench=bench,
        )
    assert not list(tmp_path.iterdir())
