"""What the scaling panel computes: the architecture after a step, with the example
system's numbers for that step (shared by the notebook, the panel and the tests)."""

from __future__ import annotations

from functools import lru_cache

from .example import example_lines
from .path import SCALING_PATH, Architecture
from .path import architecture as drawing_after


@lru_cache(maxsize=1)
def _lines() -> tuple[str, ...]:
    """The URL shortener's line per step: a pure function of fixed assumptions, so cached."""
    return tuple(example_lines())


def architecture(step: int) -> tuple[Architecture, str]:
    """The growing-architecture panel: the drawing after ``step`` and the example's line."""
    return drawing_after(step), _lines()[step - 1]


def last_step() -> int:
    """The number of the last step (the panel's default, and the static figure)."""
    return len(SCALING_PATH)
