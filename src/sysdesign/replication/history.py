"""The record of client operations that the checkers, metrics and plots read."""

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


@dataclass(frozen=True, slots=True)
class Operation:
    """One client request as the client saw it: what, where, when, and the answer.

    ``value`` is the value written (writes) or returned (reads); ``version`` is the
    version written or returned (None when refused). ``side`` is the group of nodes
    the contacted node could reach when the request started (all of them when the
    network is whole).
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

    @property
    def latency(self) -> float:
        """Time from request to answer, in ms."""
        return self.end - self.start

    def __str__(self) -> str:
        """One line for people, e.g. ``read x -> 'v2' at node 0, t = 40..40 ms``."""
        arrow = "<-" if self.kind == "write" else "->"
        answer = repr(self.value) if self.ok or self.kind == "write" else "?"
        refused = "" if self.ok else " (refused)"
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

    def __bool__(self) -> bool:
        return self.ok
