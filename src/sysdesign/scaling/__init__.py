"""Scaling: the classic path from one server to many, for notebook 00.

- ``path``: :class:`Step`, :data:`SCALING_PATH` (each move, the limit it removes, the lesson
  that covers it, and how it changes the architecture) and :func:`architecture` (the drawing
  after any step);
- ``example``: the URL shortener of notebook 01 carried through the steps, with numbers
  (:func:`example_lines`, :func:`path_table`);
- ``shortener``: that URL shortener, small enough to read, on a real SQLite database
  (:class:`Shortener`, :func:`code_length`, :func:`expected_collisions`);
- ``experiments``, ``plots``, ``widgets``: the step map, the growing architecture and its
  time-slider panel; ``exercises``: notebook 00's "Try it".
"""

from .example import example_lines, path_table
from .path import SCALING_PATH, Architecture, Box, Step, architecture, lesson_label
from .shortener import Shortener, code_length, expected_collisions, from_base62, to_base62

__all__ = ["SCALING_PATH", "Architecture", "Box", "Shortener", "Step", "architecture",
           "code_length", "example_lines", "expected_collisions", "from_base62",
           "lesson_label", "path_table", "to_base62"]
