"""One order flow, two ways: choreography (services react to events) and orchestration
(one coordinator sends commands and waits for replies).

The flow: the order service takes an order; payment charges it; stock reserves the items;
shipping books a courier. If a step fails, the steps before it are undone
(compensated) in reverse: a saga, as in notebook 21. Messages travel on ``core.events``
with a fixed latency, so each run is a list of ``(time, sender, receiver, message)``.

>>> len(choreography()["messages"]), len(orchestration()["messages"])
(4, 6)
"""

from __future__ import annotations

from ..core import checks
from ..core.events import Network, Simulator

STEPS = ("payment", "stock", "shipping")
DONE = {"payment": "PaymentCharged", "stock": "StockReserved", "shipping": "CourierBooked"}
UNDO = {"payment": "PaymentRefunded", "stock": "StockReleased"}
SERVICES = ("order", *STEPS)
ORCHESTRATOR = "orchestrator"


def _check(fail_at):
    if fail_at is not None:
        checks.choice(fail_at, "fail_at", STEPS)


class _Bus:
    """Services on a network; every message is logged with its send time."""

    def __init__(self, nodes, latency):
        self.sim = Simulator(seed=0)
        self.nodes = list(nodes)
        self.net = Network(self.sim, len(self.nodes), latency=latency)
        self.messages: list[tuple[float, str, str, str]] = []

    def send(self, sender, receiver, message, handler):
        self.messages.append((self.sim.now, sender, receiver, message))
        self.net.send(self.nodes.index(sender), self.nodes.index(receiver),
                      lambda _dst, _src: handler(message))


def choreography(fail_at: str | None = None, *, latency: float = 10.0) -> dict:
    """Each service subscribes to the event before its step and publishes its own.

    Subscriptions: OrderPlaced → payment, PaymentCharged → stock, StockReserved →
    shipping, CourierBooked → order. A failing service publishes ``<Step>Failed``; the
    service before it compensates and publishes its undo event, back to the order service.
    Returns the messages and where each part of the flow's state ended up.
    """
    _check(fail_at)
    bus = _Bus(SERVICES, latency)
    state = dict.fromkeys(SERVICES, "-")
    state["order"] = "placed"

    def step_handler(i):
        name = STEPS[i]

        def handle(_message):
            if name == fail_at:
                state[name] = "failed"
                back = STEPS[i - 1] if i > 0 else "order"
                bus.send(name, back, f"{name.capitalize()}Failed", undo_handler(back))
                return
            state[name] = "done"
            nxt = STEPS[i + 1] if i + 1 < len(STEPS) else "order"
            bus.send(name, nxt, DONE[name], step_handler(i + 1) if i + 1 < len(STEPS)
                     else finish)
        return handle

    def undo_handler(name):
        def handle(_message):
            if name == "order":
                state["order"] = "cancelled"
                return
            state[name] = "compensated"
            i = STEPS.index(name)
            back = STEPS[i - 1] if i > 0 else "order"
            bus.send(name, back, UNDO[name], undo_handler(back))
        return handle

    def finish(_message):
        state["order"] = "confirmed"

    bus.send("order", "payment", "OrderPlaced", step_handler(0))
    bus.sim.run()
    return {"style": "choreography", "messages": bus.messages, "state": state,
            "state_lives_in": "each service keeps its own part",
            "end": bus.sim.now, "nodes": list(SERVICES)}


def orchestration(fail_at: str | None = None, *, latency: float = 10.0) -> dict:
    """An orchestrator (the order saga) commands each step and waits for its reply.

    On a failed reply it commands the compensations of the done steps in reverse, each
    replied to. Its saga record holds the whole flow's state.
    """
    _check(fail_at)
    nodes = (ORCHESTRATOR, *STEPS)
    bus = _Bus(nodes, latency)
    saga = {"status": "running", "done": [], "compensated": []}

    def command(i):
        name = STEPS[i]

        def at_service(_message):
            ok = name != fail_at
            bus.send(name, ORCHESTRATOR, f"{name.capitalize()}{'Ok' if ok else 'Failed'}",
                     reply(i, ok))
        bus.send(ORCHESTRATOR, name, f"Do{name.capitalize()}", at_service)

    def reply(i, ok):
        def handle(_message):
            if ok:
                saga["done"].append(STEPS[i])
                if i + 1 < len(STEPS):
                    command(i + 1)
                else:
                    saga["status"] = "confirmed"
            else:
                saga["status"] = "compensating"
                undo(len(saga["done"]) - 1)
        return handle

    def undo(j):
        if j < 0:
            saga["status"] = "cancelled"
            return
        name = saga["done"][j]

        def at_service(_message):
            def handle(_reply):
                saga["compensated"].append(name)
                undo(j - 1)
            bus.send(name, ORCHESTRATOR, f"{UNDO[name]}", handle)
        bus.send(ORCHESTRATOR, name, f"Undo{name.capitalize()}", at_service)

    command(0)
    bus.sim.run()
    return {"style": "orchestration", "messages": bus.messages, "state": saga,
            "state_lives_in": "the orchestrator's saga record",
            "end": bus.sim.now, "nodes": list(nodes)}
