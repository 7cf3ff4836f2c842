"""Tests for aebook.sphinxext: the landing page's run times, from the chapters' results files."""

import io
import json

import pytest

from aebook import sphinxext


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
    assert sphinxext.format_duration(seconds) == text


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "12", None, True])
def test_format_duration_rejects_non_durations(bad):
    with pytest.raises(ValueError, match="seconds"):
        sphinxext.format_duration(bad)


def _record(device, seconds=185.2, mode="full"):
    return {"chapter": "basic-autoencoder", "device": device, "seconds": seconds, "mode": mode}


def test_cpu_run_fills_the_cpu_column_only():
    cpu, gpu = sphinxext.run_time_cells(_record("CPU (2 threads)"))
    assert cpu == "3 min 05 s, full mode, on CPU (2 threads)"
    assert gpu == sphinxext.NOT_MEASURED


def test_gpu_run_fills_the_gpu_column_only():
    cpu, gpu = sphinxext.run_time_cells(_record("GPU: NVIDIA H100", seconds=42, mode="quick"))
    assert cpu == sphinxext.NOT_MEASURED
    assert gpu == "42 s, quick mode, on GPU: NVIDIA H100"


def test_missing_record_reads_not_run():
    assert sphinxext.run_time_cells(None) == (sphinxext.NOT_RUN, sphinxext.NOT_RUN)
    assert sphinxext.NOT_RUN == "not run in this build"


def test_record_without_run_time_is_rejected():
    with pytest.raises(ValueError, match="seconds"):
        sphinxext.run_time_cells({"chapter": "x", "mode": "full", "device": "CPU"})


def test_parse_chapter_lines():
    lines = ["01-basic-autoencoder: basic-autoencoder", "", "  02-denoising : denoising  "]
    assert sphinxext.parse_chapter_lines(lines) == [
        ("01-basic-autoencoder", "basic-autoencoder"),
        ("02-denoising", "denoising"),
    ]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["01-basic-autoencoder basic-autoencoder"], "page: results-name"),
        (["01-basic-autoencoder:"], "page: results-name"),
        (["a: x", "a: y"], "listed twice"),
        ([], "at least one"),
    ],
)
def test_parse_chapter_lines_rejects_malformed_lines(lines, message):
    with pytest.raises(ValueError, match=message):
        sphinxext.parse_chapter_lines(lines)


def test_results_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("AEBOOK_RESULTS_DIR", str(tmp_path / "quick"))
    assert sphinxext.results_folder("/book") == (tmp_path / "quick").resolve()
    monkeypatch.delenv("AEBOOK_RESULTS_DIR")
    assert sphinxext.results_folder(tmp_path) == tmp_path.resolve() / "_build" / "results"


def _site(tmp_path, monkeypatch, records, conf=""):
    """A small Sphinx site whose index holds the directive; returns a function that builds it."""
    src, results = tmp_path / "src", tmp_path / "results"
    src.mkdir()
    results.mkdir()
    for record in records:
        (results / f"{record['chapter']}.json").write_text(json.dumps(record))
    monkeypatch.setenv("AEBOOK_RESULTS_DIR", str(results))
    (src / "conf.py").write_text(
        f"extensions = ['myst_parser', 'aebook.sphinxext']\nnitpicky = True\n{conf}\n"
    )
    (src / "one.md").write_text("# Chapter one\n")
    (src / "two.md").write_text("# Chapter two\n")
    (src / "index.md").write_text(
        "# Home\n\n```{toctree}\none\ntwo\n```\n\n"
        "```{chapter-run-times}\none: chapter-one\ntwo: chapter-two\n```\n"
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
        return (src / "_build" / "html" / "index.html").read_text(encoding="utf-8"), app

    return build


def _result(name, seconds, device="CPU (2 threads)"):
    return {
        "chapter": name,
        "mode": "full",
        "device": device,
        "seed": 0,
        "seconds": seconds,
        "versions": {},
        "metrics": {"x": 1.0},
    }


def test_directive_renders_times_links_and_missing_chapters(tmp_path, monkeypatch):
    build = _site(tmp_path, monkeypatch, [_result("chapter-one", 75.0, "GPU: NVIDIA H100")])
    html, _ = build()
    assert 'href="one.html"' in html and "Chapter one" in html  # linked by its title
    assert "1 min 15 s, full mode, on GPU: NVIDIA H100" in html
    assert html.count(sphinxext.NOT_MEASURED) == 1  # chapter one's CPU column
    assert html.count(sphinxext.NOT_RUN) == 2  # chapter two: no results file


def test_rebuild_rereads_the_results_even_when_no_page_changed(tmp_path, monkeypatch):
    build = _site(
        tmp_path, monkeypatch, [_result("chapter-one", 10.0)], conf="aebook_reread_always = ['two']"
    )
    html, app = build()
    assert "10 s, full mode" in html
    first_read = dict(app.env.all_docs)
    # The chapter runs again and rewrites its results file; no page's source changes.
    (tmp_path / "results" / "chapter-one.json").write_text(json.dumps(_result("chapter-one", 20.0)))
    html, app = build()
    assert "20 s, full mode" in html and "10 s, full mode" not in html
    read_again = {doc for doc, when in app.env.all_docs.items() if when != first_read[doc]}
    assert read_again == {"index", "two"}  # the directive's page, and the configured one
