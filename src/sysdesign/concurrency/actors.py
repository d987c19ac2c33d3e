"""The actor model, stepped one message at a time.

An actor (Hewitt, Bishop and Steiger, 1973; Agha, 1986) owns its state and a **mailbox**.
It does one thing at a time: take the next message and, in response, change its own
state, send messages to actors it knows by name, or spawn actors. Nothing else touches its
state, so there are no locks: the mailbox is the only queue. Messages are copied on send
(as between Erlang processes), so a sender cannot change one after sending it.

A **supervisor** watches its children. When a child's handler raises, the child has
crashed: the message it was handling is lost, and the supervisor's strategy decides what
happens next (Erlang/OTP's supervisor behaviour):

- ``one_for_one``: restart the crashed child only;
- ``one_for_all``: restart every child;
- ``rest_for_one``: restart the crashed child and the children started after it.

A restart builds a fresh actor from its factory: **its state starts over**. Here, as in
Akka, a restarted actor keeps its mailbox (in Erlang a restarted process is a new process
with an empty mailbox). If more than ``max_restarts`` restarts happen within ``within``
steps, the supervisor gives up and stops its children: messages still in their mailboxes,
and any sent to them later, become **dead letters**.

:class:`ActorSystem` is a deterministic scheduler: :meth:`~ActorSystem.step` delivers
exactly one message, so a run can be replayed and inspected message by message. Every
message sent is accounted for: ``sent == processed + lost + pending + dead_letters``.

>>> system = ActorSystem()
>>> sup = system.supervisor("one_for_one")
>>> system.spawn("counter", Counter, supervisor=sup)
'counter'
>>> for message in ["+1", "+1", "boom", "+1"]:
...     system.tell("counter", message)
>>> system.run()
4
>>> system.state("counter"), system.counts()["lost"], system.counts()["restarts"]
({'count': 1}, 1, 1)
"""

from __future__ import annotations

import copy
import random
from collections import deque
from collections.abc import Callable

from ..core import checks

STRATEGIES = ("one_for_one", "one_for_all", "rest_for_one")
SCHEDULES = ("round_robin", "random")


class Crash(Exception):
    """What an actor raises on a message it cannot handle (any exception will do)."""


class Actor:
    """Subclass and override :meth:`receive`; keep state in attributes set in ``__init__``."""

    def receive(self, message, ctx: Context) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def state(self) -> dict:
        """A copy of this actor's state, for inspection (the attributes it set)."""
        return copy.deepcopy(vars(self))


class Counter(Actor):
    """Counts ``"+1"`` messages; tells ``report_to`` (if any) each new count; crashes on
    ``"boom"``."""

    def __init__(self, report_to: str | None = None):
        self.count = 0
        self._report_to = report_to

    def receive(self, message, ctx):
        if message == "boom":
            raise Crash("counter got 'boom'")
        if message == "+1":
            self.count += 1
            if self._report_to:
                ctx.send(self._report_to, ("count", self.count))

    def state(self) -> dict:
        return {"count": self.count}


class Auditor(Actor):
    """Remembers the last and the highest count it was told."""

    def __init__(self):
        self.last = 0
        self.highest = 0

    def receive(self, message, ctx):
        _, value = message
        self.last = value
        self.highest = max(self.highest, value)


class Context:
    """What a handler may do: know its own name and the step, and send messages."""

    def __init__(self, system: ActorSystem, name: str):
        self.system, self.name, self.step = system, name, system.steps

    def send(self, to: str, message) -> None:
        """Put a copy of ``message`` in ``to``'s mailbox (a dead letter if ``to`` is stopped)."""
        self.system._post(to, message, sender=self.name)


class Supervisor:
    """A restart strategy and a restart intensity, for the children spawned under it."""

    def __init__(self, strategy: str = "one_for_one", *, max_restarts: int = 3,
                 within: int = 50):
        self.strategy = checks.choice(strategy, "strategy", STRATEGIES)
        self.max_restarts = checks.integer(max_restarts, "max_restarts", 0,
                                           hint="restarts allowed within the window")
        self.within = checks.integer(within, "within", 1, hint="window, in steps")
        self.children: list[str] = []
        self.restart_steps: list[int] = []
        self.gave_up = False

    def to_restart(self, crashed: str) -> list[str]:
        """The children the strategy restarts when ``crashed`` crashes."""
        if self.strategy == "one_for_one":
            return [crashed]
        if self.strategy == "one_for_all":
            return list(self.children)
        return self.children[self.children.index(crashed):]


class ActorSystem:
    """Actors, their mailboxes and a deterministic scheduler that delivers one message a step.

    ``schedule="round_robin"`` visits actors in the order they were spawned;
    ``"random"`` picks a non-empty mailbox with a seeded generator. Either way a run repeats.
    """

    def __init__(self, *, schedule: str = "round_robin", seed: int = 0):
        self.schedule = checks.choice(schedule, "schedule", SCHEDULES)
        self.rng = random.Random(seed)
        self.factories: dict[str, Callable[[], Actor]] = {}
        self.actors: dict[str, Actor] = {}
        self.mailboxes: dict[str, deque] = {}
        self.supervisors: dict[str, Supervisor] = {}
        self.stopped: set[str] = set()
        self.steps = 0
        self._cursor = 0
        self.log: list[dict] = []  # one entry per step
        self._counts = {"sent": 0, "processed": 0, "lost": 0, "dead_letters": 0,
                        "restarts": 0}

    # --- building ---

    def supervisor(self, strategy: str = "one_for_one", *, max_restarts: int = 3,
                   within: int = 50) -> Supervisor:
        """A new supervisor; pass it to :meth:`spawn`."""
        return Supervisor(strategy, max_restarts=max_restarts, within=within)

    def spawn(self, name: str, factory: Callable[[], Actor], *,
              supervisor: Supervisor | None = None) -> str:
        """Start an actor called ``name``, built by ``factory()`` (again at each restart)."""
        if not isinstance(name, str) or not name:
            raise ValueError(f"name must be a non-empty string, got {name!r}")
        if name in self.factories:
            raise ValueError(f"name must be new; an actor called {name!r} exists")
        if not callable(factory):
            raise TypeError(f"factory must be callable and return an Actor, got {factory!r}")
        actor = factory()
        if not isinstance(actor, Actor):
            raise TypeError(f"factory must return an Actor, got {type(actor).__name__}")
        if supervisor is not None and not isinstance(supervisor, Supervisor):
            raise TypeError("supervisor must be a Supervisor (from ActorSystem.supervisor) "
                            f"or None, got {type(supervisor).__name__} {supervisor!r}")
        self.factories[name], self.actors[name] = factory, actor
        self.mailboxes[name] = deque()
        if supervisor is not None:
            supervisor.children.append(name)
            self.supervisors[name] = supervisor
        return name

    # --- messages ---

    def tell(self, to: str, message) -> None:
        """Send ``message`` to ``to`` from outside the system."""
        self._post(to, message, sender=None)

    def _post(self, to: str, message, sender: str | None) -> None:
        if to not in self.factories:
            raise ValueError(f"to must name an actor, one of {sorted(self.factories)}; "
                             f"got {to!r}")
        self._counts["sent"] += 1
        if to in self.stopped:
            self._counts["dead_letters"] += 1
            return
        self.mailboxes[to].append((sender, copy.deepcopy(message)))

    # --- running ---

    def _next_actor(self) -> str | None:
        names = [n for n in self.factories if self.mailboxes[n]]
        if not names:
            return None
        if self.schedule == "random":
            return self.rng.choice(names)
        order = list(self.factories)
        for offset in range(len(order)):
            name = order[(self._cursor + offset) % len(order)]
            if self.mailboxes[name]:
                self._cursor = (order.index(name) + 1) % len(order)
                return name
        return None  # pragma: no cover - names was not empty

    def step(self) -> dict | None:
        """Deliver one message; return what happened (None when every mailbox is empty)."""
        name = self._next_actor()
        if name is None:
            return None
        sender, message = self.mailboxes[name].popleft()
        entry = {"step": self.steps, "actor": name, "sender": sender, "message": message,
                 "outcome": "ok", "restarted": [], "stopped": []}
        try:
            self.actors[name].receive(message, Context(self, name))
            self._counts["processed"] += 1
        except Exception as error:  # noqa: BLE001 - a crash is any exception in a handler
            self._counts["lost"] += 1
            entry["outcome"] = f"crash: {error}"
            self._supervise(name, entry)
        entry["states"] = {n: self.state(n) for n in self.factories}
        entry["mailboxes"] = {n: len(q) for n, q in self.mailboxes.items()}
        self.log.append(entry)
        self.steps += 1
        return entry

    def _supervise(self, name: str, entry: dict) -> None:
        sup = self.supervisors.get(name)
        if sup is None:  # nobody watches it: it stays dead
            self._stop([name], entry)
            return
        recent = [s for s in sup.restart_steps if s > self.steps - sup.within]
        if len(recent) >= sup.max_restarts:  # restart intensity exceeded: give up
            sup.gave_up = True
            self._stop([c for c in sup.children if c not in self.stopped], entry)
            return
        sup.restart_steps.append(self.steps)
        for child in sup.to_restart(name):
            if child not in self.stopped:
                self.actors[child] = self.factories[child]()  # fresh state, same mailbox
                self._counts["restarts"] += 1
                entry["restarted"].append(child)

    def _stop(self, names: list[str], entry: dict) -> None:
        for child in names:
            self.stopped.add(child)
            self._counts["dead_letters"] += len(self.mailboxes[child])
            self.mailboxes[child].clear()
            entry["stopped"].append(child)

    def run(self, max_steps: int = 10_000) -> int:
        """Step until every mailbox is empty (or ``max_steps``); return the steps taken."""
        max_steps = checks.integer(max_steps, "max_steps", 0, hint="messages to deliver")
        taken = 0
        while taken < max_steps and self.step() is not None:
            taken += 1
        return taken

    # --- inspection ---

    def state(self, name: str) -> dict:
        """The current state of actor ``name`` (a copy)."""
        if name not in self.actors:
            raise ValueError(f"name must name an actor, one of {sorted(self.actors)}; "
                             f"got {name!r}")
        return self.actors[name].state()

    def counts(self) -> dict:
        """Messages sent, processed, lost in a crash, pending, dead letters; restarts."""
        pending = sum(len(q) for q in self.mailboxes.values())
        return {**self._counts, "pending": pending}
