"""`make bench`: every chapter's model against the source article's recipe, in one run.

Each chapter notebook trains and scores its own model and the article's recipe for the same
task, times both, and records them in its results JSON (``aebook.benchmark``). This script runs
the chapters in full mode, one after another on this machine, then prints the table: seconds
and quality of each, and the ratio ours / recipe. Ratios measured in one run are what count;
absolute seconds depend on the machine and on whatever else it is doing.

    python benchmarks/bench.py                      # run every chapter (full mode), then report
    python benchmarks/bench.py --quick              # the same in quick mode (a smoke test)
    python benchmarks/bench.py --from-results _build/results   # report a finished book build

The report is printed and written to ``<results>/bench.md``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("0*.ipynb"))


def run_chapters(results_folder: Path, quick: bool) -> dict[str, float]:
    """Execute every chapter notebook with nbclient; return wall seconds per notebook."""
    import nbformat
    from nbclient import NotebookClient

    os.environ["AEBOOK_QUICK"] = "1" if quick else "0"
    os.environ["AEBOOK_RESULTS_DIR"] = str(results_folder)
    seconds = {}
    for path in CHAPTERS:
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
    """The benchmark table of the results in ``results_folder``, as plain text."""
    from aebook import benchmark, results

    records = results.load_results(results_folder)
    table = benchmark.bench_table(records)
    if table.empty:
        raise SystemExit(
            f"No chapter in {results_folder} recorded a benchmark; run the chapters first."
        )
    modes = sorted({record["mode"] for record in records})
    devices = sorted({record["device"] for record in records})
    lines = [
        f"Mode: {', '.join(modes)}. Device: {'; '.join(devices)}.",
        f"Time ratio = ours / recipe (training + scoring); target <= {benchmark.MAX_TIME_RATIO}.",
        "",
        table.drop(columns=["task", "recipe", "ours"]).to_string(float_format="{:.4g}".format),
        "",
    ]
    for chapter, row in table.iterrows():
        lines += [
            f"{chapter}: {row['task']}",
            f"  recipe: {row['recipe']}",
            f"  ours:   {row['ours']}",
        ]
    lines.append("")
    failing = table[~(table["as good"] & table["time ok"])]
    if failing.empty:
        lines.append("Every chapter is at least as good as its recipe within the time target.")
    else:
        lines.append(f"Short of the target: {', '.join(failing.index)}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="run the chapters in quick mode")
    parser.add_argument(
        "--from-results",
        type=Path,
        help="report the results JSON in this folder instead of running the chapters",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
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
        print("chapter run times (s): " + ", ".join(f"{k} {v:.0f}" for k, v in seconds.items()))
    text = report(folder)
    (folder / "bench.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
