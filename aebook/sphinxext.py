"""A small Sphinx extension for the book's own site (loaded from ``_config.yml``).

It does two things:

- the ``chapter-run-times`` directive renders the landing page's table of chapters with the run
  time each chapter recorded in its results file (:mod:`aebook.results`), on the device it
  ran on. Nothing is typed in: a chapter without a results file reads "not run in this build".
- pages that show numbers read from the results files are re-read on every build (the directive's
  page, and every page named in the ``aebook_reread_always`` setting). Sphinx otherwise re-reads
  only pages whose source changed, and would keep showing the numbers of an earlier run.

The directive runs while Sphinx reads the landing page. Sphinx reads pages in sorted name order,
so the chapters (``book/01-...`` to ``book/04-...``) have run and written their results files by
then when they execute in the same build; a chapter taken from the execution cache keeps the file
written by the run that produced its cached outputs.

Example, in a MyST page next to the chapters::

    ```{chapter-run-times}
    01-basic-autoencoder: basic-autoencoder
    ```

Each line names a chapter's page (relative to the page holding the directive) and the name its
notebook passes to :func:`aebook.results.save_results`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from aebook.results import load_results, results_dir

NOT_RUN = "not run in this build"
NOT_MEASURED = "not measured in this build"


def format_duration(seconds: float) -> str:
    """Write a run time for readers: ``"48 s"``, ``"3 min 05 s"`` or ``"1 h 02 min"``.

    Parameters
    ----------
    seconds : float
        A non-negative, finite number of seconds.

    Returns
    -------
    text : str

    Raises
    ------
    ValueError
        If ``seconds`` is negative, not finite, or not a number.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise ValueError(f"Expected seconds as a number, got {seconds!r}")
    if not seconds >= 0 or seconds == float("inf"):
        raise ValueError(f"Expected a finite, non-negative number of seconds, got {seconds!r}")
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    if total < 3600:
        return f"{total // 60} min {total % 60:02d} s"
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def is_gpu(device: str) -> bool:
    """True for a device name that :func:`aebook.runtime.describe_device` gives a GPU."""
    return str(device).startswith("GPU")


def run_time_cells(record: Mapping | None) -> tuple[str, str]:
    """The landing page's two time cells for one chapter: on a CPU, and on a GPU.

    Parameters
    ----------
    record : mapping or None
        The chapter's results, as :func:`aebook.results.load_results` returns them, or None when
        the chapter wrote no results file.

    Returns
    -------
    cpu, gpu : str
        The run time, mode and device in the column of the device it ran on; the other column
        says it was not measured. Both say "not run in this build" without a record.

    Raises
    ------
    ValueError
        If the record lacks ``seconds``, ``mode`` or ``device``, or its run time is not a valid
        number of seconds.
    """
    if record is None:
        return NOT_RUN, NOT_RUN
    missing = [key for key in ("seconds", "mode", "device") if key not in record]
    if missing:
        raise ValueError(f"Expected keys {missing} in the results of {record.get('chapter')!r}")
    took = format_duration(record["seconds"])
    measured = f"{took}, {record['mode']} mode, on {record['device']}"
    if is_gpu(record["device"]):
        return NOT_MEASURED, measured
    return measured, NOT_MEASURED


def parse_chapter_lines(lines: Sequence[str]) -> list[tuple[str, str]]:
    """Read the directive's ``page: results-name`` lines, skipping blank ones.

    Raises
    ------
    ValueError
        If a line has no colon, an empty side, or a page is listed twice.
    """
    chapters = []
    for line in lines:
        if not line.strip():
            continue
        page, sep, name = (part.strip() for part in line.partition(":"))
        if not sep or not page or not name:
            raise ValueError(f"Expected 'page: results-name', got {line.strip()!r}")
        if page in (p for p, _ in chapters):
            raise ValueError(f"Chapter page {page!r} is listed twice")
        chapters.append((page, name))
    if not chapters:
        raise ValueError("Expected at least one 'page: results-name' line")
    return chapters


def results_folder(srcdir: str | os.PathLike) -> Path:
    """Where the chapters of a build in ``srcdir`` write their results.

    ``AEBOOK_RESULTS_DIR`` if set, otherwise ``<srcdir>/_build/results``: the folder that
    :func:`aebook.results.results_dir` finds from a chapter's own folder in the book.
    """
    return results_dir(srcdir)


def setup(app):
    """Register the directive, the setting and the re-read hook with Sphinx."""
    from docutils import nodes
    from sphinx import addnodes
    from sphinx.util import docname_join
    from sphinx.util.docutils import SphinxDirective

    def _paragraph(*children):
        return nodes.paragraph("", "", *children)

    class ChapterRunTimes(SphinxDirective):
        """Table of chapters with the run time each recorded, on a CPU and on a GPU."""

        has_content = True

        def run(self):
            # The numbers come from files that other pages write: read this page every build.
            self.env.note_reread()
            try:
                chapters = parse_chapter_lines(self.content)
            except ValueError as err:
                raise self.error(f"chapter-run-times: {err}") from None
            folder = results_folder(self.env.srcdir)
            records = {}
            if folder.is_dir():
                records = {record["chapter"]: record for record in load_results(folder)}

            table = nodes.table(classes=["chapter-run-times"])
            group = nodes.tgroup(cols=3)
            table += group
            for width in (40, 30, 30):
                group += nodes.colspec(colwidth=width)
            head, body = nodes.thead(), nodes.tbody()
            group += head
            group += body
            header = nodes.row()
            for title in ("Chapter", "Run time on a CPU", "Run time on a GPU"):
                header += nodes.entry("", _paragraph(nodes.Text(title)))
            head += header
            for page, name in chapters:
                target = docname_join(self.env.docname, page)
                if target not in self.env.found_docs:
                    raise self.error(f"chapter-run-times: no page {page!r} in the book")
                link = addnodes.pending_xref(
                    "",
                    nodes.inline("", page),
                    refdomain="std",
                    reftype="doc",
                    reftarget="/" + target,
                    refexplicit=False,
                    refwarn=True,
                    refdoc=self.env.docname,
                )
                row = nodes.row()
                row += nodes.entry("", _paragraph(link))
                for text in run_time_cells(records.get(name)):
                    row += nodes.entry("", _paragraph(nodes.Text(text)))
                body += row
            return [table]

    def _reread_always(app, env, added, changed, removed):
        return [doc for doc in app.config.aebook_reread_always if doc in env.found_docs]

    app.add_config_value("aebook_reread_always", [], "env", types=[list])
    app.add_directive("chapter-run-times", ChapterRunTimes)
    app.connect("env-get-outdated", _reread_always)
    # Not safe for parallel reading: the landing page must be read after the chapters that write
    # the results files, which only Sphinx's serial, sorted reading order guarantees.
    return {"parallel_read_safe": False, "parallel_write_safe": True}
