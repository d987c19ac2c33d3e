"""The record of client operations that the checkers, metrics and plots read.

Each operation ends one of three ways, named as Jepsen names them:

* ``"ok"``: the client got its answer (a read's value, a write's acknowledgement);
* ``"fail"``: the client was told no, and the request had no effect (a CP write refused
  before anything was stored, a read that got no answer);
* ``"info"``: the client does not know. A write that timed out after it started storing may
  have taken effect on some replicas, now or later. A correctness checker must allow both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Version(NamedTuple):
    """A write's identity and order: timestamp first, then node and write id break ties."""

    stamp: float
    node: int
    write_id: int


# What a replica holds for a key nobody has written: older than every real version.
NO_VERSION = Version(float("-inf"), -1, 0)

OK, FAIL, INFO = "ok", "fail", "info"  # how an operation ended (Jepsen's names)
OUTCOMES = (OK, FAIL, INFO)


@dataclass(frozen=True, slots=True)
class Operation:
    """One client request as the client saw it: what, where, when, and the answer.

    ``value`` is the value written (writes) or returned (reads); ``version`` is the
    version written or returned (None when refused). ``side`` is the set of nodes
    the contacted node had a working link to when the request started (all of them when
    the network is whole; messages are never relayed, so these are all it can reach).
    ``outcome`` is ``"ok"``, ``"fail"`` or ``"info"`` (unknown: a write that timed out
    part-way); ``ok`` is True exactly for ``"ok"``.
    """

    index: int
    client: object
    node: int
    kind: str  # "write" or "read"
    key: object
    value: object
    ok: bool
    start: float
    end: float
    version: Version | None = None
    side: tuple[int, ...] = ()
    outcome: str = ""  # "" means: OK if ok else FAIL
    # Where the invocation and the answer fall among all the run's invocations and answers:
    # they order operations that start or end at the same instant. -1 means: use ``index``.
    invoked: int = -1
    returned: int = -1

    def __post_init__(self):
        for name in ("invoked", "returned"):
            if getattr(self, name) < 0:
                object.__setattr__(self, name, self.index)
        if not self.outcome:
            object.__setattr__(self, "outcome", OK if self.ok else FAIL)
        elif self.outcome not in OUTCOMES or (self.outcome == OK) != bool(self.ok):
            raise ValueError(f"outcome must be one of {OUTCOMES} and agree with ok="
                             f"{self.ok}, got {self.outcome!r}")

    @property
    def begins(self) -> tuple[float, int]:
        """When the request was made: its time, then its place among same-time events."""
        return (self.start, self.invoked)

    @property
    def ends(self) -> tuple[float, int]:
        """When the answer came: its time, then its place among same-time events."""
        return (self.end, self.returned)

    @property
    def indeterminate(self) -> bool:
        """True when the client cannot know whether this (write) took effect."""
        return self.outcome == INFO

    @property
    def latency(self) -> float:
        """Time from request to answer, in ms."""
        return self.end - self.start

    def __str__(self) -> str:
        """One line for people, e.g. ``read x -> 'v2' at node 0, t = 40..40 ms``."""
        arrow = "<-" if self.kind == "write" else "->"
        answer = repr(self.value) if self.ok or self.kind == "write" else "?"
        refused = {OK: "", FAIL: " (refused)", INFO: " (timed out: outcome unknown)"}[
            self.outcome]
        return (f"{self.kind} {self.key} {arrow} {answer} at node {self.node}, "
                f"t = {self.start:g}..{self.end:g} ms{refused}")


@dataclass(frozen=True)
class Result:
    """What ``Cluster.write`` and ``Cluster.read`` return to the caller."""

    ok: bool
    value: object
    latency: float
    version: Version | None
    operation: Operation

    @property
    def outcome(self) -> str:
        """``"ok"``, ``"fail"`` (refused, no effect) or ``"info"`` (timed out: unknown)."""
        return self.operation.outcome

    def __bool__(self) -> bool:
        return self.ok
