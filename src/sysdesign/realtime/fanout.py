"""Fan-out through a pub/sub layer: many server nodes, each holding its own connections.

A client holds its connection (SSE or WebSocket) to one of ``nodes`` servers, chosen by
the load balancer. A message published on one node must reach subscribers held by the
others, so every node subscribes to a broker (Redis pub/sub, NATS, Kafka) and pushes what
it receives to its local connections. Per publish that costs 1 message to the broker, one
per node it forwards to, and one per subscriber:

- ``routing="broadcast"``: the broker sends every message to every node (N);
- ``routing="topic"``: only to nodes holding a subscriber of the topic. With ``s``
  subscribers placed at random, the expected number of such nodes is N·(1 - (1 - 1/N)^s).

The simulation plays one publish on ``core.events``: the broker hop, then each node
writing to its subscribers one after another (``write_us`` each) and each push taking a
jittered ``push_ms``; at the defaults (50 µs against 20 ms) the jitter, not the write queue,
decides who hears it last.

>>> round(expected_nodes(nodes=10, subscribers=10), 3)
6.513
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..core import checks
from ..core.events import Simulator

ROUTINGS = ("topic", "broadcast")


def expected_nodes(nodes: int, subscribers: int) -> float:
    """Expected nodes holding at least one of ``subscribers`` placed uniformly at random."""
    n = checks.integer(nodes, "nodes", 1, 100_000)
    s = checks.integer(subscribers, "subscribers", 0, 10**9)
    return n * (1 - (1 - 1 / n) ** s)


def messages_per_publish(nodes: int, subscribers: int, routing: str = "topic") -> float:
    """Expected messages one publish costs: to the broker, to nodes, to subscribers."""
    checks.choice(routing, "routing", ROUTINGS)
    to_nodes = (checks.integer(nodes, "nodes", 1) if routing == "broadcast"
                else expected_nodes(nodes, subscribers))
    return 1 + to_nodes + subscribers


@dataclass
class FanoutRun:
    """One publish played out: where each subscriber sits and when it got the message."""

    node_of: np.ndarray          # subscriber -> node
    delivered_ms: np.ndarray     # subscriber -> time it got the message
    node_got_ms: dict[int, float]  # node -> time the broker's copy arrived
    connections: np.ndarray      # node -> connections it holds (all clients)
    messages: int                # messages sent for this publish

    @property
    def nodes_touched(self) -> int:
        return len(self.node_got_ms)


def simulate_fanout(*, nodes: int = 8, clients: int = 2000, subscribers: int = 200,
                    routing: str = "topic", broker_ms: float = 1.0, push_ms: float = 20.0,
                    write_us: float = 50.0, seed: int = 0) -> FanoutRun:
    """One publish reaching ``subscribers`` of ``clients`` spread at random over ``nodes``."""
    n = checks.integer(nodes, "nodes", 1, 10_000)
    c = checks.integer(clients, "clients", 1, 10**7)
    s = checks.integer(subscribers, "subscribers", 0, c, hint="at most the clients")
    routing = checks.choice(routing, "routing", ROUTINGS)
    hop = checks.number(broker_ms, "broker_ms", 0, hint="broker to node, ms")
    push = checks.number(push_ms, "push_ms", 0, hint="node to client, ms")
    write = checks.number(write_us, "write_us", 0, hint="a node's time per connection, µs")
    rng = np.random.default_rng(seed)
    placed = rng.integers(0, n, c)                  # every client's node
    subscribed = rng.choice(c, s, replace=False)    # which clients follow the topic
    node_of = placed[subscribed]
    sim = Simulator(seed=seed)
    delivered = np.full(s, np.nan)
    node_got: dict[int, float] = {}
    local: dict[int, list[int]] = {}
    for k, node in enumerate(node_of.tolist()):
        local.setdefault(node, []).append(k)
    targets = range(n) if routing == "broadcast" else sorted(local)

    def at_node(node: int) -> None:
        node_got[node] = sim.now
        for order, k in enumerate(local.get(node, [])):  # writes one after another
            sim.schedule(hop_time(push) + (order + 1) * write / 1000, deliver, k)

    def deliver(k: int) -> None:
        delivered[k] = sim.now

    def hop_time(mean: float) -> float:  # a fixed part and some jitter
        return mean * (0.5 + sim.rng.expovariate(2.0)) if mean else 0.0

    def at_broker() -> None:
        for node in targets:
            sim.schedule(hop_time(hop), at_node, node)

    sim.schedule(hop_time(hop), at_broker)
    sim.run()
    return FanoutRun(node_of, delivered, node_got, np.bincount(placed, minlength=n),
                     1 + len(targets) + s)


def messages_by_design(nodes: int, subscribers: int) -> dict[str, float]:
    """Messages per publish: broker with topic routing, broker broadcasting, full mesh.

    Without a broker, the node where the message is published sends it straight to every
    other node (a full mesh of N·(N-1) links); each node then pushes to its subscribers.
    """
    n = checks.integer(nodes, "nodes", 1)
    return {"broker, topic routing": messages_per_publish(n, subscribers, "topic"),
            "broker, broadcast": messages_per_publish(n, subscribers, "broadcast"),
            "no broker, full mesh": (n - 1) + subscribers}


def load_per_node(run: FanoutRun) -> dict[str, float]:
    """Connections and pushes per node: the mean and the busiest node."""
    pushes = Counter(run.node_of.tolist())
    most = max(pushes.values(), default=0)
    return {"connections (mean)": float(run.connections.mean()),
            "connections (max)": int(run.connections.max()),
            "pushes (mean)": len(run.node_of) / len(run.connections),
            "pushes (max)": most}
