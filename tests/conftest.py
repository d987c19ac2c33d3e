"""Shared test setup: make tools/ importable and keep hypothesis fast on 2 cores."""

import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

# Deterministic property tests: a fixed database-free profile, no deadline
# (timings on a shared CI machine vary), a modest number of examples.
settings.register_profile("course", max_examples=100, deadline=None, derandomize=True,
                          database=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("course")
