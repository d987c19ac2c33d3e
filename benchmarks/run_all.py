"""Course benchmarks: notebook run times, panel redraw times, then each topic's script.

Notebook times (best of two runs) are printed as a ratio to executing an empty notebook
in the same run (that is the kernel start-up cost), so the figures compare across machines.
Panel times are the best of several redraws at the defaults, split into the
model and the figure (including its PNG encoding), best of five. Topic scripts
(``bench_*.py``) compare our models with their peer libraries.

Run: ``make bench`` (or ``.venv/bin/python benchmarks/run_all.py [--skip-topics]``).
"""

from __future__ import annotations

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


def notebook_times() -> None:
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    empty.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}
    baseline = min(time_notebook(nbformat.from_dict(empty)) for _ in range(2))
    print(f"empty notebook (kernel start-up): {baseline:.2f} s")
    print(f"{'notebook':32} {'seconds':>8} {'x empty':>8}")
    for path in pipeline.notebook_paths():
        # Best of two: the machine's other work only ever adds time.
        seconds = min(time_notebook(nbformat.read(path, as_version=4)) for _ in range(2))
        print(f"{path.stem:32} {seconds:8.2f} {seconds / baseline:8.1f}")


def panel_times(repeats: int = 5) -> None:
    import gc

    import ipywidgets

    print(f"\n{'panel':44} {'model ms':>9} {'figure ms':>10} {'total ms':>9}")
    for name, factory in find_panels():
        model, draw = panel_timings(factory(), repeats)
        print(f"{name:44} {model * 1e3:9.1f} {draw * 1e3:10.1f} {(model + draw) * 1e3:9.1f}")
        # ipywidgets keeps every widget ever made (and so each panel's figures) alive until
        # closed; left open, 39 panels' worth slows every later garbage collection, which no
        # notebook, holding a handful of panels, ever pays.
        ipywidgets.Widget.close_all()
        gc.collect()


def topic_benchmarks() -> None:
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        print(f"\n== {script.name} ==", flush=True)
        subprocess.run([sys.executable, str(script)], cwd=ROOT, check=False)


if __name__ == "__main__":
    notebook_times()
    panel_times()
    if "--skip-topics" not in sys.argv:
        topic_benchmarks()
