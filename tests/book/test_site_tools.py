"""The book's tooling in book/_ext: the Sphinx extension (run times, Results page, scripts once)
and `make bench`'s report. A small Sphinx site built here exercises the directives."""

import io
import json

import aebook_site
import bench
import pytest
from sphinx.builders.html._assets import _JavaScript


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (48.4, "48 s"),
        (59.6, "1 min 00 s"),
        (185, "3 min 05 s"),
        (3599.4, "59 min 59 s"),
        (3725, "1 h 02 min"),
    ],
)
def test_format_duration(seconds, text):
    assert aebook_site.format_duration(seconds) == text


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "12", None, True])
def test_format_duration_rejects_non_durations(bad):
    with pytest.raises(ValueError, match="seconds"):
        aebook_site.format_duration(bad)


def _record(name="basic-autoencoder", device="CPU (2 threads)", seconds=185.2, bench_=None):
    record = {
        "chapter": name,
        "mode": "full",
        "device": device,
        "seed": 0,
        "seconds": seconds,
        "versions": {"tensorflow": "2.21.0"},
        "metrics": {"x_mse": 0.012345, "y_seconds": 3.0},
        "labels": {
            "x_mse": {"label": "Model x: test MSE", "unit": ""},
            "y_seconds": {"label": "Model y: training", "unit": "s"},
        },
    }
    if bench_:
        record["bench"] = bench_
    return record


def _bench(ours_seconds=12.0, ours_quality=0.99, higher_is_better=True):
    return {
        "task": "ECG5000 anomaly detection",
        "metric": "test AUROC",
        "higher_is_better": higher_is_better,
        "recipe": {"name": "TensorFlow tutorial", "seconds": 10.0, "quality": 0.95},
        "ours": {"name": "tuned", "seconds": ours_seconds, "quality": ours_quality},
    }


def test_run_time_goes_to_the_column_of_its_device():
    measured = "3 min 05 s, full mode, on CPU (2 threads)"
    assert aebook_site.run_time_cells(_record()) == (measured,)
    assert aebook_site.run_time_cells(_record(), gpu_column=True) == (
        measured,
        aebook_site.NOT_MEASURED,
    )
    gpu = _record(device="GPU: NVIDIA H100", seconds=42)
    assert aebook_site.run_time_cells(gpu, gpu_column=True) == (
        aebook_site.NOT_MEASURED,
        "42 s, full mode, on GPU: NVIDIA H100",
    )
    with pytest.raises(ValueError, match="GPU column"):
        aebook_site.run_time_cells(gpu)
    assert aebook_site.run_time_cells(None) == (aebook_site.NOT_RUN,)
    assert aebook_site.run_time_cells(None, gpu_column=True) == (aebook_site.NOT_RUN,) * 2


def test_solution_markers_are_dropped_from_the_code_shown():
    code = "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
    assert aebook_site.without_solution_markers(code) == "def f(x):\n    return x\n"
    # Only whole marker lines go; a line that mentions them stays.
    kept = 'print("### BEGIN SOLUTION is nbgrader\'s marker")\n'
    assert aebook_site.without_solution_markers(kept) == kept


def test_a_bench_note_is_shown_with_its_row():
    noted = {**_bench(), "note": "chosen among 14 scores with labelled digits"}
    assert aebook_site.bench_sentence(noted).endswith(
        "Caveat: chosen among 14 scores with labelled digits"
    )
    row = {**noted, **aebook_site.bench_verdict(noted)}
    assert aebook_site.target_cell(row) == "yes, with a caveat (below)"
    assert "Caveat" not in aebook_site.bench_sentence(_bench())


def test_load_results_reads_every_record_in_file_name_order(tmp_path):
    for name in ("b", "a"):
        (tmp_path / f"{name}.json").write_text(json.dumps(_record(name)))
    assert list(aebook_site.load_results(tmp_path)) == ["a", "b"]
    assert aebook_site.load_results(tmp_path / "missing") == {}


@pytest.mark.parametrize(
    ("bench_", "ratio", "met"),
    [
        (_bench(), 1.2, True),
        (_bench(ours_seconds=15.0), 1.5, True),  # the limit is inclusive
        (_bench(ours_seconds=16.0), 1.6, False),
        (_bench(ours_quality=0.94), 1.2, False),
        # Lower is better for an error: 0.96 is worse than the recipe's 0.95.
        (_bench(ours_quality=0.96, higher_is_better=False), 1.2, False),
    ],
)
def test_bench_verdict(bench_, ratio, met):
    verdict = aebook_site.bench_verdict(bench_)
    assert verdict["ratio"] == pytest.approx(ratio)
    assert (verdict["as_good"] and verdict["time_ok"]) is met
    sentence = aebook_site.bench_sentence(bench_)
    assert sentence.startswith("Target: at most 1.5 × the recipe’s time")
    assert ("Met:" in sentence) is met


def test_bench_rows_follow_book_order_and_skip_chapters_without_a_bench():
    records = {
        "b": _record("b", bench_=_bench()),
        "a": _record("a", bench_=_bench(ours_seconds=20.0)),
        "c": _record("c"),
    }
    rows = aebook_site.bench_rows(records, {"book/01-a": "a", "book/02-b": "b", "book/03-c": "c"})
    assert [(row["page"], row["ratio"]) for row in rows] == [("book/01-a", 2.0), ("book/02-b", 1.2)]


def test_bench_report_is_a_markdown_table(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "book_chapters", lambda: {"book/01-a": "a"})
    (tmp_path / "a.json").write_text(json.dumps(_record("a", bench_=_bench())))
    text = bench.report(tmp_path)
    assert "| a | test AUROC | 10.0 | 0.95 | 12.0 | 0.99 | 1.20 | yes |" in text
    assert "Target: at most 1.5" in text


def test_metric_rows_carry_labels_and_units():
    assert aebook_site.metric_rows(_record()) == [
        ("Model x: test MSE", "0.01235", ""),
        ("Model y: training", "3", "s"),
    ]


def test_inline_script_named_none_or_empty_is_kept_once():
    # Sphinx 7.4 holds the same inline script once as None and once as ''.
    first = _JavaScript(None, body="const THEBE_JS_URL = 'x'")
    again = _JavaScript("", body="const THEBE_JS_URL = 'x'")
    assert aebook_site.unique_scripts([first, again]) == [first]


def test_different_scripts_keep_their_order():
    scripts = [
        _JavaScript("_static/a.js"),
        _JavaScript(None, body="let a = 1"),
        _JavaScript(None, body="let b = 2"),
        _JavaScript("_static/a.js", **{"async": "async"}),
        _JavaScript("_static/b.js", priority=200),
    ]
    assert aebook_site.unique_scripts(scripts) == scripts


def _site(tmp_path, monkeypatch, records):
    """A small Sphinx site with the three directives; returns a function that builds it."""
    src, results = tmp_path / "src", tmp_path / "results"
    src.mkdir()
    results.mkdir()
    for record in records:
        (results / f"{record['chapter']}.json").write_text(json.dumps(record))
    monkeypatch.setenv("AEBOOK_RESULTS_DIR", str(results))
    chapters = {"one": "chapter-one", "two": "chapter-two"}
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'aebook_site']\nnitpicky = True\n"
        f"aebook_chapters = {chapters!r}\n"
    )
    (src / "one.md").write_text("# Chapter one\n")
    (src / "two.md").write_text("# Chapter two\n")
    (src / "index.md").write_text(
        "# Home\n\n```{toctree}\none\ntwo\nresults\n```\n\n```{chapter-run-times}\n```\n"
    )
    (src / "results.md").write_text(
        "# Results\n\n```{results-bench}\n```\n\n```{results-metrics}\n```\n"
    )

    def build():
        from sphinx.testing.util import SphinxTestApp

        warnings = io.StringIO()
        app = SphinxTestApp("html", srcdir=src, status=None, warning=warnings)
        try:
            app.build()
        finally:
            app.cleanup()
        assert not warnings.getvalue(), warnings.getvalue()
        html = src / "_build" / "html"
        pages = {name: (html / f"{name}.html").read_text(encoding="utf-8") for name in chapters}
        pages.update({p: (html / f"{p}.html").read_text() for p in ("index", "results")})
        return pages, app

    return build


def test_directives_render_times_links_labels_and_missing_chapters(tmp_path, monkeypatch):
    noted = {**_bench(), "note": "chosen among 14 scores with labelled digits"}
    record = _record("chapter-one", device="GPU: NVIDIA H100", seconds=75.0, bench_=noted)
    pages, _ = _site(tmp_path, monkeypatch, [record])()
    index, results = pages["index"], pages["results"]
    assert 'href="one.html"' in index and "Chapter one" in index  # linked by its title
    assert "Reading time" in index and "1 min" in index  # one.md: three words
    assert "Run time on a GPU" in index  # chapter one ran on a GPU
    assert "1 min 15 s, full mode, on GPU: NVIDIA H100" in index
    assert index.count(aebook_site.NOT_MEASURED) == 1  # chapter one's CPU column
    assert index.count(aebook_site.NOT_RUN) == 2  # chapter two: no results file
    assert "Model x: test MSE" in results and "x_mse" not in results
    assert "0.01235" in results and "Target: at most 1.5" in results
    assert "yes, with a caveat (below)" in results
    assert "Caveat: chosen among 14 scores with labelled digits" in results
    body = results[results.index('role="main"') :]  # the page itself, not the sidebar
    assert body.index("Chapter one") < body.index("Chapter two")


def test_rebuild_rereads_the_results_even_when_no_page_changed(tmp_path, monkeypatch):
    build = _site(tmp_path, monkeypatch, [_record("chapter-one", seconds=10.0)])
    pages, app = build()
    assert "10 s, full mode" in pages["index"]
    assert "Run time on a GPU" not in pages["index"], "no chapter ran on a GPU"
    first_read = dict(app.env.all_docs)
    # The chapter runs again and rewrites its results file; no page's source changes.
    again = _record("chapter-one", seconds=20.0)
    (tmp_path / "results" / "chapter-one.json").write_text(json.dumps(again))
    pages, app = build()
    assert "20 s, full mode" in pages["index"] and "10 s, full mode" not in pages["index"]
    read_again = {doc for doc, when in app.env.all_docs.items() if when != first_read[doc]}
    assert read_again == {"index", "results"}  # the pages with the directives
