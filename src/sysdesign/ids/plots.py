"""Figures for the distributed-IDs notebook, and one ``<name>_view`` per panel of
:mod:`sysdesign.ids.widgets`. Every figure ends with its alt text (``style.describe``),
written from the data it draws."""

from __future__ import annotations

import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle

from ..core import style
from .btree import InsertRun, random_leaves_touched
from .experiments import GENERATOR_SCRIPT, TOY_COUNTERS, Collisions, LeaseView, Limits
from .layout import Layout
from .machine_ids import LeaseRun

ROLE_COLOURS = {"time": style.PALETTE["blue"], "node": style.PALETTE["orange"],
                "sequence": style.PALETTE["green"], "random": style.PALETTE["purple"],
                "instance": style.PALETTE["sky"], "const": style.PALETTE["black"]}
ROLE_NAMES = {"time": "time", "node": "machine/shard", "sequence": "counter",
              "random": "random per ID", "instance": "random per process",
              "const": "fixed"}
UNUSED_COLOUR = "#dddddd"  # top bits a layout leaves clear (the sign bit of a BIGINT)
FONT_PT = 7  # the size of the labels inside the bit cells
CHAR_EM = 0.62  # a DejaVu Sans character's average width, in ems (digits and lower case)


def _luminance(colour) -> float:
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def ink(colour) -> str:
    """Black or white, whichever reads better on ``colour`` (the WCAG contrast ratio)."""
    light = _luminance(colour)
    return "black" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "white"


def _text_px(text: str, points: float = FONT_PT) -> float:
    """About how wide ``text`` is drawn, in pixels (its longest line)."""
    return max(len(line) for line in text.split("\n")) * CHAR_EM * points * style.DPI / 72


def _axes(ax, figsize, *, left: float = 58, right: float = 14, top: float = 28,
          bottom: float = 44):
    """``(fig, ax)``: the given axes, or a new figure whose axes sit at fixed margins (in
    pixels). Fixed margins draw in one pass; constrained layout measures every label in a
    first pass, which costs as much again."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = style.figure(figsize=figsize)
    width, height = fig.get_size_inches() * style.DPI
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                        bottom=bottom / height)
    ax.locator_params(nbins=5)  # each tick is an object to build and draw: fewer is faster
    return fig, ax


# --- bit layouts ---------------------------------------------------------------------------

def bit_layouts(layouts: list[Layout], *, values: dict | None = None, ax=None):
    """Each layout as a bar of its bits, most significant on the left; colour = role.

    ``values`` maps a layout name to decoded field values to print inside the fields.
    A field's label is the longest of "name bits", "name" or "bits" that fits its cell.
    """
    if not layouts:
        raise ValueError("layouts must hold at least one layout to draw, got none")
    with style.styled():
        names = [f"{layout.name}\n{layout.total_bits} bits" for layout in layouts]
        fig, ax = _axes(ax, (10, 1.1 + 0.62 * len(layouts)),
                        left=max(_text_px(n, 8) for n in names) + 14, bottom=70)
        widest = max(layout.total_bits for layout in layouts)
        # Pixels per bit: the axes span about 80 % of the figure's width.
        px_per_bit = 0.8 * fig.get_size_inches()[0] * style.DPI / widest
        roles = set()
        for row, layout in enumerate(layouts):
            y = len(layouts) - 1 - row
            roles |= _draw_layout(ax, layout, y, (values or {}).get(layout.name, {}), px_per_bit)
        ax.set_xlim(0, widest)
        ax.set_ylim(-0.15, len(layouts) - 0.15)
        # Names as tick labels, so the layout engine makes room for the longest one.
        ax.set_yticks([len(layouts) - 1 - row + 0.4 for row in range(len(layouts))], names,
                      fontsize=8)
        ax.tick_params(axis="y", length=0)
        ax.set_xticks(range(0, widest + 1, 16))
        ax.grid(False)
        for role in ROLE_COLOURS:
            if role in roles:
                ax.bar(0, 0, color=ROLE_COLOURS[role], label=ROLE_NAMES[role])
        unused = {layout.total_bits - layout.used_bits for layout in layouts} - {0}
        if unused:  # the grey top bits: in a 63-bit layout, the sign bit kept clear
            ax.bar(0, 0, color=UNUSED_COLOUR,
                   label="unused (sign bit)" if unused == {1} else "unused")
        entries = len(roles) + bool(unused)
        if ax is fig.axes[0] and len(fig.axes) == 1:
            fig.legend(loc="lower center", ncol=entries, bbox_to_anchor=(0.5, 0.0))
        else:
            ax.legend(loc="upper right", ncol=entries)
        style.label(ax, "ID layouts, most significant bit on the left", "bit (from the left)",
                    "")
    names = ", ".join(f"{layout.name} ({layout.total_bits} bits: " + " | ".join(
        ([f"unused {layout.total_bits - layout.used_bits}"]
         if layout.total_bits > layout.used_bits else [])
        + [f"{f.name} {f.bits}" for f in layout.fields]) + ")" for layout in layouts[:3])
    more = f" and {len(layouts) - 3} more" if len(layouts) > 3 else ""
    first = layouts[0]
    return style.describe(fig, f"Bit layouts drawn as coloured bars, most significant bit "
                               f"on the left: {names}{more}. "
                               + ("In every one whose first field is the time, IDs sort by "
                                  "creation time." if first.sorts_by_time else
                                  "Its first field is not the time, so its IDs do not sort "
                                  "by creation time."))


def field_label(name: str, bits: int, value, width_px: float) -> str:
    """The longest of "name bits", "name", "bits" (and "= value" below) that fits."""
    shown = "" if value is None else f"= {value}"
    for text in (f"{name} {bits}", name, str(bits), ""):
        label = f"{text}\n{shown}" if shown and text else (text or shown)
        if _text_px(label) <= width_px - 3:
            return label
    return ""


def _draw_layout(ax, layout: Layout, y: float, shown: dict, px_per_bit: float) -> set:
    """One layout's bar at height ``y``: unused top bits grey, then each field in colour."""
    start = layout.total_bits - layout.used_bits
    if start:
        ax.add_patch(Rectangle((0, y), start, 0.8, fc=UNUSED_COLOUR, ec="white"))
        label = field_label("unused", start, None, start * px_per_bit)
        ax.text(start / 2, y + 0.4, label, ha="center", va="center", fontsize=FONT_PT)
    for f in layout.fields:
        colour = ROLE_COLOURS[f.role]
        ax.add_patch(Rectangle((start, y), f.bits, 0.8, fc=colour, ec="white"))
        label = field_label(f.name, f.bits, shown.get(f.name), f.bits * px_per_bit)
        if label:
            ax.text(start + f.bits / 2, y + 0.4, label, ha="center", va="center",
                    fontsize=FONT_PT, color=ink(colour))
        start += f.bits
    return {f.role for f in layout.fields}


# --- stepping through a generator ------------------------------------------------------

def _pale(colour, share: float = 0.25):
    return tuple(share * c + (1 - share) for c in to_rgb(colour))


def generator_trace(trace: pd.DataFrame, *, counter: str = "Twitter", ax=None):
    """The toy generator's IDs as rows of bits, one row per step: a 1 bit in its role's
    colour, a 0 bit pale; a refused step grey. Bits read left to right: time, machine,
    sequence."""
    layout = TOY_COUNTERS[counter]
    steps = len(GENERATOR_SCRIPT)  # every step gets a row; those not reached stay blank
    total = layout.total_bits
    roles = [f.role for f in layout.fields for _ in range(f.bits)]
    image = np.ones((max(steps, 1), total, 3))
    for step, row in trace.iterrows():
        if pd.isna(row["id"]):
            image[step] = to_rgb("#cccccc")
            continue
        bits = f"{int(row['id']):0{total}b}"
        for column, (bit, role) in enumerate(zip(bits, roles, strict=True)):
            colour = ROLE_COLOURS[role]
            image[step, column] = to_rgb(colour) if bit == "1" else _pale(colour)
    with style.styled():
        fig, ax = _axes(ax, (7.5, 3.6), left=30, right=172, bottom=26, top=26)
        ax.imshow(image, aspect="auto", interpolation="nearest",
                  extent=(0, total, max(steps, 1), 0))
        ax.vlines(np.arange(1, total), 0, max(steps, 1), color="white", lw=0.8)
        ax.hlines(np.arange(1, max(steps, 1)), 0, total, color="white", lw=1.5)
        edges = np.cumsum([0] + [f.bits for f in layout.fields])
        ax.set_xticks((edges[:-1] + edges[1:]) / 2, [f.name for f in layout.fields])
        ax.set_yticks([])
        ax.set_ylabel(f"step 0 (top) to {steps - 1}")
        ax.tick_params(length=0)
        ax.grid(False)
        # One line per row: its step, what the clock read, and the ID's bits as text.
        ax.text(total + 0.3, -0.15, "step clock  ID bits", va="bottom", fontsize=8,
                fontfamily="DejaVu Sans Mono")
        for step, row in trace.iterrows():
            ax.text(total + 0.3, step + 0.5, f"{step:>2} {row['clock (ms)']} ms  "
                    f"{row['bits'] or 'refused'}", va="center", fontsize=8,
                    fontfamily="DejaVu Sans Mono")
        last = trace.iloc[-1]
        ax.set_title(f"{layout.name}, step {trace.index[-1]}: {last['event']}", fontsize=10)
    refused = int(trace["id"].isna().sum())
    waited = int(trace["event"].str.contains("waited").sum())
    repeats = int(trace["repeats step"].notna().sum())
    sequence = ("counts within one" if layout.sequence_resets  # Discord's never restarts
                else "counts every ID and wraps after four")
    return style.describe(fig, f"The bits of each ID the {layout.name} generator made, one "
                               f"row per step, {len(trace)} of {steps} steps: the time bits "
                               f"count the "
                               f"milliseconds and the 2-bit sequence {sequence}. "
                               f"{waited} step(s) waited for the next millisecond, "
                               f"{refused} were refused because the clock went back, and "
                               f"{repeats} ID(s) repeated an earlier one.")


def generator_view(result: pd.DataFrame, *, counter: str = "Twitter", **_values) -> list:
    """The generator panel: the bits so far, and the table of what each step did."""
    return [generator_trace(result, counter=counter), result[["clock (ms)", "event", "bits"]]]


# --- ticket servers ------------------------------------------------------------------------

def tickets(frame: pd.DataFrame, *, ax=None):
    """Tickets from two round-robin ticket servers against request order; server 2 down."""
    with style.styled():
        fig, ax = _axes(ax, (7, 3.4), left=48)
        down = frame.loc[frame["server 2 down"], "request"]
        if len(down):
            ax.axvspan(down.min() - 0.5, down.max() + 0.5, color=style.NEUTRAL, alpha=0.2, lw=0)
            ax.text((down.min() + down.max()) / 2, frame["ticket"].max(), "server 2 down",
                    ha="center", va="top", fontsize=9)
        for server, colour in ((1, style.PALETTE["blue"]), (2, style.PALETTE["orange"])):
            rows = frame[frame["server"] == server]
            ax.scatter(rows["request"], rows["ticket"], s=18, color=colour,
                       marker="o" if server == 1 else "s", label=f"server {server}")
        early = frame[frame["sorts early"]]
        ax.scatter(early["request"], early["ticket"], s=80, facecolors="none",
                   edgecolors=style.BAD, lw=1.2, label="smaller than an earlier ticket")
        ax.legend(loc="upper left")
        style.label(ax, f"Two ticket servers (odd, even): {len(early)} of {len(frame)} "
                        "tickets sort before older ones", "request (time order)", "ticket")
    return style.describe(fig, f"Tickets against request order for two ticket servers "
                               f"handing out odd and even numbers in turn. While server 2 is "
                               f"down (requests {down.min()} to {down.max()}) server 1 runs "
                               f"ahead, so afterwards {len(early)} of server 2's tickets are "
                               f"smaller than tickets issued before them: unique, but not "
                               f"in time order.")


# --- machine ids: leases -----------------------------------------------------------------

WORKER_COLOURS = {"A": style.PALETTE["blue"], "B": style.PALETTE["orange"], None: "white"}


def _runs(values: list, times: np.ndarray) -> list[tuple[float, float, object]]:
    """Run-length encode values sampled at ``times``: (start, width, value) spans."""
    spans, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            end = times[i] if i < len(times) else times[-1]
            spans.append((times[start], end - times[start], values[start]))
            start = i
    return spans


def lease_timeline(run: LeaseRun, *, time_ms: float | None = None, ax=None):
    """Who uses which machine number, and who the registry says holds number 0, over time;
    worker A's freeze hatched; every duplicate ID a red tick. Past ``time_ms``: greyed."""
    now = run.duration_ms if time_ms is None else time_ms
    times = np.arange(0, now + 1, 50.0)
    pause = run.workers["A"].pause
    rows = {"worker A uses": [run.believed("A", t) for t in times],
            "registry: id 0 held by": [run.holder(0, t) for t in times],
            "worker B uses": [run.believed("B", t) for t in times]}
    duplicates = np.array(run.duplicate_times(now)) / 1000
    with style.styled():
        fig, ax = _axes(ax, (8, 3.4), left=_text_px("registry: id 0 held by", 10) + 14)
        texts = 0
        for y, (name, values) in zip((4, 3, 2), rows.items(), strict=True):
            for start, width, value in _runs(values, times / 1000):
                if name.startswith("registry"):
                    colour, label = WORKER_COLOURS[value], (value or "free")
                else:
                    colour = (style.PALETTE["green"] if value == 0 else style.PALETTE["sky"]
                              if value is not None else "white")
                    label = "" if value is None else f"id {value}"
                ax.broken_barh([(start, width)], (y - 0.35, 0.7), facecolors=colour,
                               edgecolors="#999999", lw=0.5)
                if label and width > 0.6 and texts < 12:  # at the start: clear of the hatching
                    ax.text(start + 0.1, y, label, ha="left", va="center", fontsize=8,
                            color=ink(colour), bbox={"fc": colour, "ec": "none", "pad": 1})
                    texts += 1
        if pause[1] > pause[0] and pause[0] <= now:
            ax.broken_barh([(pause[0] / 1000, (min(pause[1], now) - pause[0]) / 1000)],
                           (3.65, 0.7), facecolors="none", hatch="///", edgecolors="black",
                           lw=0)
            ax.text(pause[0] / 1000 + 0.1, 4.5, "A frozen", fontsize=8, va="center")
        if len(duplicates):
            ax.vlines(duplicates, 0.65, 1.35, color=style.BAD, lw=1)
        ax.axvline(now / 1000, color="black", lw=1)
        ax.axvspan(now / 1000, run.duration_ms / 1000, color="#eeeeee", lw=0)
        ax.set_xlim(0, run.duration_ms / 1000)
        ax.set_ylim(0.5, 4.8)
        ax.set_yticks([4, 3, 2, 1], [*rows, "duplicate IDs"])
        ax.tick_params(axis="y", length=0)
        ax.grid(False)
        check = "checks its lease" if run.params["check_lease"] else "does not check its lease"
        last = max((t for t in run.renewals["A"] if t <= pause[0]), default=0.0)
        lapsed = pause[1] - last >= run.params["session_timeout_ms"]
        note = "" if lapsed else " (its lease never lapsed)"
        style.label(ax, f"Worker A {check}{note}: {len(duplicates)} duplicate IDs by "
                        f"{now / 1000:g} s", "time (s)", "")
    expiry = (max(t for t in run.renewals["A"] if t <= pause[0]) + run.params[
        "session_timeout_ms"]) if run.renewals["A"] else float("nan")
    b_claims = [t for t, w, m in run.claims if w == "B"]
    return style.describe(fig, f"Timeline over {run.duration_ms / 1000:g} s of the machine "
                               f"number each worker uses and who the registry says holds "
                               f"number 0. Worker A freezes from {pause[0] / 1000:g} s to "
                               f"{pause[1] / 1000:g} s; its lease would run out at "
                               f"{expiry / 1000:g} s; worker B claims a number at "
                               f"{b_claims[0] / 1000 if b_claims else float('nan'):g} s. "
                               f"Up to {now / 1000:g} s, {len(duplicates)} IDs repeat "
                               f"earlier ones.")


def lease_view(result: LeaseView, **_values) -> list:
    """The lease panel: the timeline up to now, and what each worker knows at that time."""
    run, now = result
    table = pd.DataFrame({
        worker: {"uses machine id": run.believed(worker, now),
                 "registry says id's holder is": run.holder(run.believed(worker, now), now)
                 if run.believed(worker, now) is not None else None,
                 "frozen now": run.workers[worker].paused(now),
                 "IDs made so far": sum(1 for t, w, _m, _i in run.ids if w == worker
                                        and t <= now)}
        for worker in ("A", "B")})
    table.loc["duplicate IDs so far"] = run.duplicates(now)
    return [lease_timeline(run, time_ms=now), table.astype(str)]


# --- IDs from several machines -----------------------------------------------------------

def id_order(frame: pd.DataFrame, *, ax=None):
    """IDs from several machines: rank in ID order against the true creation time."""
    worst = frame["disorder (ms)"].max()
    machines = sorted(frame["machine"].unique())
    with style.styled():
        fig, ax = _axes(ax, (7, 3.6))
        rank = np.arange(len(frame))
        ends = {}
        for machine, rows in frame.groupby("machine"):
            colour = style.COLORS[int(machine) % len(style.COLORS)]
            ax.scatter(rows["true time (ms)"], rank[rows.index], s=8, color=colour)
            ends[machine] = (rows["true time (ms)"].iloc[-1], rank[rows.index[-1]], colour)
        if len(machines) <= 6:  # a label at the end of each machine's points, kept apart
            placed: list[float] = []
            for machine, (x, y, colour) in sorted(ends.items(), key=lambda e: e[1][1]):
                y = max([y] + [p + 0.06 * len(frame) for p in placed])
                placed.append(y)
                ax.text(x * 1.01 + 0.2, y, f"machine {machine}", fontsize=8, color=colour,
                        va="center")
        ax.set_xlim(None, frame["true time (ms)"].max() * 1.18)
        title = (f"Sorting by ID = sorting by time, give or take {worst:.1f} ms"
                 if len(machines) > 1 else
                 "One machine: its IDs sort by time (skew needs two clocks)")
        style.label(ax, title, "true creation time (ms)", "position when sorted by ID")
    shape = ("along one line" if worst < 1 else
             "in one band per machine, each as far behind as its clock")
    return style.describe(fig, f"Position in ID order against true creation time for "
                               f"{len(frame)} IDs from {len(machines)} machines: the points "
                               f"climb {shape}; the worst ID sorts after one made "
                               f"{worst:.1f} ms later.")


# --- UUID versions and time order ---------------------------------------------------------

UUID_TITLES = {"v1": "v1: time_low first", "v6": "v6: time_high first",
               "v4": "v4: no time at all", "v7": "v7: Unix ms first"}


def uuid_order(frame: pd.DataFrame, *, ax=None):
    """For each UUID version, position in sorted (text) order against creation time: the
    versions side by side on one axes, each over the same span of minutes."""
    versions = list(UUID_TITLES)
    span = float(frame["minute"].max())
    gap = 0.25 * span
    with style.styled():
        fig, ax = _axes(ax, (9, 3.2))
        for k, version in enumerate(versions):
            left = k * (span + gap)
            ax.scatter(frame["minute"] + left, frame[version], s=7, color=style.PALETTE["blue"])
            ax.text(left + span / 2, len(frame) * 1.06, UUID_TITLES[version], ha="center",
                    fontsize=9, fontweight="bold")
        ax.set_xticks([k * (span + gap) + x for k in range(len(versions)) for x in (0, span)],
                      [f"{x:g}" for _k in versions for x in (0, span)])
        ax.set_ylim(-2, len(frame) * 1.15)
        ax.grid(False)
        style.label(ax, f"{len(frame)} UUIDs of each version, one every "
                        f"{frame['minute'].iloc[1] * 60:g} s, sorted as text",
                    "made at (minute, within each version's run)", "position when sorted")
    in_order = [v for v in versions if frame[v].is_monotonic_increasing]
    return style.describe(fig, f"Sorted position against creation time for {len(frame)} "
                               f"UUIDs each of versions 1, 6, 4 and 7, made every "
                               f"{frame['minute'].iloc[1] * 60:g} s: only "
                               f"{' and '.join(in_order)} climb in one straight line; v1 "
                               f"climbs in saw teeth that restart every 7.2 minutes, when its "
                               f"leading time_low field wraps, and v4 is scattered at random.")


# --- B-tree inserts ------------------------------------------------------------------------

KEY_COLOURS = {"UUIDv4": style.PALETTE["vermillion"], "UUIDv7": style.PALETTE["blue"],
               "Snowflake": style.PALETTE["green"]}


def btree_pages(runs: dict[str, InsertRun], *, ax=None):
    """Pages SQLite wrote per committed batch of inserts, as the table grows, per key type
    (``runs`` from :func:`~sysdesign.ids.experiments.btree_runs`); dotted: the distinct
    leaves a batch of random keys hits (balls in bins)."""
    random = runs["UUIDv4"]
    batch, rows = int(random.rows[0]), int(random.rows[-1])
    with style.styled():
        fig, ax = _axes(ax, (7, 3.6))
        ends = {key: float(run.pages_written[-5:].mean()) for key, run in runs.items()}
        top = max(float(run.pages_written.max()) for run in runs.values())
        placed: list[float] = []
        for key in sorted(ends, key=ends.get):  # lowest first; labels kept apart
            run = runs[key]
            ax.plot(run.rows, run.pages_written, color=KEY_COLOURS[key], lw=1.6)
            y = max([ends[key]] + [p + 0.07 * top for p in placed])
            placed.append(y)
            ax.text(run.rows[-1] * 1.01, y, key, va="center", fontsize=9,
                    color=KEY_COLOURS[key])
        ax.plot(random.rows, random_leaves_touched(random.leaves, batch), ":",
                color=style.NEUTRAL, lw=1.4)
        middle = len(random.rows) // 2
        ax.text(random.rows[middle], random_leaves_touched(random.leaves, batch)[middle] * 0.55,
                f"leaves hit by {batch} random\nkeys (balls in bins)", fontsize=8,
                color="#666666", ha="center")
        ax.set_xlim(0, rows * 1.16)
        ax.set_ylim(0, None)
        style.thousands_axis(ax, "x")
        style.label(ax, f"SQLite: pages written per commit of {batch} inserts",
                    "rows in the table", "pages written")
    last = {key: int(run.pages_written[-1]) for key, run in runs.items()}
    hit = float(random_leaves_touched(random.leaves, batch)[-1])
    return style.describe(fig, f"Pages SQLite wrote per commit of {batch} inserts as a table "
                               f"grows to {rows:,} rows: with random UUIDv4 keys it climbs to "
                               f"{last['UUIDv4']} pages, above the {hit:.0f} distinct leaves "
                               f"{batch} random keys hit (dotted), splits and upper pages "
                               f"adding the rest; with time-ordered UUIDv7 and "
                               f"Snowflake keys it stays near {last['UUIDv7']} and "
                               f"{last['Snowflake']}.")


# --- collisions -----------------------------------------------------------------------------

CURVE_STYLES = {"UUIDv4 (122 random bits, any two IDs)": (style.PALETTE["purple"], "-"),
                "UUIDv7, counter from 0": (style.PALETTE["vermillion"], "-"),
                "UUIDv7, counter seeded (RFC 9562)": (style.PALETTE["blue"], "-"),
                "62 bits, any two IDs (wrong for v7)": (style.NEUTRAL, "--")}


def collision_curves(result: Collisions, *, generators: int, ids_per_ms: float,
                     mark: float | None = None, ax=None):
    """Chance of at least one duplicate against how many IDs were made, per scheme, on
    log scales: a chance of 1e-9 is as visible as one of 50 %."""
    n = result.n
    generators = round(generators)  # a log slider hands over a float
    with style.styled():
        fig, ax = _axes(ax, (7.5, 3.8), left=62)
        for label, p in result.curves.items():
            colour, line = CURVE_STYLES[label]
            ax.plot(n, np.maximum(p, 1e-30), line, color=colour, lw=1.6, label=label)
        if mark is not None:
            ax.axvline(mark, color="black", lw=0.8, ls=":")
        for axis in ("x", "y"):
            style.log_axis(ax, axis)
            target = ax.xaxis if axis == "x" else ax.yaxis
            target.set_major_locator(mticker.LogLocator(numticks=7))
            target.set_minor_locator(mticker.NullLocator())  # dozens of ticks, no labels
            target.set_major_formatter(mticker.FuncFormatter(_power_of_ten))
        ax.set_xlim(n[0], n[-1])
        ax.set_ylim(1e-15, 2)
        ax.legend(loc="lower right", fontsize=8)
        style.label(ax, f"Duplicates: {generators:,} generators, {ids_per_ms:g} ID/ms each",
                    "IDs made in all", "chance of a duplicate")
    where = 1e15 if mark is None else mark  # the alt text reads the curves where marked
    at = {label: p[min(np.searchsorted(n, where), len(n) - 1)]
          for label, p in result.curves.items()}
    said = "; ".join(f"{label} {v:.1g}" for label, v in at.items())
    return style.describe(fig, f"Chance of at least one duplicate against the number of IDs "
                               f"made, both on log scales, for {generators:,} generators at "
                               f"{ids_per_ms:g} ID per ms each. At "
                               f"{f'{where:.0e}'.replace('e+', 'e')} IDs: {said}.")


def _power_of_ten(value: float, _pos) -> str:
    exponent = int(round(np.log10(value)))
    return "1" if exponent == 0 else f"1e{exponent}"


# --- panel views: draw(result, **control values) ---------------------------------------

def limits_view(result: Limits, **_values):
    """The limits panel: the layout's bits, and the table of its limits."""
    return [bit_layouts([result.layout]), result.table]


def machines_view(result: pd.DataFrame, **_values):
    """The machines panel: rank in ID order against true creation time."""
    return id_order(result)


def collision_view(result: Collisions, *, generators: int = 1000, ids_per_ms: float = 1.0,
                   n: float = 1e15, **_values):
    """The collision panel: curves for each scheme with n marked, and each chance at n."""
    return [collision_curves(result, generators=generators, ids_per_ms=ids_per_ms, mark=n),
            result.table.rename(columns={"chance of a duplicate":
                                         f"chance of a duplicate among {n:.2g} IDs"})]
