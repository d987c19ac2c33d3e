"""Coordination: single-decree Paxos, gossip (spread, heartbeats, anti-entropy), leases and
fencing tokens.

What is where (the notebook is ``22_coordination``):

- :mod:`.paxos`: single-decree Paxos on :mod:`sysdesign.core.events` with lost messages,
  duelling proposers, random back-off, and the bug of not adopting accepted values.
- :mod:`.gossip`: rumour spreading in rounds (push, pull, push-pull), failure detection by
  gossiped heartbeats, and anti-entropy.
- :mod:`.leases`: a lock service with leases, a paused client, fencing tokens, clock skew.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> from sysdesign.coordination import paxos, gossip
>>> paxos.run({"A": "x", "B": "y"}, loss=0.2, seed=3).chosen <= {"x", "y"}
True
>>> gossip.spread(4, mode="push-pull")[-1]
4
"""

from . import gossip, leases, paxos
from .gossip import MODES, anti_entropy, heartbeats, push_rounds_estimate, spread
from .leases import lock_run, overwrites, stale_writes, unsafe_window
from .paxos import Message, Result, run

__all__ = [
    "MODES", "Message", "Result", "anti_entropy", "gossip", "heartbeats", "leases",
    "lock_run", "overwrites", "paxos", "push_rounds_estimate", "run", "spread", "stale_writes",
    "unsafe_window",
]
