"""pytest plugin: nbval's one execution of each notebook also proves its figures are current.

nbval runs every notebook on a fresh kernel and compares each cell's text outputs with
the stored ones, but it skips images, so a figure edited in ``src/`` could leave a stale
picture in the notebook. This plugin wraps each nbval cell test: once nbval's own check
has passed, the PNGs the cell just drew are compared with the stored ones, allowing for
anti-aliasing noise, and so are their alt texts. One execution feeds both checks; no
notebook is run twice.

Loaded by ``-p nbfigures`` in pyproject.toml (``pythonpath`` puts tools/ on the path).
"""

from __future__ import annotations

import base64
import io

import numpy as np


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        if type(item).__name__ == "IPyNbCell":
            item.runtest = _with_figure_check(item, item.runtest)


MEASURED = "nbval-ignore-output"
"""nbval's own tag for a cell whose output truly varies: a real measurement on this
machine (a timing, a load test). nbval skips its text; this plugin skips its figures.
tests/course/test_notebooks.py requires such a cell to say why, in a ``# Measured:`` comment."""


def _with_figure_check(item, nbval_runtest):
    def runtest():
        nbval_runtest()  # executes the cell, compares text; raises on a difference
        if MEASURED in item.cell.get("metadata", {}).get("tags", []):
            return
        problem = stale_figures(item.cell.get("outputs", []), getattr(item, "test_outputs", []))
        if problem:
            raise AssertionError(f"{item.name}: {problem}: store the notebook again with "
                                 "`make notebooks NB=...`")
    return runtest


def pngs(outputs) -> list[str]:
    """The base64 PNGs among a cell's outputs, in order."""
    return [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]


def alt_texts(outputs) -> list[str]:
    """The alt text stored with each PNG (empty if none), in order."""
    return [(o.get("metadata") or {}).get("image/png", {}).get("alt", "")
            for o in outputs if "image/png" in o.get("data", {})]


def stale_figures(stored_outputs, fresh_outputs) -> str | None:
    """Why the stored figures of a cell differ from freshly drawn ones, or None."""
    stored, fresh = pngs(stored_outputs), pngs(fresh_outputs)
    if len(stored) != len(fresh):
        return f"the cell drew {len(fresh)} figure(s) but {len(stored)} are stored"
    for number, (old, new) in enumerate(zip(stored, fresh, strict=True), start=1):
        why = figures_differ(old, new)
        if why:
            return f"stored figure {number} is stale ({why})"
    for number, (old, new) in enumerate(zip(alt_texts(stored_outputs),
                                            alt_texts(fresh_outputs), strict=True), start=1):
        if old != new:
            return f"the alt text of figure {number} is stale: stored {old!r}, now {new!r}"
    return None


def _pixels(png: str) -> np.ndarray:
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(png))).convert("RGB")
    return np.asarray(image, dtype=int)


def figures_differ(stored: str, fresh: str) -> str | None:
    """Why two base64 PNGs differ beyond anti-aliasing noise, or None if they match."""
    if stored == fresh:
        return None
    a, b = _pixels(stored), _pixels(fresh)
    if a.shape != b.shape:
        return f"size {a.shape[1]}x{a.shape[0]} != {b.shape[1]}x{b.shape[0]}"
    changed = np.mean(np.abs(a - b).max(axis=2) > 32)
    return f"{changed:.2%} of pixels changed" if changed > 0.001 else None
