"""The numbers each chapter records, written to ``_build/results/<chapter>.json``.

Every figure on the Results page comes from these files, and every file is written by the
chapter's own run: nothing is typed in by hand. Each metric is saved with the label and unit a
reader sees, declared where it is saved (:class:`Metric`). Top-level keys, the same for every
chapter:

``chapter``, ``mode`` (``"quick"`` or ``"full"``), ``device``, ``seed``, ``seconds`` (the chapter's
run time), ``versions`` (library versions), ``metrics`` (a flat mapping of name to number),
``labels`` (name to ``{"label", "unit"}``) and ``written_at`` (UTC, ISO 8601). A chapter that
times its model against the source article's recipe adds ``bench`` (see :func:`compare`), and
one that keeps more detail adds ``details``.

:func:`glue` puts a number of the run into the chapter's prose (MyST-NB's ``glue``); outside a
book build, where MyST-NB may be missing, it does nothing.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import numpy as np

from aebook._validation import check_scalar

RESULTS_DIR_ENV = "AEBOOK_RESULTS_DIR"
_CHAPTER_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


class Metric(NamedTuple):
    """A headline number with what a reader needs to read it.

    Attributes
    ----------
    value : float
        The number, finite.
    label : str
        What it measures, in words: ``"Dense autoencoder, 64-number code: test MSE"``.
    unit : str, default=""
        ``"dB"``, ``"s"``, ... ; empty for a ratio, an error or an AUROC.
    """

    value: float
    label: str
    unit: str = ""


def results_dir(start: str | os.PathLike | None = None) -> Path:
    """Where results are written and read.

    ``AEBOOK_RESULTS_DIR`` if set; otherwise ``_build/results`` under the book's root (the
    nearest folder at or above ``start`` holding ``_config.yml`` and ``_toc.yml``); otherwise
    ``_build/results`` under ``start``, for a notebook run on its own.

    Parameters
    ----------
    start : path, optional
        Where to look from; defaults to the working directory (a chapter's own folder).
    """
    override = os.environ.get(RESULTS_DIR_ENV)
    if override:
        return Path(override).expanduser().resolve()
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "_toc.yml").is_file():
            return folder / "_build" / "results"
    return here / "_build" / "results"


def compare(
    *,
    task: str,
    metric: str,
    higher_is_better: bool,
    recipe: str,
    recipe_seconds: float,
    recipe_quality: float,
    ours: str,
    ours_seconds: float,
    ours_quality: float,
    note: str | None = None,
) -> dict:
    """One chapter's benchmark record: the article's recipe and our model, timed in one run.

    Parameters
    ----------
    task : str
        What both solve, e.g. ``"Fashion-MNIST reconstruction, 64-number code"``.
    metric : str
        The quality measure on held-out test data, e.g. ``"test MSE"``.
    higher_is_better : bool
        ``True`` for PSNR or AUROC, ``False`` for an error such as MSE.
    recipe, ours : str
        Short descriptions of the two set-ups.
    recipe_seconds, ours_seconds : float
        Training plus scoring time of each, in seconds, measured in the same run
        (:class:`aebook.runtime.Stopwatch`).
    recipe_quality, ours_quality : float
        The metric for each.
    note : str, optional
        A caveat the Results page prints on the chapter's row, e.g. that ``ours`` was chosen
        among several scores, and what a selection-free alternative scored.

    Returns
    -------
    record : dict
        JSON-serialisable; pass it to :func:`save_results` as ``bench=``.

    Raises
    ------
    ValueError
        If a text is empty, a time is not positive, or a quality is not finite.

    Examples
    --------
    >>> record = compare(task="denoising", metric="PSNR (dB)", higher_is_better=True,
    ...                  recipe="small", recipe_seconds=90.0, recipe_quality=22.0,
    ...                  ours="U-Net", ours_seconds=120.0, ours_quality=24.2)
    >>> record["ours"]
    {'name': 'U-Net', 'seconds': 120.0, 'quality': 24.2}
    """
    for name, text in (("task", task), ("metric", metric), ("recipe", recipe), ("ours", ours)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"Expected {name} as a non-empty string, got {text!r}")
    if not isinstance(higher_is_better, bool):
        raise ValueError(f"Expected higher_is_better as True or False, got {higher_is_better!r}")

    def side(name, seconds, quality, prefix):
        return {
            "name": name,
            "seconds": round(
                check_scalar(seconds, f"{prefix}_seconds", min_val=0, include_boundaries="right"),
                2,
            ),
            "quality": check_scalar(quality, f"{prefix}_quality"),
        }

    if note is not None and (not isinstance(note, str) or not note.strip()):
        raise ValueError(f"Expected note as a non-empty string or None, got {note!r}")
    record = {
        "task": task,
        "metric": metric,
        "higher_is_better": higher_is_better,
        "recipe": side(recipe, recipe_seconds, recipe_quality, "recipe"),
        "ours": side(ours, ours_seconds, ours_quality, "ours"),
    }
    if note is not None:
        record["note"] = note
    return record


def save_results(
    chapter: str, metrics: Mapping[str, Metric], *, runtime, extra=None, bench=None
) -> Path:
    """Write a chapter's headline numbers to ``<results_dir()>/<chapter>.json``, atomically.

    Parameters
    ----------
    chapter : str
        File stem, lower-case words joined by hyphens, e.g. ``"basic-autoencoder"``.
    metrics : mapping of str to Metric
        Headline numbers with their labels, e.g.
        ``{"dense64_test_mse": Metric(0.0087, "Dense autoencoder, 64-number code: test MSE")}``.
    runtime : aebook.runtime.Runtime
        What :func:`aebook.runtime.setup` returned; gives mode, device, seed and run time.
    extra : mapping, optional
        More JSON-serialisable detail (tables, per-epoch seconds) stored under ``"details"``.
    bench : dict, optional
        The chapter's model against the article's recipe, from :func:`compare`.

    Returns
    -------
    path : pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        If the chapter name is malformed, a metric is not a :class:`Metric` with a finite value
        and a label, or ``bench`` is not a record made by :func:`compare`.
    """
    from aebook.runtime import _library_versions

    if not isinstance(chapter, str) or not _CHAPTER_NAME.fullmatch(chapter):
        raise ValueError(f"Expected chapter as lower-case words joined by '-', got {chapter!r}")
    if not isinstance(metrics, Mapping) or not metrics:
        raise ValueError(f"Expected a non-empty mapping of names to Metric, got {metrics!r}")
    values, labels = {}, {}
    for name, metric in metrics.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"Expected metric names as non-empty strings, got {name!r}")
        if (
            not isinstance(metric, Metric)
            or not isinstance(metric.label, str)
            or not metric.label.strip()
        ):
            raise ValueError(
                f"Expected metric {name!r} as Metric(value, label, unit), got {metric!r}"
            )
        values[name] = check_scalar(metric.value, f"metric {name!r}")
        labels[name] = {"label": metric.label, "unit": metric.unit}
    if bench is not None and (
        not isinstance(bench, Mapping) or {"recipe", "ours", "metric"} - set(bench)
    ):
        raise ValueError(f"Expected bench as made by aebook.results.compare, got {bench!r}")
    record = {
        "chapter": chapter,
        "mode": runtime.mode,
        "device": runtime.device,
        "seed": runtime.seed,
        "seconds": round(runtime.elapsed(), 1),
        "versions": _library_versions(),
        "metrics": values,
        "labels": labels,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if extra is not None:
        record["details"] = dict(extra)
    if bench is not None:
        record["bench"] = dict(bench)
    folder = results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{chapter}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{chapter}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(record, indent=2) + "\n")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; results are for everyone to read
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def glue(name: str, value, *, display: bool = False) -> None:
    """Make ``value`` available to the chapter's prose as ``{glue:text}`name```.

    In a book build this is MyST-NB's :func:`myst_nb.glue`. Where MyST-NB is not installed (a
    chapter opened in Colab, say) there is no prose to fill in: the value is shown when
    ``display`` is True, and otherwise nothing happens.

    Parameters
    ----------
    name : str
        The key the Markdown cells use, e.g. ``"dense64_test_mse"``.
    value : object
        A number, a table or a figure.
    display : bool, default=False
        Also show the value in the cell's output.

    Notes
    -----
    A NumPy scalar is glued as the Python number it holds: MyST-NB reads the text
    ``np.float64(0.5)`` back as a string, which a format such as ``:.3f`` cannot format.
    """
    if isinstance(value, np.generic):
        value = value.item()
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        if display:
            from IPython.display import display as show

            show(value)
        return
    myst_glue(name, value, display=display)
