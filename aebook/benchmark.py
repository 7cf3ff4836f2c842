"""Each chapter's model against the source article's recipe: seconds and quality, side by side.

A chapter times the training and scoring of its own model and of the article's recipe for the
same task, in the same run on the same machine, and records both with :func:`compare`;
:func:`aebook.results.save_results` stores the record under ``"bench"``. ``make bench`` and the
book's Results page turn the records into one table with :func:`bench_table`. Only ratios
measured in one run are compared: absolute seconds depend on the machine and its load.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping

import pandas as pd

#: The largest time ratio (ours / recipe) the book accepts for a chapter's model.
MAX_TIME_RATIO = 1.5


class Stopwatch:
    """Wall-clock seconds of a ``with`` block.

    Examples
    --------
    >>> with Stopwatch() as watch:
    ...     total = sum(range(1000))
    >>> watch.seconds >= 0
    True
    """

    def __init__(self) -> None:
        self.seconds = math.nan
        self._started: float | None = None

    def __enter__(self) -> Stopwatch:
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc_info) -> None:
        self.seconds = time.perf_counter() - self._started


def _positive_seconds(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"Expected {name} as a number of seconds, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"Expected {name} to be a positive, finite number of seconds, got {value}")
    return float(value)


def _finite(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"Expected {name} to be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"Expected {name} to be finite, got {value}")
    return float(value)


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
        Training plus scoring time of each, in seconds, measured in the same run.
    recipe_quality, ours_quality : float
        The metric for each.

    Returns
    -------
    record : dict
        JSON-serialisable; pass it to :func:`aebook.results.save_results` as ``bench=``.

    Raises
    ------
    ValueError
        If a text is empty, a time is not positive, or a quality is not finite.
    """
    for name, text in (("task", task), ("metric", metric), ("recipe", recipe), ("ours", ours)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"Expected {name} as a non-empty string, got {text!r}")
    if not isinstance(higher_is_better, bool):
        raise ValueError(f"Expected higher_is_better as True or False, got {higher_is_better!r}")
    return {
        "task": task,
        "metric": metric,
        "higher_is_better": higher_is_better,
        "recipe": {
            "name": recipe,
            "seconds": round(_positive_seconds("recipe_seconds", recipe_seconds), 2),
            "quality": _finite("recipe_quality", recipe_quality),
        },
        "ours": {
            "name": ours,
            "seconds": round(_positive_seconds("ours_seconds", ours_seconds), 2),
            "quality": _finite("ours_quality", ours_quality),
        },
    }


def _verdict(bench: Mapping) -> tuple[float, bool, bool]:
    recipe, ours = bench["recipe"], bench["ours"]
    ratio = ours["seconds"] / recipe["seconds"]
    if bench["higher_is_better"]:
        as_good = ours["quality"] >= recipe["quality"]
    else:
        as_good = ours["quality"] <= recipe["quality"]
    return ratio, as_good, ratio <= MAX_TIME_RATIO


def bench_table(records: Iterable[Mapping]) -> pd.DataFrame:
    """The benchmark table of every chapter that recorded one.

    Parameters
    ----------
    records : iterable of dict
        Results records, as :func:`aebook.results.load_results` returns them; records without
        a ``"bench"`` entry are skipped.

    Returns
    -------
    table : pandas.DataFrame
        One row per chapter, indexed by chapter name, with the task, the metric, seconds and
        quality of the recipe and of ours, the time ratio (ours / recipe), and whether ours
        is at least as good (``as good``) and within :data:`MAX_TIME_RATIO` (``time ok``).
    """
    rows = []
    for record in records:
        bench = record.get("bench")
        if not bench:
            continue
        ratio, as_good, time_ok = _verdict(bench)
        rows.append(
            {
                "chapter": record["chapter"],
                "task": bench["task"],
                "metric": bench["metric"],
                "recipe": bench["recipe"]["name"],
                "recipe s": bench["recipe"]["seconds"],
                "recipe quality": bench["recipe"]["quality"],
                "ours": bench["ours"]["name"],
                "ours s": bench["ours"]["seconds"],
                "ours quality": bench["ours"]["quality"],
                "time ratio": ratio,
                "as good": as_good,
                "time ok": time_ok,
            }
        )
    columns = [
        "task", "metric", "recipe", "recipe s", "recipe quality", "ours", "ours s",
        "ours quality", "time ratio", "as good", "time ok",
    ]  # fmt: skip
    if not rows:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="chapter"))
    return pd.DataFrame(rows).set_index("chapter")[columns]
