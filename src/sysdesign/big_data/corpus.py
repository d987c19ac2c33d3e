"""Seeded inputs for the MapReduce demos: text with Zipf word frequencies, skewed logs."""

from __future__ import annotations

import numpy as np

from ..core import checks
from ..core.workloads import zipf_trace

SONG = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog"]


def vocabulary(size: int) -> list[str]:
    """``size`` made-up words, w0000, w0001, ... (rank 0 is the most frequent)."""
    size = checks.integer(size, "size", 1, hint="distinct words")
    return [f"w{i:04d}" for i in range(size)]


def zipf_lines(lines=2000, words_per_line=8, distinct=500, alpha=1.0, *, seed=0) -> list[str]:
    """Lines of text whose words follow Zipf's law, as words in real text do.

    >>> zipf_lines(2, 3, 10, seed=1)
    ['w0001 w0008 w0000', 'w0008 w0000 w0001']
    """
    lines = checks.integer(lines, "lines", 1)
    words_per_line = checks.integer(words_per_line, "words_per_line", 1)
    names = np.array(vocabulary(distinct))
    ranks = zipf_trace(lines * words_per_line, distinct, alpha, seed=seed)
    grid = names[ranks].reshape(lines, words_per_line)
    return [" ".join(row) for row in grid]


def click_log(events=4000, users=200, hot_share=0.0, *, seed=0) -> list[tuple[str, int]]:
    """Click events ``(user, 1)``: users uniform, except ``hot_share`` of events from one.

    A share of 0.3 means 30 % of all events belong to ``"user-hot"``: the skewed key that
    makes one reducer the straggler.
    """
    events = checks.integer(events, "events", 1)
    users = checks.integer(users, "users", 1)
    hot_share = checks.fraction(hot_share, "hot_share", hint="share of events by one user")
    rng = np.random.default_rng(seed)
    hot = rng.random(events) < hot_share
    ids = rng.integers(0, users, events)
    return [("user-hot", 1) if h else (f"user-{i:04d}", 1)
            for h, i in zip(hot.tolist(), ids.tolist(), strict=True)]
