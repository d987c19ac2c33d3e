"""Figures for notebook 27: simulated experiments, peeking, novelty."""

from __future__ import annotations

import numpy as np

from ..core import style

RULES = {"naive": ("stop at first p < 0.05", "#D55E00"),
         "fixed": ("fixed horizon (look once)", "#000000"),
         "obrien_fleming": ("O'Brien-Fleming spending", "#0072B2"),
         "msprt": ("always-valid p (mSPRT)", "#009E73")}


def fixed_horizon_view(result, shown: int = 40, **_):
    """Confidence intervals of the first ``shown`` experiments, coloured by significance."""
    fig, ax = style.figure(figsize=(8, 3.4))
    idx = np.arange(shown)
    sig = result["significant"][:shown]
    lift, low, high = (100 * result[k][:shown] for k in ("lift", "low", "high"))
    colors = np.where(sig, "#0072B2", "#999999")
    ax.vlines(idx, low, high, colors=colors, lw=1.5)
    ax.scatter(idx, lift, s=8, c=colors, label="blue: p < 0.05, grey: not significant")
    ax.axhline(100 * result["true_lift"], color="#D55E00", lw=1.2, label="true lift")
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xticks([0, shown // 2, shown - 1])
    # At least -4..8 points; wider when few users make the intervals longer than that.
    bottom = min(-4.0, 4 * np.floor(low.min() / 4))
    top = max(8.0, 4 * np.ceil(high.max() / 4))
    ax.set_yticks(np.arange(bottom, top + 1e-9, 4))
    ax.set_ylim(bottom, top)
    style.label(ax, f"{result['users']:,} users per group, true lift "
                f"{100 * result['true_lift']:.1f} points", "experiment", "lift B − A (points)")
    ax.text(0.01, 0.97, f"of {result['p'].size:,} experiments: {result['significant'].mean():.1%} "
            f"significant, {result['covered'].mean():.1%} of intervals cover the truth",
            transform=ax.transAxes, va="top", fontsize=8)
    ax.legend(loc="lower right", fontsize=7, ncols=2)
    return style.describe(fig, "95 % confidence intervals of simulated experiments: most "
                          "cover the true lift; the share with p < 0.05 is the power (or the "
                          "false-positive rate when the true lift is 0).")


def peeking_run_view(result, **_):
    """Share of experiments that have declared a winner by each day, per stopping rule."""
    fig, ax = style.figure(figsize=(8, 3.4))
    days = result["days"]
    for rule, (name, color) in RULES.items():
        ys = result[rule]
        if rule == "fixed":
            ax.plot(days[-1:], ys[-1:], "s", color=color, label=f"{name}: {ys[-1]:.1%}")
        else:
            ax.plot(days, ys, color=color, label=f"{name}: {ys[-1]:.1%}")
    ax.axhline(0.05, color="#999999", ls="--", lw=1, label="α = 5 %")
    top = max(0.25, min(1.0, 1.15 * max(result[r].max() for r in RULES)))
    ax.set_ylim(0, top)
    step = 0.05 if top <= 0.3 else 0.2  # few fixed ticks: each one costs redraw time
    ax.set_yticks(np.arange(0, top + 1e-9, step))
    ax.set_xticks(np.unique(np.linspace(1, days[-1], 5).round()))
    style.percent_axis(ax)
    style.label(ax, f"{result['experiments']:,} simulated experiments, one look a day",
                "day", "declared a winner by then")
    ax.legend(loc="upper left", fontsize=7)
    return style.describe(fig, "Share of experiments that have declared a winner by each "
                          "day: stopping at the first p < 0.05 keeps rising, while the fixed "
                          "horizon, O'Brien-Fleming and the always-valid p-value stay near or "
                          "below 5 % when there is no effect.")


def novelty_view(result, **_):
    """True daily lift and the running average an experiment would report."""
    fig, ax = style.figure(figsize=(8, 3))
    days = np.arange(1, result["daily"].size + 1)
    ax.plot(days, result["daily"], color="#E69F00", label="true lift that day")
    ax.plot(days, result["running"], color="#0072B2", label="experiment's running estimate")
    ax.axhline(result["lasting"], color="#009E73", ls="--", label="lasting lift")
    style.label(ax, "a novelty effect wears off", "day", "lift (percentage points)")
    ax.legend(fontsize=7)
    return style.describe(fig, "A change that excites users at first: the true daily lift "
                          "decays to the lasting lift, but the running average over the "
                          "whole experiment stays well above it for weeks.")
