"""Notebooks not yet moved to the keyed exercises and alt text of issue 11.

A notebook is pending while its script still calls the older checker form
``check(answer, expected, ...)``, or has no keyed ``check("NN.k", answer)`` at all. For
pending notebooks the exercise and alt-text tests are expected to fail
(``xfail(strict=True)``); once a notebook is converted, they run as usual.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LEGACY_CHECK = re.compile(r"check\(\s*answer\s*,")
KEYED_CHECK = re.compile(r'check\("\d\d\.\d+", answer\)')


def pending() -> set[str]:
    """Stems of the notebooks whose exercises are not yet keyed by id."""
    found = set()
    for path in NOTEBOOKS.glob("[0-9][0-9]_*.py"):
        text = path.read_text(encoding="utf-8")
        if LEGACY_CHECK.search(text) or not KEYED_CHECK.search(text):
            found.add(path.stem)
    return found


ISSUE_11_PENDING = pending()


def params(paths) -> list:
    """Notebook paths as pytest params, pending ones marked as expected failures."""
    return [pytest.param(path, id=path.stem, marks=pytest.mark.xfail(
        strict=True, reason="exercises and alt text not yet moved to issue 11's form"))
        if path.stem in ISSUE_11_PENDING else pytest.param(path, id=path.stem)
        for path in paths]
