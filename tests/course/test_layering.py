"""The layout rules, read off the import statements of every module in src/sysdesign:

1. ``core`` imports no topic package;
2. models (every module but ``plots.py``, ``widgets.py``, ``core/style.py`` and
   ``core/panel.py``) import neither matplotlib nor ipywidgets, not even indirectly;
3. only ``widgets.py`` modules and ``core/panel.py`` import ipywidgets.

Plus the shape: every topic is a package with ``plots.py`` beside its models, and no
module sits loose at the package root.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import sysdesign

PACKAGE = Path(sysdesign.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
PLOTTING = {"plots.py"}
PLOTTING_CORE = {"style.py"}


def dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, source: str | None = None) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    package = dotted(path) if path.name == "__init__.py" else dotted(path).rpartition(".")[0]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def role(path: Path) -> str:
    inside = path.relative_to(PACKAGE).parts
    if inside[0] == "core":
        return {"style.py": "style", "panel.py": "panel"}.get(path.name, "core")
    return {"plots.py": "plots", "widgets.py": "widgets"}.get(path.name, "model")


def uses(names: set[str], library: str) -> bool:
    return any(name == library or name.startswith(library + ".") for name in names)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_keeps_to_its_layer(path):
    names, kind = imported(path), role(path)
    if path.relative_to(PACKAGE).parts[0] == "core":
        topics = {n for n in names if n.startswith("sysdesign.") and
                  not n.startswith("sysdesign.core")}
        assert not topics, f"core must import no topic, but imports {sorted(topics)}"
    if kind not in ("widgets", "panel"):
        assert not uses(names, "ipywidgets"), "only widgets.py and core/panel.py use ipywidgets"
    if kind in ("model", "core"):
        assert not uses(names, "matplotlib"), "models and core (but style) have no matplotlib"
        plotting = {n for n in names if n.endswith((".plots", ".widgets", ".style", ".panel"))
                    and n.startswith("sysdesign")}
        assert not plotting, f"a model imports the plotting layer: {sorted(plotting)}"


def test_models_do_not_import_plotting_libraries_even_indirectly():
    models = [dotted(p) for p in MODULES if role(p) in ("model", "core")]
    code = ("import importlib, sys\n"
            f"for name in {models!r}:\n"
            "    importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('matplotlib', 'ipywidgets'))\n"
            "assert not bad, bad[:5]\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def test_every_topic_is_a_package_and_nothing_is_loose():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert not loose, f"modules at the package root: {loose}; put them in core/ or a topic"
    topics = [p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    for topic in topics:
        if topic.name != "core":
            assert (topic / "plots.py").exists() or not (topic / "widgets.py").exists(), (
                f"{topic.name} has panels but no plots.py")


def test_the_checker_sees_relative_and_absolute_imports():
    source = ("from ..core import checks\nfrom . import plots\nfrom .sub import x\n"
              "import matplotlib.pyplot as plt\n")
    names = imported(PACKAGE / "caching" / "example.py", source)
    assert {"sysdesign.core.checks", "sysdesign.caching.plots", "sysdesign.caching.sub.x",
            "matplotlib.pyplot"} <= names
    assert uses(names, "matplotlib") and not uses(names, "ipywidgets")
