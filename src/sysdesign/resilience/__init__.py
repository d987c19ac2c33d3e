"""Resilience: circuit breakers, retries with backoff and jitter, timeouts, overload.

What is where (the notebook is ``17_resilience``):

- :mod:`.breaker`: :class:`CircuitBreaker` (closed, open, half-open on an injected clock)
  and :class:`CircuitOpenError`.
- :mod:`.retries`: retry sleeps (:func:`backoff`: none, immediate, exponential, full,
  equal and decorrelated jitter), :func:`contend` (N clients on one resource, on
  core.events), :func:`amplification` and :class:`RetryBudget`.
- :mod:`.overload`: :func:`serve`, one server with a queue and clients that time out and
  retry: retry storms, metastable failure, bounded queues.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> amplification(3, 2)
16
"""

from .breaker import STATES, CircuitBreaker, CircuitOpenError
from .overload import serve
from .retries import POLICIES, RetryBudget, amplification, backoff, contend

__all__ = ["POLICIES", "STATES", "CircuitBreaker", "CircuitOpenError", "RetryBudget",
           "amplification", "backoff", "contend", "serve"]
