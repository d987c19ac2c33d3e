"""The "Try it" exercises of notebook 07 (CDNs): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from ..dns.cache import ttl_hit_ratio
from .headers import current_age, freshness_lifetime
from .tiers import origin_rate

# 07.2: a response as the edge received it; times in seconds after 10:00:00
# (not the numbers of the worked example in the notebook, so its printed age does not answer it)
HEADERS_072 = {"Cache-Control": "public, max-age=600, s-maxage=240", "Age": "50"}
AGE_072 = 50.0
TIMES_072 = {"date": 2.0, "request_time": 0.0, "response_time": 4.0, "now": 120.0}
# 07.3: eight edges, TTL 60 s; requests per second per edge
SHIELD_EDGES, SHIELD_TTL = 8, 60.0
OBJECTS_073 = {"popular": 1.0, "rare": 1 / 600}


def _fresh_left(*, shared: bool = True, age: float = AGE_072, delay: bool = True) -> float:
    times = dict(TIMES_072)
    if not delay:
        times["request_time"] = times["response_time"]
    lifetime = freshness_lifetime(HEADERS_072, shared=shared)
    return lifetime - current_age(age=age, **times)


def _fresh_left_naive() -> float:
    """A common slip: age = Age + (now − Date), skipping RFC 9111's corrected initial age."""
    lifetime = freshness_lifetime(HEADERS_072, shared=True)
    return lifetime - (AGE_072 + TIMES_072["now"] - TIMES_072["date"])


def _shield_factor(rate: float) -> float:
    """How many times fewer origin requests a shield gives for one object."""
    return (origin_rate(rate, SHIELD_TTL, edges=SHIELD_EDGES)
            / origin_rate(rate, SHIELD_TTL, edges=SHIELD_EDGES, shield=True))


def _bigger_saving() -> str:
    factors = {name: _shield_factor(rate) for name, rate in OBJECTS_073.items()}
    low, high = sorted(factors.values())
    return "the same" if high < 1.1 * low else max(factors, key=factors.get)


EXERCISES = [
    Exercise(
        id="07.1",
        expected=lambda: ttl_hit_ratio(0.05, 60.0),
        tolerance=0.02,
        hint="each miss starts a TTL of hits; count the hits per miss, then hits / requests",
        wrong={3.0: "that is λT, the hits per miss; the hit ratio is hits / (hits + misses).",
               0.25: "that is the miss ratio, 1 / (1 + λT); the question asks for hits.",
               1.0: "the first request after each expiry still misses."},
    ),
    Exercise(
        id="07.2",
        expected=lambda: _fresh_left(),
        tolerance=0.01,
        hint="a CDN is a shared cache: find which directive sets its freshness lifetime, then "
             "follow RFC 9111 §4.2.3 for the current age",
        wrong=lambda: {
            _fresh_left(shared=False): "that uses max-age; a shared cache (a CDN edge) "
                                        "uses s-maxage when it is present.",
            _fresh_left(age=0.0): "that ignores the Age header: the copy was already 50 s "
                                  "old in another cache when it arrived.",
            _fresh_left(delay=False): "that leaves out the response delay (4 s) that RFC 9111 "
                                      "adds to the Age value.",
            _fresh_left_naive(): "that adds now − Date to Age; RFC 9111 adds the response "
                                 "delay to Age, then the time since the response arrived.",
        },
    ),
    Exercise(
        id="07.3",
        expected=_bigger_saving,
        options=("popular", "rare", "the same"),
        decide=True,
        hint="without a shield each edge misses about once per TTL for a busy object; with "
             "one, the whole fleet misses once per TTL",
        wrong={"rare": "a rare object misses at almost every request, with or without a "
                       "shield: requests from different edges seldom fall within one TTL.",
               "the same": "the saving depends on how many requests fall within one TTL."},
    ),
]
