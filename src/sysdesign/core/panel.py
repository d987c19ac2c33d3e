"""The one widget pattern every notebook uses: controls -> model -> view.

A :class:`Panel` wires a dict of ipywidgets controls to two plain functions:

* ``compute(**values)`` runs the model (it lives in the topic's ``experiments.py``);
* ``draw(result, **values)`` turns its result into something Jupyter shows: a figure,
  a DataFrame, or a list of them (it lives in the topic's ``plots.py``). Name its first
  parameter ``result``: a control of the same name would clash with it.

The naming rule: the panel ``foo_panel`` in ``<topic>/widgets.py`` is
``Panel(controls, experiments.foo, plots.foo_view)``. Because ``draw`` receives the
control values too, ``compute`` never echoes its inputs just so a title can name them.
Keeping the two apart lets tests drive every control and lets benchmarks time the
model and the figure separately.

Importing this module also takes the objects alive so far (the libraries the course
runs on) out of the garbage collector's rounds: see :func:`_keep_libraries_out_of_gc`.
"""

from __future__ import annotations

import base64
import gc
import importlib
import math
import pkgutil
import time
from collections.abc import Callable, Mapping

import ipywidgets as w
from IPython.core.formatters import format_display_data
from IPython.display import display

from . import checks, style


def _keep_libraries_out_of_gc() -> None:
    """Freeze what is alive now, so the collector's full rounds skip it.

    By the time a notebook imports its panels, matplotlib, pandas, IPython and
    ipywidgets have made about 100,000 objects that live as long as the kernel. A full
    round of the garbage collector walks every live object (80 to 180 ms on the course's
    2-core test machine), and drawing figures allocates enough to start such rounds in the
    middle of a redraw. ``gc.freeze()`` moves the objects alive now out of its view: they
    are never collected, which they never would have been, and a full round walks only
    what the notebook made since. Measured with ``gc.callbacks`` over a whole run of
    notebooks 15 and 06 (on a busy machine), the rounds took 1.3 and 1.7 s before, 0.9
    and 1.1 s after; ``benchmarks/run_all.py`` reports the notebooks' run times.
    """
    gc.freeze()


_keep_libraries_out_of_gc()

# What a reader sees where the live widget cannot run (GitHub, nbviewer, a
# notebook opened without running it). The figure stored above the panel
# carries the lesson there.
STATIC_NOTE = (  # ipywidgets cuts a widget's text repr at 110 characters: stay below
    "[Interactive panel: run in JupyterLab or on Binder to use it; the figure above shows "
    "its defaults.]"
)


class Panel(w.VBox):
    """Controls on top, the model's view below; redraws whenever a control changes."""

    def __init__(self, controls: Mapping[str, w.ValueWidget], compute: Callable[..., object],
                 draw: Callable[..., object], *, title: str | None = None):
        if not controls:
            raise ValueError("a Panel needs at least one control")
        if not (callable(compute) and callable(draw)):
            raise TypeError("compute and draw must be functions: "
                            "compute(**values) -> result, draw(result, **values) -> view")
        self.controls = dict(controls)
        self.compute = compute
        self.draw = draw
        self.output = w.Output(layout=w.Layout(min_height="120px"))
        self.redraws = 0
        self.result = None
        self.view = None
        self.timings: dict[str, float] = {}
        self.layouts = style.LayoutMemo()  # redraws of the same figure reuse its layout
        cells = []
        for control in self.controls.values():
            if hasattr(control, "continuous_update"):
                # Redraw when the reader lets go, not at every pixel of a drag.
                control.continuous_update = False
            control.style.description_width = "initial"
            control.observe(self._on_change, names="value")
            play = getattr(control, "play", None)  # a timeline: its Play button beside it
            cells.append(w.HBox([play, control]) if play is not None else control)
        header = [w.HTML(f"<b>{title}</b>")] if title else []
        grid = w.GridBox(cells, layout=w.Layout(
            grid_template_columns="repeat(2, minmax(260px, 1fr))"))
        super().__init__(header + [grid, self.output])
        self.refresh()

    def values(self) -> dict[str, object]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> None:
        """Run the model and redraw; the timings feed the benchmarks."""
        values = self.values()
        start = time.perf_counter()
        result = self.compute(**values)
        computed = time.perf_counter()
        view = self.draw(result, **values)
        views = view if isinstance(view, (list, tuple)) else [view]
        # Formatting renders figures to PNG: part of the real cost of a redraw.
        outputs = [self._display_output(item) for item in views]
        drawn = time.perf_counter()
        # One assignment replaces the old view at once: no flicker, no kernel needed.
        self.output.outputs = tuple(outputs)
        self.result, self.view = result, view
        self.timings = {"model": computed - start, "draw": drawn - computed}
        self.redraws += 1

    def _on_change(self, _change) -> None:
        self.refresh()

    def _display_output(self, item) -> dict:
        """One displayable object as a Jupyter output dict (what the front end receives)."""
        if isinstance(item, style.CourseFigure):
            data = {"image/png": style.png_bytes(item, memo=self.layouts),
                    "text/plain": repr(item)}
            metadata = {"image/png": {"alt": item.alt_text}} if item.alt_text else {}
        else:
            data, metadata = format_display_data(item)
        # Bytes (a PNG) would travel as a binary widget buffer, which the Output widget's
        # front end shows as a broken image: send base64 text, as IPython does.
        data = {mime: base64.b64encode(value).decode("ascii") if isinstance(value, bytes)
                else value for mime, value in data.items()}
        return {"output_type": "display_data", "data": data, "metadata": metadata}

    def snapshot(self, *, tables: bool = False) -> Snapshot:
        """What this panel shows now, for the static copy above it (not drawn again).

        Its figures by default; with ``tables=True`` every output, tables included.
        """
        return Snapshot(self, tables=tables)

    def __repr__(self) -> str:
        return STATIC_NOTE


class Snapshot:
    """A panel's current outputs, shown again from what it already made.

    A notebook stores this above each panel so that readers on GitHub, where the widget
    cannot run, still see the panel's default figure; reusing the PNG saves drawing the
    figure twice. Alt text travels with each figure.
    """

    def __init__(self, panel: Panel, *, tables: bool = False):
        if not isinstance(panel, Panel):
            raise TypeError(f"panel must be a sysdesign Panel, got {type(panel).__name__}")
        figures = [o for o in panel.output.outputs if "image/png" in o["data"]]
        if not figures:
            raise ValueError("panel must show a figure to take a snapshot of; it shows "
                             f"{[sorted(o['data']) for o in panel.output.outputs]}")
        self.outputs = list(panel.output.outputs) if tables else figures
        self.png = base64.b64decode(figures[0]["data"]["image/png"])
        self.alt_text = figures[0].get("metadata", {}).get("image/png", {}).get("alt", "")

    def _ipython_display_(self) -> None:
        for output in self.outputs:  # as ordinary outputs, so the notebook stores them
            display(output["data"], raw=True, metadata=output.get("metadata") or None)

    def _repr_png_(self):
        return (self.png, {"alt": self.alt_text}) if self.alt_text else self.png

    def __repr__(self) -> str:  # the text a front end without images shows: no address
        return f"[figure: {self.alt_text or 'a panel at its defaults'}]"


# --- controls ---------------------------------------------------------------------------

def slider(description: str, value, lo, hi, step=None, **kwargs) -> w.ValueWidget:
    """An int or float slider, chosen by the type of ``value``."""
    if isinstance(value, int) and isinstance(lo, int) and isinstance(hi, int):
        return w.IntSlider(value=value, min=lo, max=hi, step=step or 1,
                           description=description, **kwargs)
    return w.FloatSlider(value=value, min=lo, max=hi, step=step or (hi - lo) / 100,
                         description=description, **kwargs)


def log_slider(description: str, value: float, lo: float, hi: float, **kwargs):
    """A slider over powers of ten, for quantities spanning many orders of magnitude."""
    return w.FloatLogSlider(value=value, base=10, min=math.log10(lo), max=math.log10(hi),
                            step=0.01, description=description, **kwargs)


def choice(description: str, options, value=None, **kwargs) -> w.Dropdown:
    """A drop-down list of options (a list, or a dict label -> value)."""
    return w.Dropdown(options=options, value=value, description=description, **kwargs)


def toggle(description: str, options, value=None, **kwargs) -> w.ToggleButtons:
    """A row of buttons, one pressed: for two to four options the reader should see at once."""
    return w.ToggleButtons(options=options, value=value, description=description, **kwargs)


def checkbox(description: str, value: bool = False, **kwargs) -> w.Checkbox:
    """An on/off switch with its label beside it."""
    return w.Checkbox(value=value, description=description, indent=False, **kwargs)


def timeline(description: str, steps: int, value: int = 0, *, step: int = 1,
             interval_ms: int = 600) -> w.IntSlider:
    """A time slider with a Play button beside it, to scrub or play a run.

    It offers ``steps`` positions, 0, ``step``, 2 * ``step``, ... (a step of 10 ms, say),
    and starts at ``value``, one of them. The Play button is linked in the browser
    (``jslink``), so playing moves the slider and each step redraws the panel like any
    other control.
    """
    steps = checks.integer(steps, "steps", 1, hint="positions on the time slider")
    step = checks.integer(step, "step", 1, hint="distance between positions")
    last = (steps - 1) * step
    value = checks.integer(value, "value", 0, last, hint=f"a multiple of {step} up to {last}")
    if value % step:
        raise ValueError(f"value must be a multiple of step {step} in 0..{last}, got {value}")
    slider_ = w.IntSlider(value=value, min=0, max=last, step=step, description=description)
    play = w.Play(value=value, min=0, max=last, step=step, interval=interval_ms,
                  description="play", show_repeat=False)
    w.jslink((play, "value"), (slider_, "value"))
    slider_.play = play
    return slider_


# --- discovery ---------------------------------------------------------------------------

def find_panels() -> list[tuple[str, Callable[[], Panel]]]:
    """Every panel factory of every topic: ``(topic.name, factory)`` for each public
    ``*_panel`` function defined in a ``sysdesign.<topic>.widgets`` module."""
    import sysdesign

    found = []
    for info in pkgutil.iter_modules(sysdesign.__path__):
        if not info.ispkg or info.name == "core":
            continue
        try:
            module = importlib.import_module(f"sysdesign.{info.name}.widgets")
        except ModuleNotFoundError as error:
            if error.name == f"sysdesign.{info.name}.widgets":
                continue  # a topic without panels
            raise
        for name, factory in sorted(vars(module).items()):
            if (name.endswith("_panel") and not name.startswith("_") and callable(factory)
                    and getattr(factory, "__module__", None) == module.__name__):
                found.append((f"{info.name}.{name}", factory))
    return found
