"""The book site's Sphinx extension, loaded from ``_config.yml`` (``sphinx.local_extensions``).

Not part of the student's package: it only builds this site. It does these things.

- **Reading and run times.** The ``chapter-run-times`` directive renders a table of the chapters
  with each one's reading time (:func:`reading_time.reading_minutes`, the book's one rule) beside
  the run time it recorded in its results file (:mod:`aebook.results`). A "Run time on a GPU"
  column appears only when some chapter's record was measured on a GPU. The landing page and the
  Results page show the same table. The ``{reading-time}`` role puts a chapter's own reading time
  in its prose.
- **The Results page.** ``results-bench`` renders each chapter's model against its source
  article's recipe, with a sentence per benchmark target and the chapter's caveat (``note``)
  where it gave one; ``results-metrics`` renders every chapter's headline numbers with the labels
  and units the chapter saved with them.
- **No grading markup on the page.** nbgrader's ``### BEGIN SOLUTION`` and ``### END SOLUTION``
  lines mark the reference solution for ``make assignments``; they are dropped from the code the
  site shows (the notebooks, and the .ipynb behind the Download and Colab buttons, keep them).
- **Scripts once.** Sphinx 7.4 writes twice every inline script that an extension adds after the
  html builder has started (one copy named ``None``, one ``''``), so every page threw
  "Identifier 'THEBE_JS_URL' has already been declared". A hook drops the second copy; the
  browser test fails on the error, so it shows when the hook is no longer needed.

The chapters, in book order, are named once, in ``_config.yml``'s ``aebook_chapters``: each
chapter's page and the name its notebook passes to :func:`aebook.results.save_results`. A chapter
without a results file reads "not run in this build"; nothing is typed in.

Pages with these directives are re-read on every build, since their numbers come from files that
other pages write. Sphinx reads pages in sorted name order, so the chapters (``book/01-...``)
have run and written their results before ``book/index`` and ``book/results`` are read.

The functions above ``setup`` are plain Python over results records; ``bench.py`` uses them too.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path

#: The largest time ratio (ours / recipe) the book accepts for a chapter's model.
MAX_TIME_RATIO = 1.5
NOT_RUN = "not run in this build"
NOT_MEASURED = "not measured in this build"
#: The keys every results file holds (aebook.results.save_results writes them).
REQUIRED_KEYS = (
    "chapter",
    "mode",
    "device",
    "seed",
    "seconds",
    "versions",
    "metrics",
    "labels",
)
#: nbgrader's solution markers: whole lines, dropped from the code the site shows.
SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)


def load_results(folder: str | Path) -> dict[str, dict]:
    """Read every chapter's results file in ``folder``.

    Returns
    -------
    records : dict of str to dict
        Chapter name -> its record, as :func:`aebook.results.save_results` wrote it, in
        file-name order.

    Raises
    ------
    ValueError
        If a file is not valid JSON or lacks the common keys; the message names the file.
    """
    records = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError(
                f"Results file {path} is not valid JSON ({err}); re-run its chapter"
            ) from None
        missing = (
            set(REQUIRED_KEYS) - set(record)
            if isinstance(record, dict)
            else REQUIRED_KEYS
        )
        if missing:
            raise ValueError(
                f"Results file {path} lacks keys {sorted(missing)}; re-run its chapter"
            )
        records[record["chapter"]] = record
    return records


def without_solution_markers(code: str) -> str:
    """Code as the site shows it: nbgrader's ``### BEGIN/END SOLUTION`` lines left out.

    >>> print(without_solution_markers("def f():\\n    ### BEGIN SOLUTION\\n    return 1\\n"
    ...                                "    ### END SOLUTION\\n"))
    def f():
        return 1
    <BLANKLINE>
    """
    return SOLUTION_MARKER.sub("", code)


def format_duration(seconds: float) -> str:
    """Write a run time for readers: ``"48 s"``, ``"3 min 05 s"`` or ``"1 h 02 min"``.

    Raises
    ------
    ValueError
        If ``seconds`` is negative, not finite, or not a number.

    Examples
    --------
    >>> format_duration(185)
    '3 min 05 s'
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ValueError(f"Expected seconds as a number, got {seconds!r}")
    if not (math.isfinite(seconds) and seconds >= 0):
        raise ValueError(
            f"Expected a finite, non-negative number of seconds, got {seconds!r}"
        )
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    if total < 3600:
        return f"{total // 60} min {total % 60:02d} s"
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def on_gpu(record: Mapping | None) -> bool:
    """True when a chapter's record was measured on a GPU."""
    return record is not None and str(record["device"]).startswith("GPU")


def run_time_cells(
    record: Mapping | None, *, gpu_column: bool = False
) -> tuple[str, ...]:
    """A chapter's run-time cells: on a CPU, and on a GPU when the table has that column.

    Parameters
    ----------
    record : mapping or None
        The chapter's results, or None when it wrote no results file.
    gpu_column : bool, default=False
        Whether the table has a GPU column: only when some chapter ran on a GPU
        (:func:`on_gpu`), since a column of "not measured" tells a reader nothing.

    Returns
    -------
    cells : tuple of str
        ``(cpu,)`` or ``(cpu, gpu)``: the run time, mode and device in the column of the device
        it ran on; another column says it was not measured. Every cell says "not run in this
        build" without a record.

    Raises
    ------
    ValueError
        If the record was measured on a GPU and the table has no GPU column.
    """
    width = 2 if gpu_column else 1
    if record is None:
        return (NOT_RUN,) * width
    measured = f"{format_duration(record['seconds'])}, {record['mode']} mode, on {record['device']}"
    if on_gpu(record):
        if not gpu_column:
            raise ValueError(
                f"{record['chapter']} ran on a GPU: the table needs a GPU column"
            )
        return NOT_MEASURED, measured
    return (measured, NOT_MEASURED)[:width]


def bench_verdict(bench: Mapping) -> dict:
    """The time ratio (ours / recipe) of one benchmark record, and whether each target is met."""
    recipe, ours = bench["recipe"], bench["ours"]
    ratio = ours["seconds"] / recipe["seconds"]
    if bench["higher_is_better"]:
        as_good = ours["quality"] >= recipe["quality"]
    else:
        as_good = ours["quality"] <= recipe["quality"]
    return {"ratio": ratio, "as_good": as_good, "time_ok": ratio <= MAX_TIME_RATIO}


def bench_sentence(bench: Mapping) -> str:
    """The benchmark target in one sentence, and whether this run met it.

    Examples
    --------
    >>> record = {"metric": "test MSE", "higher_is_better": False,
    ...           "recipe": {"name": "TF", "seconds": 40.0, "quality": 0.0089},
    ...           "ours": {"name": "ours", "seconds": 36.0, "quality": 0.0087}}
    >>> bench_sentence(record)  # doctest: +NORMALIZE_WHITESPACE
    'Target: at most 1.5 × the recipe’s time, and a test MSE at least as good (lower is
    better). Met: 0.90 × the time; 0.0087 against 0.0089.'
    """
    verdict = bench_verdict(bench)
    direction = "higher" if bench["higher_is_better"] else "lower"
    met = verdict["as_good"] and verdict["time_ok"]
    misses = [
        text
        for text, ok in (
            ("too slow", verdict["time_ok"]),
            ("worse", verdict["as_good"]),
        )
        if not ok
    ]
    outcome = "Met" if met else f"Not met ({', '.join(misses)})"
    sentence = (
        f"Target: at most {MAX_TIME_RATIO:g} × the recipe’s time, and a {bench['metric']} at "
        f"least as good ({direction} is better). {outcome}: {verdict['ratio']:.2f} × the time; "
        f"{bench['ours']['quality']:.4g} against {bench['recipe']['quality']:.4g}."
    )
    if bench.get("note"):
        sentence += f" Caveat: {bench['note']}"
    return sentence


def target_cell(row: Mapping) -> str:
    """The "Target met" cell of a benchmark row: yes or no, and a pointer to its caveat.

    >>> target_cell({"as_good": True, "time_ok": True, "note": "chosen among 14 scores"})
    'yes, with a caveat (below)'
    """
    met = "yes" if row["as_good"] and row["time_ok"] else "no"
    return f"{met}, with a caveat (below)" if row.get("note") else met


def bench_rows(
    records: Mapping[str, Mapping], chapters: Mapping[str, str]
) -> list[dict]:
    """One row per chapter that recorded a benchmark, in book order.

    Parameters
    ----------
    records : mapping of str to dict
        Results records by chapter name, as :func:`load_results` returns them.
    chapters : mapping of str to str
        Page -> results name, in book order (``_config.yml``'s ``aebook_chapters``).
    """
    rows = []
    for page, name in chapters.items():
        bench = records.get(name, {}).get("bench")
        if bench:
            rows.append({"page": page, "name": name, **bench, **bench_verdict(bench)})
    return rows


def format_metric(value: float) -> str:
    """Four significant digits, except whole counts of 1,000 or more (weights), given in full.

    >>> format_metric(0.0088184), format_metric(101200.0), format_metric(3.0)
    ('0.008818', '101,200', '3')
    """
    if float(value).is_integer() and abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def metric_rows(record: Mapping) -> list[tuple[str, str, str]]:
    """(label, value, unit) for every metric of a record, in the order the chapter saved them."""
    labels = record.get("labels", {})
    return [
        (
            labels.get(key, {}).get("label", key),
            format_metric(value),
            labels.get(key, {}).get("unit", ""),
        )
        for key, value in record["metrics"].items()
    ]


def setup(app):
    """Register the directives, the chapters setting and the script hook with Sphinx."""
    from docutils import nodes
    from sphinx import addnodes
    from sphinx.util.docutils import SphinxDirective

    from aebook.results import results_dir

    def text(value):
        return nodes.paragraph("", "", nodes.Text(str(value)))

    def chapter_link(env, page):
        if page not in env.found_docs:
            raise ValueError(
                f"aebook_chapters names {page!r}, which is not a page of the book"
            )
        # Without explicit text, Sphinx writes the chapter's title into the link.
        return addnodes.pending_xref(
            "",
            nodes.inline("", page),
            refdomain="std",
            reftype="doc",
            reftarget="/" + page,
            refexplicit=False,
            refwarn=True,
            refdoc=env.docname,
        )

    def table(headers, rows, widths, classes=()):
        node = nodes.table(classes=list(classes))
        group = nodes.tgroup(cols=len(headers))
        node += group
        for width in widths:
            group += nodes.colspec(colwidth=width)
        head, body = nodes.thead(), nodes.tbody()
        group += head
        group += body
        for cells, part in ([headers], head), (rows, body):
            for row_cells in cells:
                row = nodes.row()
                for cell in row_cells:
                    content = (
                        cell if isinstance(cell, nodes.Node) else nodes.Text(str(cell))
                    )
                    row += nodes.entry("", nodes.paragraph("", "", content))
                part += row
        return node

    class ResultsDirective(SphinxDirective):
        def records(self):
            # The numbers come from files that other pages write: read this page every build.
            self.env.note_reread()
            folder = results_dir(self.env.srcdir)
            return load_results(folder) if folder.is_dir() else {}

        def run(self):
            try:
                return self.render(self.records(), self.config.aebook_chapters)
            except ValueError as err:
                raise self.error(f"{self.name}: {err}") from None

    class ChapterRunTimes(ResultsDirective):
        """Table of chapters with each one's reading time and the run time it recorded."""

        def render(self, records, chapters):
            from reading_time import reading_minutes

            gpu = any(on_gpu(records.get(name)) for name in chapters.values())
            rows = []
            for page, name in chapters.items():
                link = chapter_link(self.env, page)
                minutes = reading_minutes(self.env.doc2path(page))
                cells = run_time_cells(records.get(name), gpu_column=gpu)
                rows.append((link, f"{minutes} min", *cells))
            headers = ("Chapter", "Reading time", "Run time on a CPU")
            widths = (40, 15, 45)
            if gpu:
                headers, widths = (*headers, "Run time on a GPU"), (34, 12, 27, 27)
            return [table(headers, rows, widths, classes=["chapter-run-times"])]

    class ResultsBench(ResultsDirective):
        """Each chapter's model against its article's recipe, with the target in a sentence."""

        def render(self, records, chapters):
            rows = bench_rows(records, chapters)
            if not rows:
                return [text("No chapter recorded a benchmark in this build.")]
            headers = (
                "Chapter",
                "Metric",
                "Recipe",
                "Ours",
                "Time ratio",
                "Target met",
            )
            cells = [
                (
                    chapter_link(self.env, row["page"]),
                    row["metric"],
                    f"{row['recipe']['quality']:.4g} in {row['recipe']['seconds']:.1f} s",
                    f"{row['ours']['quality']:.4g} in {row['ours']['seconds']:.1f} s",
                    f"{row['ratio']:.2f}",
                    target_cell(row),
                )
                for row in rows
            ]
            items = nodes.bullet_list()
            for row in rows:
                paragraph = nodes.paragraph()
                paragraph += chapter_link(self.env, row["page"])
                paragraph += nodes.Text(
                    f": {row['task']}. Recipe: {row['recipe']['name']}. "
                    f"Ours: {row['ours']['name']}. {bench_sentence(row)}"
                )
                items += nodes.list_item("", paragraph)
            return [
                table(headers, cells, (24, 14, 18, 18, 12, 14), ["results-bench"]),
                items,
            ]

    class ResultsMetrics(ResultsDirective):
        """Every chapter's headline numbers, with their labels and units, in book order."""

        def render(self, records, chapters):
            out = []
            for page, name in chapters.items():
                title = nodes.rubric()
                title += chapter_link(self.env, page)
                out.append(title)
                if name not in records:
                    out.append(text(NOT_RUN))
                    continue
                record = records[name]
                out.append(
                    text(
                        f"{record['mode'].capitalize()} mode, on {record['device']}, seed "
                        f"{record['seed']}, TensorFlow {record['versions'].get('tensorflow', '?')}."
                    )
                )
                rows = metric_rows(record)
                out.append(
                    table(
                        ("Metric", "Value", "Unit"),
                        rows,
                        (70, 18, 12),
                        ["results-metrics"],
                    )
                )
            return out

    def reading_time_role(
        name, rawtext, text_, lineno, inliner, options=None, content=None
    ):
        """``{reading-time}`this chapter``: the page's reading time, computed by the rule."""
        from reading_time import reading_minutes

        env = inliner.document.settings.env
        source = env.doc2path(env.docname)
        return [nodes.Text(f"{reading_minutes(source)} minutes")], []

    def hide_solution_markers(app, doctree):
        # Code cells and code blocks are literal blocks; their text is what the page shows.
        for block in doctree.findall(nodes.literal_block):
            code = block.astext()
            if SOLUTION_MARKER.search(code):
                shown = without_solution_markers(code)
                block.children = [nodes.Text(shown)]
                block.rawsource = shown

    def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
        scripts = context.get("script_files")
        if isinstance(scripts, list):
            # In place: the list is the builder's own, which other extensions' hooks append to.
            scripts[:] = unique_scripts(scripts)

    app.add_config_value("aebook_chapters", {}, "env", types=[dict])
    app.add_directive("chapter-run-times", ChapterRunTimes)
    app.add_directive("results-bench", ResultsBench)
    app.add_directive("results-metrics", ResultsMetrics)
    app.add_role("reading-time", reading_time_role)
    app.connect("doctree-read", hide_solution_markers)
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    # Not safe for parallel reading: the results pages must be read after the chapters that
    # write the results files, which only Sphinx's serial, sorted reading order guarantees.
    return {"parallel_read_safe": False, "parallel_write_safe": True}


def unique_scripts(scripts: list) -> list:
    """A page's scripts in their order, each once.

    Scripts with the same file name (``None`` and ``''`` counted alike: both mean inline),
    priority and attributes (``body`` included) are the same script.
    """
    seen, unique = set(), []
    for script in scripts:
        key = (
            getattr(script, "filename", script) or "",
            getattr(script, "priority", None),
            tuple(sorted(getattr(script, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    return unique
