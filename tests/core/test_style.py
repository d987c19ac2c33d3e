"""The plot style: applied only where asked, never on import; PNGs reproducible."""

import subprocess
import sys

from sysdesign.core import style


def test_importing_every_module_changes_no_global_setting():
    # A fresh interpreter, so modules imported by other tests do not hide a change.
    code = (
        "import matplotlib, pkgutil, importlib, sysdesign\n"
        "def snapshot():  # skip 'backend': reading it would import pyplot itself\n"
        "    return {k: matplotlib.rcParams._get(k) for k in matplotlib.rcParams}\n"
        "before = snapshot()\n"
        "for m in pkgutil.walk_packages(sysdesign.__path__, 'sysdesign.'):\n"
        "    importlib.import_module(m.name)\n"
        "changed = [k for k, v in snapshot().items() if before[k] != v]\n"
        "assert not changed, changed\n"
        "import sys; assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_figures_use_the_palette_and_render_identically():
    fig, ax = style.figure()
    line, = ax.plot([0, 1], [1, 0])
    assert line.get_color() == style.COLORS[0]
    assert isinstance(fig, style.CourseFigure)
    assert style.png_bytes(fig) == style.png_bytes(fig)
    assert fig._repr_png_().startswith(b"\x89PNG")


def test_palette_is_okabe_ito():
    assert style.COLORS == ["#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7",
                            "#0072B2", "#F0E442", "#000000"]


def test_count_ticks_fit_the_range():
    fig, ax = style.figure()
    ax.bar([0, 1], [0.5, 1.0])
    style.thousands_axis(ax)
    formatter = ax.yaxis.get_major_formatter()
    assert [formatter(v, 0) for v in (0, 0.25, 0.5, 1, 12_000)] == [
        "0", "0.25", "0.5", "1", "12,000"]
