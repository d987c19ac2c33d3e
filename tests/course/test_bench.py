"""The benchmark's verdict lines: the slowest case and every case over its target."""

import doctest
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import run_all  # noqa: E402


def test_verdict_doctest():
    result = doctest.testmod(run_all)
    assert result.attempted >= 1 and result.failed == 0


def test_verdict_names_every_case_over_target():
    line = run_all.verdict("panel", [("a", 120.0), ("b", 260.0), ("c", 251.0)], 250, " ms")
    assert line == "slowest panel: b at 260.0 ms (target 250 ms): 2 over target: b, c"


def test_targets_are_the_issues():
    assert (run_all.NOTEBOOK_TARGET, run_all.PANEL_TARGET_MS) == (5.0, 250.0)
