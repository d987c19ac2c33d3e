"""The "Try it" exercises of notebook 00 (start here): which step fixes which bottleneck,
and how long short codes must be. Answers come from the models."""

from __future__ import annotations

from sysdesign.core.exercises import Exercise

from .path import SCALING_PATH
from .shortener import code_length

STEPS = tuple(step.name for step in SCALING_PATH)


def _step(name: str) -> str:
    """A step's name, checked against the path (so a renamed step cannot go stale here)."""
    if name not in STEPS:
        raise ValueError(f"name must be a step of the scaling path, one of {STEPS}; got {name!r}")
    return name


# 00.3: a busier shortener
LINKS_PER_DAY, YEARS, DAYS_PER_YEAR = 1e9, 10, 365


def _links() -> float:
    return LINKS_PER_DAY * YEARS * DAYS_PER_YEAR


EXERCISES = [
    Exercise(
        id="00.1",
        expected=lambda: _step("Multiple data centres"),
        options=STEPS,
        decide=True,
        hint="ask where the slow part lives: a redirect is looked up in the database, so "
             "what has to move closer to the users in Australia?",
        wrong={
            "CDN": "a CDN keeps static files near users; a redirect is a database lookup, "
                   "so the data itself must be near them: a second site",
            "Cache": "a cache next to your site in Virginia is still a round trip across the "
                     "world away from Australia",
            "Horizontal scaling": "more servers in the same place do not shorten the "
                                  "distance to Australia",
        },
    ),
    Exercise(
        id="00.2",
        expected=lambda: _step("Sharding"),
        options=STEPS,
        decide=True,
        hint="which step adds capacity for writes, not only for reads?",
        wrong={
            "Database replication": "every replica applies every write, so replicas add "
                                    "read capacity, not write capacity",
            "Cache": "a cache absorbs repeated reads; every write still reaches the database",
            "Vertical scaling": "the biggest machine is already not enough: the writes must "
                                "be split over several databases",
            "Message queue": "a queue smooths bursts, but every write still has to be "
                             "applied by the one primary",
        },
    ),
    Exercise(
        id="00.3",
        expected=lambda: code_length(_links()),
        hint="62 to the power of the length must reach the number of links the service "
             "will ever store: a billion a day for ten years of 365 days",
        wrong=lambda: {
            code_length(_links()) - 1: f"62^{code_length(_links()) - 1} is "
                                       f"{62 ** (code_length(_links()) - 1):,} codes, just "
                                       f"short of the {_links():,.0f} links",
            code_length(LINKS_PER_DAY): "that many symbols cover one day of links, not ten "
                                        "years",
        },
        tolerance=0.0,
        close=0.0,
    ),
]
