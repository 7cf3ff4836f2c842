"""The numbers each chapter records, written to ``_build/results/<chapter>.json``.

Every figure on the Results page comes from these files, and every file is written by the
chapter's own run: nothing is typed in by hand. Top-level keys, the same for every chapter:

``chapter``, ``mode`` (``"quick"`` or ``"full"``), ``device``, ``seed``, ``seconds`` (the chapter's
run time), ``versions`` (library versions), ``metrics`` (a flat mapping of name to number) and
``written_at`` (UTC, ISO 8601). A chapter that times its model against the source article's
recipe adds ``bench`` (see :mod:`aebook.benchmark`).
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

RESULTS_DIR_ENV = "AEBOOK_RESULTS_DIR"
REQUIRED_KEYS = ("chapter", "mode", "device", "seed", "seconds", "versions", "metrics")
_CHAPTER_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


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


def _check_metrics(metrics) -> dict[str, float]:
    if not isinstance(metrics, Mapping) or not metrics:
        raise ValueError(
            f"Expected a non-empty mapping of metric names to numbers, got {metrics!r}"
        )
    clean = {}
    for key, value in metrics.items():
        if not isinstance(key, str) or not key:
            raise ValueError(f"Expected metric names as non-empty strings, got {key!r}")
        if isinstance(value, (bool, str, bytes)) or np.ndim(value) != 0:
            raise ValueError(f"Expected metric {key!r} to be a number, got {value!r}")
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"Expected metric {key!r} to be a number, got {value!r}") from None
        if not math.isfinite(number):
            raise ValueError(f"Expected metric {key!r} to be finite, got {number}")
        clean[key] = number
    return clean


def save_results(
    chapter: str, metrics: Mapping[str, float], *, runtime, extra=None, bench=None
) -> Path:
    """Write a chapter's headline numbers to ``<results_dir()>/<chapter>.json``, atomically.

    Parameters
    ----------
    chapter : str
        File stem, lower-case words joined by hyphens, e.g. ``"basic-autoencoder"``.
    metrics : mapping of str to float
        Headline numbers, e.g. ``{"dense64_test_mse": 0.0087}``; each must be finite.
    runtime : aebook.runtime.Runtime
        What :func:`aebook.runtime.setup` returned; gives mode, device, seed and run time.
    extra : mapping, optional
        More JSON-serialisable detail (tables, per-epoch seconds) stored under ``"details"``.
    bench : dict, optional
        The chapter's model against the article's recipe, from :func:`aebook.benchmark.compare`.

    Returns
    -------
    path : pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        If the chapter name is malformed, a metric is not a finite number, or ``bench`` is not
        a record made by :func:`aebook.benchmark.compare`.
    """
    from aebook.runtime import library_versions

    if not isinstance(chapter, str) or not _CHAPTER_NAME.fullmatch(chapter):
        raise ValueError(f"Expected chapter as lower-case words joined by '-', got {chapter!r}")
    record = {
        "chapter": chapter,
        "mode": runtime.mode,
        "device": runtime.device,
        "seed": runtime.seed,
        "seconds": round(runtime.elapsed(), 1),
        "versions": library_versions(),
        "metrics": _check_metrics(metrics),
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if extra is not None:
        record["details"] = dict(extra)
    if bench is not None:
        keys = ("task", "metric", "higher_is_better", "recipe", "ours")
        if not isinstance(bench, Mapping) or any(key not in bench for key in keys):
            raise ValueError(f"Expected bench as made by aebook.benchmark.compare, got {bench!r}")
        record["bench"] = dict(bench)
    folder = results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{chapter}.json"
    text = json.dumps(record, indent=2, sort_keys=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{chapter}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; results are for everyone to read
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def load_results(folder: str | os.PathLike | None = None) -> list[dict]:
    """Read every chapter's results file, sorted by chapter name.

    Parameters
    ----------
    folder : path, optional
        Defaults to :func:`results_dir`.

    Returns
    -------
    records : list of dict
        One dict per ``*.json`` file, as :func:`save_results` wrote it.

    Raises
    ------
    ValueError
        If a file is not valid JSON or lacks the common keys; the message names the file.
    """
    folder = Path(folder) if folder is not None else results_dir()
    records = []
    for path in sorted(folder.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError(
                f"Results file {path} is not valid JSON ({err}); re-run its chapter"
            ) from None
        if not isinstance(record, dict):
            raise ValueError(
                f"Results file {path} holds {type(record).__name__}, not an object; re-run its chapter"
            )
        missing = set(REQUIRED_KEYS) - set(record)
        if missing:
            raise ValueError(
                f"Results file {path} lacks keys {sorted(missing)}; re-run its chapter"
            )
        records.append(record)
    return records
