"""The "Try it" exercises of notebook 07 (CDNs): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from ..dns.cache import ttl_hit_ratio
from .headers import current_age, freshness_lifetime
from .tiers import origin_rate

# 07.2: a response as the edge received it; times in seconds after 10:00:00. Its Date lies
# 29 s before it arrived, so the apparent age beats Age + response delay: the branch of RFC
# 9111's max() that the worked example in the notebook does not show. The question asks for
# the moment it turns stale (the other direction from the worked example's current age).
HEADERS_072 = {"Cache-Control": "public, max-age=600, s-maxage=240", "Age": "10"}
AGE_072 = 10.0
TIMES_072 = {"date": -25.0, "request_time": 0.0, "response_time": 4.0}
# 07.3: eight edges, TTL 60 s; requests per second per edge
SHIELD_EDGES, SHIELD_TTL = 8, 60.0
OBJECTS_073 = {"popular": 1.0, "rare": 1 / 600}


def _initial_age(*, age: float = AGE_072, delay: bool = True, apparent: bool = True) -> float:
    """The age on arrival (RFC 9111 §4.2.3), optionally with one of its parts left out."""
    times = dict(TIMES_072)
    if not delay:
        times["request_time"] = times["response_time"]
    if not apparent:  # a Date equal to the arrival time makes the apparent age 0
        times["date"] = times["response_time"]
    return current_age(age=age, now=times["response_time"], **times)


def _stale_at(*, shared: bool = True, **parts) -> float:
    """Seconds after 10:00:00 at which the copy's current age reaches its lifetime."""
    lifetime = freshness_lifetime(HEADERS_072, shared=shared)
    return TIMES_072["response_time"] + lifetime - _initial_age(**parts)


def _stale_at_naive() -> float:
    """A common slip: age = Age + (now − Date), skipping RFC 9111's corrected initial age."""
    lifetime = freshness_lifetime(HEADERS_072, shared=True)
    return lifetime - AGE_072 + TIMES_072["date"]


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
        expected=lambda: _stale_at(),
        tolerance=0.01,
        hint="a CDN is a shared cache: find which directive sets its freshness lifetime, work "
             "out its age on arrival by RFC 9111 §4.2.3, then find when the age reaches the "
             "lifetime",
        wrong=lambda: {
            _stale_at(shared=False): "that uses max-age; a shared cache (a CDN edge) uses "
                                     "s-maxage when it is present.",
            _stale_at(apparent=False): "that takes Age + response delay (14 s) as the age on "
                                       "arrival; RFC 9111 takes the larger of that and the "
                                       "apparent age, arrival time − Date (29 s here).",
            _stale_at(apparent=False, delay=False): "that takes only the Age header (10 s) as "
                                                    "the age on arrival; the apparent age, "
                                                    "arrival time − Date, is larger here.",
            _stale_at(age=0.0, apparent=False, delay=False): "that ignores the age on arrival: "
                                                             "the copy was not new when it "
                                                             "reached the edge.",
            _stale_at() - TIMES_072["response_time"]: "that is how long it stays fresh after "
                                                      "it arrived at 10:00:04; the question "
                                                      "counts from 10:00:00.",
            _stale_at_naive(): "that adds now − Date to Age; RFC 9111 takes the larger of "
                               "Age + response delay and the apparent age at arrival, then "
                               "adds the time since arrival.",
        },
    ),
    Exercise(
        id="07.3",
        expected=_bigger_saving,
        options=("popular", "rare", "the same"),
        decide=True,
        hint="without a shield each edge misses about once per TTL for a busy object; with "
             "one, the whole fleet misses once per TTL",
        wrong={"rare": "a rare object misses at almost every edge request either way, and the "
                       "shield can only merge misses from edges that ask within one TTL: "
                       "here under one request per TTL across all eight edges, so more "
                       "than half still reach the origin.",
               "the same": "the saving depends on how many requests fall within one TTL."},
    ),
]
