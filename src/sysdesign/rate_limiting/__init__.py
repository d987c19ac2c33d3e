"""Rate limiting: token bucket, leaky bucket, fixed window, sliding log, sliding counter.

What is where (the notebook is ``16_rate_limiting``):

- :mod:`.limiters`: the five limiters, each with an injected ``clock`` and ``allow()``;
  :data:`KINDS` names them.
- :mod:`.distributed`: several gateways, local counters against one shared counter in
  real SQLite (read-then-write races; ``UPDATE ... RETURNING`` does not).
- :mod:`.headers`: the 429 response, ``Retry-After`` and the draft RateLimit fields.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> now = [0.0]
>>> limiter = FixedWindow(limit=2, window=1.0, clock=lambda: now[0])
>>> [limiter.allow() for _ in range(3)]
[True, True, False]
"""

from .distributed import SharedRun, local_counters, shared_counter
from .headers import respond
from .limiters import (
    KINDS,
    TOLERANCE,
    FixedWindow,
    LeakyBucket,
    SlidingWindowCounter,
    SlidingWindowLog,
    TokenBucket,
    window_index,
)

__all__ = [
    "KINDS", "TOLERANCE", "FixedWindow", "LeakyBucket", "SharedRun", "SlidingWindowCounter",
    "SlidingWindowLog", "TokenBucket", "local_counters", "respond", "shared_counter",
    "window_index",
]
