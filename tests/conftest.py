"""Shared test setup: keep hypothesis deterministic and fast on 2 cores.

(tools/, with the notebook pipeline nb.py, is on the path through ``pythonpath`` in
pyproject.toml.)
"""

from hypothesis import HealthCheck, settings

# Deterministic property tests: a fixed database-free profile, no deadline
# (timings on a shared CI machine vary), a modest number of examples.
settings.register_profile("course", max_examples=100, deadline=None, derandomize=True,
                          database=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("course")
