"""Scaling: the classic path from one server to many, for notebook 00.

- ``path``: :class:`Step` and :data:`SCALING_PATH`, each move and the limit it removes,
  with the notebook that covers it;
- ``plots``: :func:`~sysdesign.scaling.plots.scaling_path_chart` draws the path.

There are no panels, so no ``experiments`` or ``widgets`` module.
"""

from .path import SCALING_PATH, Step

__all__ = ["SCALING_PATH", "Step"]
