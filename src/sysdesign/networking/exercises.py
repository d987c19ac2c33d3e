"""The "Try it" exercises of notebook 02 (networking): answers computed from the models.

Each :class:`~sysdesign.core.exercises.Exercise` holds how to work out the answer (called
only when an answer is judged), how close counts, and a hint for each known wrong answer.
"""

from __future__ import annotations

from ..core.exercises import Exercise
from .addresses import subnet_count, usable_hosts
from .experiments import message_delays
from .transport import mathis_throughput

VPC_PREFIX = 20  # exercise 02.1: the block to split
TEAMS, HOSTS_PER_TEAM = 6, 300
PREFIXES = ("/22", "/23", "/24")
DEADLINE_MS = 150.0  # exercise 02.2: a voice frame later than this is useless
CALL_RTT_MS = 10.0  # exercise 02.2: a server in the same city (the figure uses 100 ms)
BASE_LOSS = 0.01  # exercise 02.3


def _subnet_prefix() -> str:
    """The one prefix that gives every team a subnet big enough (02.1)."""
    fits = [p for p in PREFIXES
            if subnet_count(VPC_PREFIX, int(p[1:])) >= TEAMS
            and usable_hosts(int(p[1:])) >= HOSTS_PER_TEAM]
    if len(fits) != 1:
        raise AssertionError(f"exercise 02.1 must have one answer, found {fits}")
    return fits[0]


def _on_time_winner() -> str:
    """Which transport delivers more voice frames within the deadline on a 10 ms path (02.2)."""
    tcp, udp = (message_delays(p, rtt=CALL_RTT_MS).on_time(DEADLINE_MS) for p in ("tcp", "udp"))
    return "the same" if tcp == udp else ("TCP" if tcp > udp else "UDP")


def _halving_loss(base: float = BASE_LOSS) -> float:
    """The loss rate at which the Mathis formula is half of its value at ``base`` (02.3)."""
    target = mathis_throughput(base) / 2
    low, high = base, 1.0
    for _ in range(60):  # bisection: throughput falls as loss grows
        middle = (low + high) / 2
        low, high = (middle, high) if mathis_throughput(middle) > target else (low, middle)
    return (low + high) / 2


_WRONG_02_2 = {
    "UDP": "on the 100 ms path of the figure above UDP won: a lost frame reached the "
           "application 270 ms after it was written. What is that wait made of (how many "
           "later frames must arrive before the sender resends?), and what is it on a "
           "10 ms path? UDP's lost frames never arrive at all.",
    "TCP": "each loss holds back the frames behind it until the repeat arrives, and on a "
           "long path that wait passes 150 ms for more frames than UDP loses.",
    "the same": "count both: the frames UDP loses for good, and the frames TCP delivers "
                "after 150 ms. They are not equal.",
}

EXERCISES = [
    Exercise(
        id="02.1",
        expected=_subnet_prefix,
        hint="check both needs for each choice: how many subnets of that size fit in a /20, "
             "and how many hosts each one can hold (minus network and broadcast)",
        wrong={
            "/22": "a /22 holds 1,022 hosts, plenty, but a /20 has room for only four of "
                   "them; six teams need six subnets.",
            "/24": "six /24s fit easily (sixteen do), but each holds only 254 hosts, fewer "
                   "than 300.",
        },
        options=PREFIXES,
        decide=True,
    ),
    Exercise(
        id="02.2",
        expected=_on_time_winner,
        hint="count frames that arrive within 150 ms, not frames that arrive at all: how "
             "long does TCP take to repair a lost frame on a 10 ms path?",
        wrong=lambda: {other: _WRONG_02_2[other] for other in ("TCP", "UDP", "the same")
                       if other != _on_time_winner()},
        options=("TCP", "UDP", "the same"),
        decide=True,
    ),
    Exercise(
        id="02.3",
        expected=_halving_loss,
        hint="the Mathis formula falls as one over the square root of the loss rate",
        wrong={
            0.02: "doubling the loss divides the throughput by √2 only (about 0.71 of it): "
                  "throughput goes as 1/√p.",
            0.005: "that is less loss, so more throughput; the question asks where it halves.",
            0.1: "that is ten times the loss: the throughput falls to 1/√10, about a third.",
        },
        tolerance=0.01,
    ),
]
