"""Why pyproject.toml keeps matplotlib below 3.11: text drawing time, one version against another.

Course figures are mostly text (tick labels, annotations, table-like ladders), and a
figure's PNG is most of a panel's redraw. matplotlib 3.11 draws text one glyph at a
time; 3.10 draws a whole string at once. This script times, in fresh processes, a figure
of 100 labels and a few real course figures with the installed matplotlib and, given
``--other DIR``, with the matplotlib installed in ``DIR``, and prints the ratios.

Run, for example::

    .venv/bin/pip install --no-deps --target /tmp/mpl311 matplotlib==3.11.2
    .venv/bin/python benchmarks/bench_text.py --other /tmp/mpl311
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in a child process, so that each matplotlib version is imported on its own.
CHILD = r"""
import json, time
import matplotlib
import numpy as np
from sysdesign.core import style
from sysdesign.caching import experiments as caching, plots as caching_plots
from sysdesign.geo import experiments as geo, plots as geo_plots

def best(make, repeats=5):
    times = []
    for _ in range(repeats):
        fig = make()
        start = time.perf_counter()
        style.png_bytes(fig)
        times.append(time.perf_counter() - start)
    return min(times[1:])  # the first pays for loading fonts

def labels():
    rng = np.random.default_rng(0)
    fig, ax = style.figure()
    for i in range(100):
        ax.text(*rng.random(2), f"label {i} [{i * 3.14159:.4g}]")
    return fig

lats, lons = geo.points()
counts = geo.cell_counts(1)
strategy = caching.strategy()
print(json.dumps({
    "version": matplotlib.__version__,
    "100 text labels": best(labels),
    "geo world_grid": best(lambda: geo_plots.world_grid(lats, lons, counts)),
    "geo bisection ladder": best(lambda: geo_plots.bisection(48.8584, 2.2945, 5)),
    "caching strategy_view": best(lambda: caching_plots.strategy_view(strategy)[0]),
}))
"""


def measure(extra_path: str | None) -> dict:
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = extra_path + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--other", help="a directory holding another matplotlib to compare")
    args = parser.parse_args(argv)
    ours = measure(None)
    other = measure(args.other) if args.other else None
    head = f"{'figure (PNG render, best of 4)':32} {ours['version']:>10}"
    if other:
        head += f" {other['version']:>10} {'ratio':>7}"
    print(head)
    for name, seconds in ours.items():
        if name == "version":
            continue
        line = f"{name:32} {seconds * 1000:8.0f}ms"
        if other:
            line += f" {other[name] * 1000:8.0f}ms {other[name] / seconds:6.2f}x"
        print(line)


if __name__ == "__main__":
    main()
