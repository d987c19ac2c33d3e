"""Course benchmarks: notebook run times, panel redraw times, then each topic's script.

Notebook times (best of five runs) are printed as a ratio to executing an empty notebook
(that is the kernel start-up cost), so the figures compare across machines. The empty
notebook runs right before each notebook, best of five as well, so a machine that speeds
up or slows down during the minutes the benchmark takes moves both sides of each ratio
alike; the best of five damps the stray second a shared machine adds to single runs.
Panel times are the best of several redraws at the defaults, split into the
model and the figure (including its PNG encoding), best of five. Both parts end with the
slowest case against the course's targets (5x an empty notebook, 250 ms a redraw). Topic
scripts (``bench_*.py``) compare our models with their peer libraries.

Run: ``make bench`` (or ``.venv/bin/python benchmarks/run_all.py [--skip-topics]``).
"""

from __future__ import annotations

import compileall
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import nb as pipeline  # noqa: E402
from benchtools import panel_timings  # noqa: E402

from sysdesign.core.panel import find_panels  # noqa: E402


def time_notebook(notebook) -> float:
    start = time.perf_counter()
    pipeline.execute(notebook)
    return time.perf_counter() - start


NOTEBOOK_REPEATS = 5
NOTEBOOK_TARGET = 5.0      # times an empty notebook (issue "Exercises that teach...")
PANEL_TARGET_MS = 250.0    # a full redraw: model + figure + PNG


def empty_notebook():
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    empty.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}
    return empty


def notebook_times() -> list[tuple[str, float]]:
    """Each notebook's (name, times an empty notebook run beside it); prints a table."""
    print(f"{'notebook':32} {'seconds':>8} {'empty s':>8} {'x empty':>8}")
    ratios = []
    for path in pipeline.notebook_paths():
        # Best of five, interleaved with the empty notebook: other work only ever adds time,
        # and on a shared machine a 3 s run meets it more often than a 0.7 s one.
        seconds = baseline = float("inf")
        for _ in range(NOTEBOOK_REPEATS):
            baseline = min(baseline, time_notebook(nbformat.from_dict(empty_notebook())))
            seconds = min(seconds, time_notebook(nbformat.read(path, as_version=4)))
        ratios.append((path.stem, seconds / baseline))
        print(f"{path.stem:32} {seconds:8.2f} {baseline:8.2f} {seconds / baseline:8.1f}",
              flush=True)
    return ratios


def panel_times(repeats: int = 5) -> list[tuple[str, float]]:
    """Each panel's (name, full redraw ms) at its defaults; prints a table."""
    import gc

    import ipywidgets

    print(f"\n{'panel':44} {'model ms':>9} {'figure ms':>10} {'total ms':>9}")
    totals = []
    for name, factory in find_panels():
        model, draw = panel_timings(factory(), repeats)
        totals.append((name, (model + draw) * 1e3))
        print(f"{name:44} {model * 1e3:9.1f} {draw * 1e3:10.1f} {(model + draw) * 1e3:9.1f}")
        # ipywidgets keeps every widget ever made (and so each panel's figures) alive until
        # closed; left open, 39 panels' worth slows every later garbage collection, which no
        # notebook, holding a handful of panels, ever pays.
        ipywidgets.Widget.close_all()
        gc.collect()
    return totals


def verdict(what: str, results: list[tuple[str, float]], target: float, unit: str) -> str:
    """One line: the slowest case, and how many cases are over the target.

    >>> verdict("notebook", [("a", 2.0), ("b", 4.5)], 5.0, "x")
    'slowest notebook: b at 4.5x (target 5x): all 2 within target'
    """
    name, worst = max(results, key=lambda pair: pair[1])
    over = [n for n, value in results if value > target]
    tail = (f"all {len(results)} within target" if not over
            else f"{len(over)} over target: {', '.join(over)}")
    return f"slowest {what}: {name} at {worst:.1f}{unit} (target {target:g}{unit}): {tail}"


def topic_benchmarks() -> None:
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        print(f"\n== {script.name} ==", flush=True)
        subprocess.run([sys.executable, str(script)], cwd=ROOT, check=False)


if __name__ == "__main__":
    # Byte-compile the course's own modules first, as pip does for installed packages and
    # Python does on a learner's first import. Where PYTHONDONTWRITEBYTECODE is set (some
    # CI machines and sandboxes), every kernel would otherwise compile them again (~70 ms
    # a notebook), a cost no learner pays.
    compileall.compile_dir(ROOT / "src", quiet=1)
    notebooks = notebook_times()
    panels = panel_times()
    print()
    print(verdict("notebook", notebooks, NOTEBOOK_TARGET, "x"))
    print(verdict("panel", panels, PANEL_TARGET_MS, " ms"))
    if "--skip-topics" not in sys.argv:
        topic_benchmarks()
