"""`make bench`: every chapter's model against the source article's recipe, in one run.

Each chapter notebook trains and scores its own model and the article's recipe for the same
task, times both, and records them in its results JSON (:func:`aebook.results.compare`). This
script runs the chapters in full mode, one after another on this machine, then prints the table
that the book's Results page shows: seconds and quality of each, and the ratio ours / recipe.
Ratios measured in one run are what count; absolute seconds depend on the machine and on whatever
else it is doing. A tool of the book's repository, not of the student's package.

    python book/_ext/bench.py                      # run every chapter (full mode), then report
    python book/_ext/bench.py --quick              # the same in quick mode (a smoke test)
    python book/_ext/bench.py --from-results _build/results   # report a finished book build

The report is printed and written to ``<results>/bench.md``.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import yaml
from aebook_site import MAX_TIME_RATIO, bench_rows, bench_sentence, load_results

ROOT = Path(__file__).resolve().parents[2]


def book_chapters() -> dict[str, str]:
    """Page -> results name of every chapter, in book order, as ``_config.yml`` names them."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["sphinx"]["config"]["aebook_chapters"]


def run_chapters(results_folder: Path, quick: bool) -> dict[str, float]:
    """Execute every chapter notebook with nbclient, in its folder; return wall seconds each."""
    import nbformat
    from nbclient import NotebookClient

    os.environ["AEBOOK_QUICK"] = "1" if quick else "0"
    os.environ["AEBOOK_RESULTS_DIR"] = str(results_folder)
    seconds = {}
    for page in book_chapters():
        path = ROOT / f"{page}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        started = time.perf_counter()
        print(f"running {path.name} ...", flush=True)
        client = NotebookClient(
            notebook,
            timeout=1800,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
        seconds[path.name] = time.perf_counter() - started
        print(f"  {seconds[path.name]:.0f} s", flush=True)
    return seconds


def report(results_folder: Path) -> str:
    """The benchmark table of the results in ``results_folder``, as Markdown."""
    records = load_results(results_folder)
    rows = bench_rows(records, book_chapters())
    if not rows:
        raise SystemExit(
            f"No chapter in {results_folder} recorded a benchmark; run the chapters first."
        )
    modes = sorted({record["mode"] for record in records.values()})
    devices = sorted({record["device"] for record in records.values()})
    lines = [
        f"Mode: {', '.join(modes)}. Device: {'; '.join(devices)}.",
        f"Time ratio = ours / recipe (training + scoring); target <= {MAX_TIME_RATIO}.",
        "",
        "| chapter | metric | recipe s | recipe | ours s | ours | ratio | met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        recipe, ours = row["recipe"], row["ours"]
        met = "yes" if row["as_good"] and row["time_ok"] else "no"
        met += " (caveat)" if row.get("note") else ""
        lines.append(
            f"| {row['name']} | {row['metric']} | {recipe['seconds']:.1f} | "
            f"{recipe['quality']:.4g} | {ours['seconds']:.1f} | {ours['quality']:.4g} | "
            f"{row['ratio']:.2f} | {met} |"
        )
    lines.append("")
    for row in rows:
        lines += [
            f"{row['name']}: {row['task']}",
            f"  recipe: {row['recipe']['name']}",
            f"  ours:   {row['ours']['name']}",
            f"  {bench_sentence(row)}",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="run the chapters in quick mode"
    )
    parser.add_argument(
        "--from-results",
        type=Path,
        help="report the results JSON in this folder instead of running the chapters",
    )
    args = parser.parse_args(argv)
    if args.from_results is not None:
        folder = args.from_results.resolve()
        if not folder.is_dir():
            parser.error(f"no such results folder: {folder}")
    else:
        folder = ROOT / "_build" / "bench" / ("quick" if args.quick else "full")
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.json"):
            stale.unlink()  # one run only: never mix in an earlier run's records
        seconds = run_chapters(folder, quick=args.quick)
        print(
            "chapter run times (s): "
            + ", ".join(f"{k} {v:.0f}" for k, v in seconds.items())
        )
    text = report(folder)
    (folder / "bench.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
