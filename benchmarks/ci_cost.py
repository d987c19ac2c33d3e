"""Where a test run's time goes: per notebook, per panel, and fixed, from pytest's JUnit XML.

Run the suite with ``PYTEST_ADDOPTS=--junitxml=/tmp/junit.xml make test``, then
``.venv/bin/python benchmarks/ci_cost.py /tmp/junit.xml``. The sums are test durations
(with ``-n auto`` the wall time is about the sum divided by the number of workers), so a
new notebook's cost, and where 29 notebooks will land, can be read off.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import nb as pipeline  # noqa: E402

TOPICS = r"(?:scaling|estimation|availability|caching|replication|sharding|ids|geo)"


def kind(name: str, stems: list[str]) -> str:
    """Which part of the run a test belongs to."""
    if "binder_environment_runs_every_notebook" in name:
        return "Binder check (one environment build + every notebook)"
    if any(stem in name for stem in stems):
        return "per notebook (nbval, browser, structure, exercises)"
    if "test_panels" in name and "course" in name:
        return "panel harness (per panel)"
    if re.search(rf"(tests|sysdesign)\.{TOPICS}\.", name):
        return "topic unit tests and doctests"
    return "fixed (core, course-wide, Lab, browser fixtures)"


def main(path: str) -> None:
    stems = [p.stem for p in pipeline.notebook_paths()]
    totals: dict[str, float] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        part = kind(name, stems)
        totals[part] = totals.get(part, 0.0) + float(case.get("time", 0))
    for part, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"{seconds:8.0f} s  {part}")
    print(f"{sum(totals.values()):8.0f} s  in all, over {len(stems)} notebooks")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: ci_cost.py JUNIT_XML")
    main(sys.argv[1])
