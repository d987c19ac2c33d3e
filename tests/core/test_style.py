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


def _chart(top: float, title: str = "A chart"):
    fig, ax = style.figure()
    ax.plot([0, 1, 2], [0, top / 2, top], label="line")
    ax.legend()
    style.label(ax, title, "x (s)", "y (requests)")
    return style.describe(fig, f"A line rising from 0 to {top}.")


def test_layout_memo_paints_remembered_layouts_identically():
    from nbfigures import figures_differ

    memo = style.LayoutMemo()
    first = memo.render(_chart(1.0))
    again = memo.render(_chart(1.0))
    assert memo.hits == 1  # the second figure reused the first one's layout
    import base64
    fresh = style.png_bytes(_chart(1.0))
    assert figures_differ(base64.b64encode(again).decode(), base64.b64encode(fresh).decode()) \
        is None
    assert first[:8] == b"\x89PNG\r\n\x1a\n"


def test_layout_memo_lays_out_afresh_when_the_shape_changes():
    memo = style.LayoutMemo()
    memo.render(_chart(1.0))
    memo.render(_chart(100_000.0))  # longer tick labels need more room
    memo.render(_chart(1.0, title="Another title"))
    assert memo.hits == 0 and len(memo.positions) == 3


def test_alt_text_travels_with_the_png():
    fig = _chart(2.0)
    png, metadata = fig._repr_png_()
    assert metadata == {"alt": "A line rising from 0 to 2.0."}
    import pytest
    with pytest.raises(ValueError, match="text must be a sentence"):
        style.describe(fig, " ")


def test_log_axis_labels_are_plain_numbers():
    fig, ax = style.figure()
    ax.plot([1, 10, 1000], [1, 2, 3])
    style.log_axis(ax)
    formatter = ax.xaxis.get_major_formatter()
    assert [formatter(v, 0) for v in (1, 10, 1000, 0.1)] == ["1", "10", "1,000", "0.1"]
