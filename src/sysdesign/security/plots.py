"""Figures for notebook 24: a message sequence diagram for handshakes."""

from __future__ import annotations

import textwrap

import numpy as np

from ..core import style

SIDES = {"client": 0.0, "server": 1.0}


def _color(message: str) -> str:
    if "HTTP" in message:
        return style.GOOD
    return style.PALETTE["blue"] if ("Hello" in message or "Finished" in message) \
        else style.NEUTRAL


def handshake_view(result, step=99, flow="", **_):
    """Client and server lanes; each message an arrow down in time, drawn up to ``step``."""
    rows, rtt = result["rows"], result["rtt_ms"] or 1.0
    shown = rows[: step + 1]
    fig, ax = style.figure(figsize=(8, 4.2))
    end = max(r["arrives ms"] for r in rows)
    ax.plot([0, 0, np.nan, 1, 1], [0, end, np.nan, 0, end], color=style.NEUTRAL, lw=2)
    ax.set_xticks([])
    for name, x in SIDES.items():
        ax.text(x, -0.05 * end, name, ha="center", va="bottom", fontsize=10)
    x0 = np.array([SIDES[r["from"]] for r in shown])
    t0 = np.array([r["sent ms"] for r in shown])
    t1 = np.array([r["arrives ms"] for r in shown])
    # One artist for all the arrows: far cheaper to redraw than one annotation each.
    ax.quiver(x0, t0, 1 - 2 * x0, t1 - t0, angles="xy", scale_units="xy", scale=1,
              color=[_color(r["message"]) for r in shown], width=0.004)
    for r in shown:
        text = textwrap.fill(r["message"], 40)  # wrapped, never cut: every message shows
        server = r["from"] == "server"
        ax.text(1.04 if server else -0.04, r["sent ms"], text, ha="left" if server else
                "right", va="center", fontsize=7, color=_color(r["message"]))
    ax.set_xlim(-1.4, 2.4)
    ax.set_ylim(end * 1.03, -0.12 * end)
    ax.grid(False)
    trips = result["trips"]
    summary = (f"{flow}: request sent after {trips['TCP'] + trips['TLS before request']:g} "
               f"RTT, response back after {trips['until response']:g} RTT "
               f"({trips['until response'] * rtt:g} ms)")
    style.label(ax, "a handshake, message by message", summary,
                f"time (ms), one RTT = {rtt:g} ms")
    return style.describe(fig, f"Sequence diagram of the {flow} handshake between client "
                               "and server: each message is an arrow sloping down in time; "
                               f"the response arrives after {trips['until response']:g} "
                               "round trips, TCP's included.")


def _verdict_color(result: str) -> str:
    bad = any(word in result for word in ("invalid", "refused", "no token"))
    return style.BAD if bad else style.GOOD if result in ("ok", "tokens issued") \
        else style.PALETTE["blue"]


def pkce_view(rows, step=99, attacker_steals_code=False, **_):
    """Lanes for app, browser, IdP and attacker; each step an arrow (or a dot, if local)."""
    from .experiments import PKCE_LANES
    lanes = {name: i for i, name in enumerate(PKCE_LANES)}
    shown = rows[: step + 1]
    fig, ax = style.figure(figsize=(8, 4.2))
    n = len(PKCE_LANES) + 3  # the longest flow's steps: a fixed frame, whatever is shown
    for name, x in lanes.items():
        ax.plot([x, x], [-0.5, n - 0.5], color=style.NEUTRAL, lw=2)
        ax.text(x, -0.8, name, ha="center", va="bottom", fontsize=10)
    moves = [r for r in shown if r["to"] != r["actor"]]
    if moves:
        x0 = np.array([lanes[r["actor"]] for r in moves], dtype=float)
        x1 = np.array([lanes[r["to"]] for r in moves], dtype=float)
        y = np.array([r["step"] for r in moves], dtype=float)
        ax.quiver(x0, y, x1 - x0, np.zeros_like(y), angles="xy", scale_units="xy", scale=1,
                  color=[_verdict_color(r["result"]) for r in moves], width=0.004)
    local = [r for r in shown if r["to"] == r["actor"]]
    if local:
        ax.scatter([lanes[r["actor"]] for r in local], [r["step"] for r in local], s=40,
                   color=[_verdict_color(r["result"]) for r in local], zorder=3)
    for r in shown:
        x = (lanes[r["actor"]] + lanes[r["to"]]) / 2
        ax.text(x, r["step"] - 0.12, r["short"], ha="center", va="bottom", fontsize=7)
        ax.text(x, r["step"] + 0.12, r["result"], ha="center", va="top", fontsize=7,
                color=_verdict_color(r["result"]))
    ax.set_xlim(-0.6, len(lanes) - 0.4)
    ax.set_ylim(n - 0.4, -1.0)
    ax.set_xticks([])
    ax.set_yticks(range(n))
    ax.grid(False)
    last = shown[-1]
    style.label(ax, "authorization code with PKCE, step by step",
                f"step {last['step']}: {last['actor']} - {last['short']}: "
                f"{last['result'] or '-'}", "step")
    if attacker_steals_code:
        story = ("an attacker redeems a stolen code first, without the verifier; the IdP "
                 "refuses it and burns the code, so the app's own redemption is refused too "
                 "and it ends with no token")
    else:
        story = "no attacker; the app gets its tokens and the ID token validates"
    if len(shown) < len(rows):
        story += f"; drawn up to step {last['step']} of {rows[-1]['step']}"
    return style.describe(fig, "Lanes for the app, the browser, the identity provider and "
                               "an attacker; each step of the authorization-code flow with "
                               "PKCE is an arrow between them, or a dot for a step one party "
                               f"does alone ({story}). Refused steps are "
                               "red, steps that issue or accept a token green, the others "
                               "blue.")
