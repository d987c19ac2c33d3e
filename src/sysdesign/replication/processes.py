"""Requests in flight: a coordinator's routine, paused while it waits for the network.

A coordinator's work is a generator (see ``messages.py``): it sends messages, then
``yield``\\ s a :class:`Wait` (the replies it needs and a deadline), and carries on when they
have come or the deadline has passed. :class:`Process` runs such a routine on the course's
event engine: it resumes the generator from inside the event that delivered the last reply
it needed, or from a timer at the deadline. Nothing blocks, so many requests can be in
flight at once, each paused at its own ``yield``, as real clients overlap in time.

>>> from sysdesign.core.events import Simulator
>>> sim = Simulator()
>>> def nap(ms):                       # a routine that waits for nothing but time
...     yield Wait(lambda: False, sim.now + ms)
...     return sim.now
>>> short, long = Process(sim, nap(5)), Process(sim, nap(20))
>>> sim.run(), short.result, long.result
(2, 5.0, 20.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator

from sysdesign.core.events import Simulator


class Wait:
    """What a paused routine waits for: ``condition()`` to hold, or the clock to reach
    ``deadline``. The objects it waits on call :meth:`poke` when something arrives."""

    __slots__ = ("condition", "deadline", "wake")

    def __init__(self, condition: Callable[[], bool], deadline: float):
        self.condition, self.deadline = condition, deadline
        self.wake: Callable[[], None] | None = None

    def poke(self) -> None:
        """Something this wait may need arrived: resume the routine if it is enough."""
        if self.wake is not None and self.condition():
            self.wake()


class Process:
    """Run a routine (a generator of :class:`Wait`) on a simulator until it returns.

    ``done`` turns True when it returns; ``result`` is what it returned. ``on_done`` is
    called with the process at that moment (the cluster records the operation then).
    """

    def __init__(self, sim: Simulator, routine: Generator, on_done: Callable | None = None):
        self.sim, self.routine, self.on_done = sim, routine, on_done
        self.done, self.result = False, None
        self._wait: Wait | None = None
        self._timer = None
        self._resume()

    def _resume(self) -> None:
        """Run the routine to its next wait that is not met yet (or to its end)."""
        if self._wait is not None:
            self._wait.wake = None
            self._wait = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        while True:
            try:
                wait = next(self.routine)
            except StopIteration as stop:
                self.done, self.result = True, stop.value
                if self.on_done is not None:
                    self.on_done(self)
                return
            if wait.condition():
                continue  # met already: no time passes
            self._wait, wait.wake = wait, self._resume
            if math.isfinite(wait.deadline):
                self._timer = self.sim.at(max(wait.deadline, self.sim.now), self._expire, wait)
            return

    def _expire(self, wait: Wait, again: bool = True) -> None:
        """The deadline came. Messages due at this very instant still count: the timer steps
        once behind whatever else is due now (once only, so two timers never trade places
        for ever), then gives up."""
        if wait is not self._wait:
            return
        if again and self.sim.next_time() <= wait.deadline:
            self._timer = self.sim.at(wait.deadline, self._expire, wait, False)
            return
        self._resume()
