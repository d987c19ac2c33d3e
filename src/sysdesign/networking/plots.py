"""Figures for the networking notebook, and one ``<name>_view`` per panel of
:mod:`sysdesign.networking.widgets`. Every figure ends with its alt text
(``style.describe``), written from the data it draws."""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch
from matplotlib.ticker import NullLocator

from ..core import style
from .experiments import (
    MAP_CELLS,
    STEP_END_MS,
    AddressMap,
    Delays,
    Steps,
    TransportRun,
    Waterfall,
    mathis_curve,
)
from .packet import Packet

LAYER_COLOURS = {"Ethernet": style.PALETTE["orange"], "IPv4": style.PALETTE["sky"],
                 "TCP": style.PALETTE["green"], "HTTP": style.PALETTE["purple"]}
PROTOCOL_COLOURS = {"http/1.1": style.PALETTE["vermillion"], "http/2": style.PALETTE["blue"],
                    "http/3": style.PALETTE["green"], "tcp": style.PALETTE["blue"],
                    "udp": style.PALETTE["orange"]}
PHASE_COLOURS = {"DNS": style.PALETTE["yellow"], "TCP": style.PALETTE["sky"],
                 "TLS": style.PALETTE["orange"], "QUIC": style.PALETTE["orange"],
                 "request": style.PALETTE["purple"], "response": style.PALETTE["green"]}


def _bars(ax, y, left, width, *, height=0.8, **style_kw):
    """Many horizontal bars as one collection (one artist, not one patch per bar)."""
    y, left, width = (np.asarray(v, dtype=float) for v in (y, left, width))
    bottom, top, right = y - height / 2, y + height / 2, left + width
    verts = np.stack([np.column_stack(c) for c in ((left, bottom), (left, top), (right, top),
                                                   (right, bottom))], axis=1)
    ax.add_collection(PolyCollection(verts, **style_kw), autolim=False)


def _fixed(fig, *, left=60, right=14, top=28, bottom=44):
    """Fixed margins in pixels: one drawing pass instead of constrained layout's two."""
    width, height = fig.get_size_inches() * style.DPI
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                        bottom=bottom / height)


# --- addresses -----------------------------------------------------------------------------

def address_map_view(result: AddressMap, **_values):
    """The block as a grid of its subnets (up to 64 cells), each labelled with its range."""
    with style.styled():
        fig, ax = style.figure(figsize=(9.0, 4.2))
        _fixed(fig, left=14, right=14, top=44, bottom=14)
        cells = result.shown
        columns = 8 if len(cells) > 4 else len(cells)
        rows = -(-len(cells) // columns)
        grouped = result.count > MAP_CELLS
        per_cell = result.count // len(cells)
        xs = np.arange(len(cells)) % columns
        ys = rows - 1 - np.arange(len(cells)) // columns
        _bars(ax, ys + 0.5, xs + 0.03, np.full(len(cells), 0.94), height=0.9,
              facecolor=[style.PALETTE["sky"], style.PALETTE["blue"]] * (len(cells) // 2)
              + [style.PALETTE["sky"]] * (len(cells) % 2), alpha=0.85)
        for i, cell in enumerate(cells):
            x, y = xs[i], ys[i]
            if len(cells) <= 16:
                text = f"{cell}\n{cell.text(cell.first)}\nto {cell.text(cell.last)}"
            elif len(cells) <= 32:
                text = f"{cell}\nto {cell.text(cell.last)}"
            else:
                text = str(cell)
            ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", fontsize=7 if len(
                cells) > 16 else 8, color="white" if i % 2 else "black")
        ax.set_xlim(0, columns)
        ax.set_ylim(0, rows)
        ax.set_axis_off()
        private = (f"inside {result.private} (private, RFC 1918)" if result.private
                   else "not inside an RFC 1918 private block")
        each = (f"each cell groups {per_cell:,} of them" if grouped else "one per cell")
        title = (f"{result.block}: {result.block.size:,} addresses, {private}\nsplit into "
                 f"{result.count:,} × /{result.new_prefix} of {result.usable_each:,} usable "
                 f"hosts each; {each}")
        if result.clamped:
            title += "\n(new prefix raised to the block's own: a split can only lengthen it)"
        ax.set_title(title, fontsize=10)
    return style.describe(fig, f"A grid of {len(cells)} cells for the block {result.block}, "
                               f"split into {result.count:,} subnets of /{result.new_prefix}, "
                               f"{result.usable_each:,} usable hosts each; the first starts "
                               f"at {cells[0].text(cells[0].first)}.")


# --- the packet -----------------------------------------------------------------------------

MONO_ADVANCE = 1233 / 2048  # DejaVu Sans Mono: every character is this many ems wide


def hexdump(packet: Packet, *, width: int = 16, points: float = 9.0):
    """The frame's bytes in hex, 16 to a row, each coloured by the header it belongs to.

    Each byte's cell is exactly three monospace characters wide ("4f "), so one text per
    row and layer draws the bytes: about twenty texts instead of one per byte.
    """
    raw = packet.raw
    rows = -(-len(raw) // width)
    unit_px = 3 * MONO_ADVANCE * points * style.DPI / 72  # one byte cell, in pixels
    lo, hi = -1.9, width + 0.4 + (width + 0.6) / 3  # offsets, cells, a gap, ASCII column
    fig_width = 8.0  # inches; the content is centred in it at exactly unit_px per byte
    with style.styled():
        fig, ax = style.figure(figsize=(fig_width, 0.34 * rows + 1.0))
        _fixed(fig, left=10, right=10, top=28, bottom=30)
        pad = ((fig_width * style.DPI - 20) / unit_px - (hi - lo)) / 2
        for layer in packet.layers:
            at = np.arange(layer.start, layer.end)
            _bars(ax, rows - 1 - at // width + 0.5, at % width, np.full(len(at), 0.96),
                  height=0.84, facecolor=LAYER_COLOURS[layer.name], alpha=0.8)
        font = {"fontsize": points, "family": "DejaVu Sans Mono", "va": "center"}
        for row in range(rows):
            y = rows - 1 - row + 0.5
            ax.text(-0.25, y, f"{row * width:04x}", ha="right", **font)
            for layer in packet.layers:  # the row's bytes of this layer, as one text
                first, last = max(layer.start, row * width), min(layer.end, (row + 1) * width)
                if first < last:
                    ax.text(first % width + 1 / 6, y, " ".join(f"{b:02x}" for b in
                                                               raw[first:last]),
                            ha="left", **font)
            chunk = raw[row * width:(row + 1) * width]
            ax.text(width + 0.4, y, "".join(chr(b) if 32 <= b < 127 else "·" for b in chunk),
                    ha="left", **font)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(0, rows)
        ax.set_axis_off()
        ax.legend(handles=[Patch(color=LAYER_COLOURS[x.name], alpha=0.8,
                                 label=f"{x.name} ({x.end - x.start} bytes)")
                           for x in packet.layers],
                  loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4)
        ax.set_title(f"The {len(raw)}-byte frame, byte by byte (offsets in hex on the left)")
    sizes = ", ".join(f"{layer.name} {layer.end - layer.start} bytes" for layer in packet.layers)
    return style.describe(fig, f"A hex dump of a {len(raw)}-byte frame, 16 bytes a row, each "
                               f"byte coloured by its header: {sizes}. The HTTP request's "
                               "text is readable in the right-hand column.")


# --- TCP and UDP -----------------------------------------------------------------------------

def transport_summary(sweep, tcp: Delays, udp: Delays, *, rtt: float = 100.0,
                      interval: float = 40.0, deadline: float = 150.0):
    """Left: TCP goodput against loss with the Mathis curve. Right: message delays."""
    with style.styled():
        fig, (left, right) = style.figure(1, 2, figsize=(10.0, 4.0))
        _fixed(fig, left=62, right=14, top=30, bottom=46)
        fig.subplots_adjust(wspace=0.3)
        losses = np.geomspace(0.003, 0.08, 40)
        kbps = 1 / 1000
        left.plot(losses, np.array(mathis_curve(losses, rtt=rtt)) * kbps,
                  color=style.NEUTRAL, label="Mathis: MSS/RTT × 1.22/√p")
        left.plot([p.loss for p in sweep], [p.simulated * kbps for p in sweep], "o",
                  color=PROTOCOL_COLOURS["tcp"], label="simulated TCP (NewReno)")
        style.log_axis(left, "x")
        left.set_xticks([0.005, 0.01, 0.02, 0.05], ["0.5%", "1%", "2%", "5%"])
        left.xaxis.set_minor_locator(NullLocator())  # minor ticks: costly, and unlabelled
        style.label(left, f"TCP goodput, RTT {rtt:g} ms", "packet loss", "goodput (kB/s)")
        left.legend()
        for run in (tcp, udp):
            delays = np.sort(run.delays)
            share = np.arange(1, len(delays) + 1) / run.messages
            right.step(delays, share, where="post", color=PROTOCOL_COLOURS[run.protocol],
                       label=f"{run.protocol.upper()}: {run.lost} lost, slowest "
                             f"{delays[-1]:.0f} ms")
        right.set_ylim(0, 1.02)
        right.axvline(deadline, color=style.NEUTRAL, lw=1, ls=":")
        right.text(deadline + 4, 0.5, f"{deadline:g} ms", fontsize=8, color=style.NEUTRAL)
        style.percent_axis(right)
        style.label(right, f"Delay per message, one every {interval:g} ms",
                    "delay from write to delivery (ms)", "messages delivered")
        right.legend(loc="lower right")
    tail = max(tcp.delays)
    return style.describe(fig, f"Left: simulated TCP goodput falls with loss in the "
                               f"1/√p shape of the Mathis curve, below it. Right: "
                               f"cumulative delay per message; UDP "
                               f"delivers {udp.messages - udp.lost} of {udp.messages} "
                               f"messages in {max(udp.delays):.0f} ms and loses the rest; "
                               f"TCP delivers all {tcp.messages - tcp.lost}, but only "
                               f"{tcp.on_time(deadline)} within {deadline:g} ms, and its "
                               f"slowest after "
                               f"{tail:.0f} ms.")


def tcp_vs_udp_view(result: TransportRun, *, loss: float = 0.02, **_values):
    """The paced stream's delays over TCP and UDP, with the bulk goodput against Mathis's."""
    point = result.bulk[0]
    with style.styled():
        fig, ax = style.figure(figsize=(8.0, 3.6))
        _fixed(fig, left=62, right=14, top=46, bottom=44)
        for run in (result.tcp, result.udp):
            delays = np.sort(run.delays)
            share = np.arange(1, len(delays) + 1) / run.messages
            ax.step(delays, share, where="post", color=PROTOCOL_COLOURS[run.protocol],
                    label=f"{run.protocol.upper()}: {run.lost} lost, slowest "
                          f"{delays[-1]:.0f} ms")
        ax.set_ylim(0, 1.02)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
        style.label(ax, f"{loss:.1%} loss, RTT {result.rtt:g} ms: a message every 40 ms",
                    "delay from write to delivery (ms)", "messages delivered")
        ax.legend(loc="lower right")
        ax.text(0.0, 1.12, f"bulk TCP: {point.simulated / 1000:.0f} kB/s; Mathis with "
                           f"C = 1.22: {point.predicted / 1000:.0f} kB/s; implied C = "
                           f"{point.ratio:.2f} ({point.timeouts} timeouts)",
                transform=ax.transAxes, fontsize=8, color=style.NEUTRAL)
    return style.describe(fig, f"Cumulative delay per message of a stream at {loss:.1%} "
                               f"loss and {result.rtt:g} ms RTT: UDP loses "
                               f"{result.udp.lost}, TCP none but its slowest message takes "
                               f"{max(result.tcp.delays):.0f} ms. A bulk TCP transfer gets "
                               f"{point.simulated / 1000:.0f} kB/s against Mathis's "
                               f"{point.predicted / 1000:.0f} kB/s.")


ARROW_COLOURS = {"data": style.PALETTE["blue"], "retransmit": style.PALETTE["vermillion"],
                 "ack": style.PALETTE["green"], "syn": style.NEUTRAL}


def _burst_label(arrows) -> str:
    """'#3–#6', 'resend #7', 'ACK 4–7' or 'dup ACK 7 ×2' for arrows sent at one instant."""
    first, last = arrows[0].label, arrows[-1].label
    if first == last:
        text = first + (f" ×{len(arrows)}" if len(arrows) > 1 else "")
    elif arrows[0].kind == "ack":
        text = f"{first}–{last.split()[-1]}"
    else:
        text = f"{first}–{last}"
    return ("resend " if arrows[0].kind == "retransmit" else "") + text


def tcp_steps_view(result: Steps, *, time_ms: float = STEP_END_MS, **_values):
    """A sequence diagram: sender on the left, receiver on the right, time flowing down."""
    end = max(result.duration, 100.0) + 40
    bursts: dict[tuple, list] = {}
    for arrow in result.arrows:
        if arrow.start <= time_ms:
            bursts.setdefault((arrow.start, arrow.to_receiver, arrow.kind), []).append(arrow)
    with style.styled():
        fig, ax = style.figure(figsize=(8.0, 6.0))
        _fixed(fig, left=50, right=175, top=44, bottom=12)
        ax.plot([0, 0], [end, -10], color="black", lw=1.5)
        ax.plot([1, 1], [end, -10], color="black", lw=1.5)
        shafts, lost_at = [], []  # (x, y, dx, dy, colour) per arrow; where packets died
        for (start, to_receiver, kind), group in bursts.items():
            colour = ARROW_COLOURS[kind]
            for k, arrow in enumerate(group):
                x0, x1 = (0, 1) if to_receiver else (1, 0)
                y0, y1 = start + 5.0 * k, arrow.end + 5.0 * k  # a burst, fanned out
                if arrow.lost:
                    x1, y1 = (x0 + x1) / 2, (y0 + y1) / 2
                shown = min(1.0, (time_ms - start) / (arrow.end - start))
                shafts.append((x0, y0, (x1 - x0) * shown, (y1 - y0) * shown, colour))
                if arrow.lost and shown >= 1:
                    lost_at.append((x1, y1))
            if to_receiver:  # label a burst just above where it leaves the sender
                ax.text(-0.03, start - 3, _burst_label(group), fontsize=7, ha="right",
                        va="bottom", color=colour)
            elif kind == "ack" and group[0].end <= time_ms:  # ACKs just below their arrival
                ax.text(-0.03, group[0].end + 3, _burst_label(group), fontsize=7, ha="right",
                        va="top", color=colour)
            elif kind == "syn":
                ax.text(1.03, start, group[0].label, fontsize=7, ha="left", va="center",
                        color=colour)
        if shafts:  # every arrow in one artist: far cheaper to draw than one patch each
            x, y, dx, dy, colours = zip(*shafts, strict=True)
            ax.quiver(x, y, dx, dy, color=colours, angles="xy", scale_units="xy", scale=1,
                      width=0.0035, headwidth=4.5, headlength=6, headaxislength=5)
        if lost_at:
            ax.plot(*zip(*lost_at, strict=True), "x", color=style.BAD, ms=9, mew=2)
        for when, text, at_receiver in result.notes:
            if when <= time_ms:
                ax.text(1.03 if at_receiver else -0.03, when + (0 if at_receiver else 3), text,
                        fontsize=7, ha="left" if at_receiver else "right",
                        va="center" if at_receiver else "top",
                        color="black" if at_receiver else style.BAD)
        if time_ms < end:
            ax.axhline(time_ms, color=style.PALETTE["orange"], lw=1, ls=":")
        ax.set_ylim(end, -20)
        ax.set_xlim(-0.62, 1.35)
        ax.set_xticks([0, 1], ["sender", "receiver"])
        ax.xaxis.tick_top()
        ax.set_ylabel("time (ms)")
        ax.grid(False)
        ax.spines["bottom"].set_visible(False)
        counters = result.counters
        state = (f"at {time_ms:g} ms:\n"
                 f"the app holds {result.delivered} of 12\nmessages, in order\n"
                 + (f"window (cwnd): {result.cwnd:g}\n" if result.protocol == "TCP" else "")
                 + f"\nthe whole run:\nsent {counters.get('sent', 0)}, lost "
                   f"{counters.get('lost', 0)}\nresent "
                   f"{counters.get('retransmitted', 0)}\nlast delivery at "
                   f"{result.duration:.0f} ms")
        fig.text(1 - 165 / (8.0 * style.DPI), 0.9, state, fontsize=9, va="top")
        ax.legend(handles=[Patch(color=c, label=k) for k, c in ARROW_COLOURS.items()],
                  loc="lower left", bbox_to_anchor=(1.0, 0.0), fontsize=8)
        ax.set_title(f"{result.protocol}: 12 messages, RTT 100 ms", pad=20)
    lost = counters.get("lost", 0)
    return style.describe(fig, f"A sequence diagram of a {result.protocol} transfer of 12 "
                               f"messages with a 100 ms round trip, up to {time_ms:g} ms: "
                               f"{lost} segments lost, {counters.get('retransmitted', 0)} "
                               f"resent; the last message reaches the application at "
                               f"{result.duration:.0f} ms.")


# --- HTTP ----------------------------------------------------------------------------------

def _phase_colour(name: str) -> str:
    for key, colour in PHASE_COLOURS.items():
        if name.startswith(key) or name.startswith(key.lower()):
            return colour
    return style.NEUTRAL


PHASE_LABELS = {"DNS lookup": "DNS", "TCP handshake": "TCP", "request": "request",
                "response: first byte": "1st byte", "response: transfer": "transfer"}


def _phase_label(name: str) -> str:
    """A short label that fits in a bar: 'TLS 1.2', 'QUIC + TLS', 'TLS 1.3 (resumed)'."""
    if name in PHASE_LABELS:
        return PHASE_LABELS[name]
    return (name.replace(" handshake", "").replace("QUIC + TLS 1.3", "QUIC + TLS")
            .replace(" (0-RTT)", ", 0-RTT"))


def request_flow(flows: list[tuple[str, object]]):
    """One request's phases (DNS, TCP, TLS or QUIC, request, response) per setup, as bars."""
    with style.styled():
        fig, ax = style.figure(figsize=(10.0, 0.55 * len(flows) + 1.0))
        _fixed(fig, left=160, right=14, top=28, bottom=40)
        for row, (_label, flow) in enumerate(flows):
            y = len(flows) - 1 - row
            for phase in flow.phases:
                colour = _phase_colour(phase.name)
                pale = phase.name == "response: first byte"
                ax.barh(y, phase.end - phase.start, left=phase.start, height=0.7,
                        color=colour, alpha=0.45 if pale else 1.0, edgecolor="white")
                if phase.end > phase.start:  # a 0-RTT handshake takes no time of its own
                    ax.text((phase.start + phase.end) / 2, y, _phase_label(phase.name),
                            ha="center", va="center", fontsize=7)
            ax.text(flow.done + 5, y, f"{flow.done:.0f} ms", va="center", fontsize=8)
        ax.set_yticks(range(len(flows)), [label for label, _ in reversed(flows)])
        ax.set_xlim(0, max(f.done for _, f in flows) * 1.1)
        ax.grid(axis="y", visible=False)
        style.label(ax, "One HTTPS request, phase by phase (first visit unless resumed)",
                    "time (ms)", "")
    times = ", ".join(f"{label} {flow.done:.0f} ms" for label, flow in flows)
    return style.describe(fig, f"Horizontal bars of each request's phases (DNS, connection "
                               f"and TLS handshakes, request, response), one row per setup: "
                               f"{times}.")


def waterfall_view(result: Waterfall, **_values):
    """Each protocol's page load as a waterfall, one group of rows per protocol, one row per
    resource: pale while waiting for its first byte, dark while receiving it."""
    loads = result.loads
    count = len(next(iter(loads.values())).resources)
    gap = max(1.5, count * 0.15)  # space between the groups, in rows
    with style.styled():
        fig, ax = style.figure(figsize=(10.0, 4.6))
        _fixed(fig, left=70, right=110, top=30, bottom=44)
        end = max(load.page_load_time for load in loads.values()) * 1.02
        centres = []
        for group, (protocol, load) in enumerate(loads.items()):
            colour = PROTOCOL_COLOURS[protocol]
            top = group * (count + gap)
            ys = top + np.arange(count)
            requested, first, finished = (np.array([getattr(t, key) for t in load.resources])
                                          for key in ("requested", "first_byte", "finished"))
            _bars(ax, ys, requested, first - requested, facecolor=colour, alpha=0.3)
            _bars(ax, ys, first, finished - first, facecolor=colour)
            ax.vlines(load.page_load_time, top - 0.6, top + count - 0.4, color="black", lw=1,
                      ls=":")
            ax.text(end * 1.01, top + (count - 1) / 2, f"loaded at\n"
                    f"{load.page_load_time:,.0f} ms", va="center", fontsize=9, color=colour)
            centres.append(top + (count - 1) / 2)
        ax.set_xlim(0, end)
        ax.set_ylim(len(loads) * (count + gap) - gap - 0.4, -0.6)
        ax.set_yticks(centres, [p.upper() for p in loads])
        ax.grid(axis="y", visible=False)
        ax.locator_params(axis="x", nbins=6)
        style.label(ax, f"The same page of {count} files over each protocol (the dotted "
                        "line: page loaded)", "time (ms)", "")
    times = ", ".join(f"{p.upper()} {load.page_load_time:,.0f} ms" for p, load in loads.items())
    return style.describe(fig, f"Three waterfalls of the same {count}-resource page, one bar "
                               f"per resource from request (pale) through first byte to the "
                               f"last byte (dark); the page is loaded at {times}.")
