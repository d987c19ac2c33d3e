"""Load balancing and proxies: policies, balls into bins, health checks, layer 4 and 7.

What is where (the notebook is ``05_load_balancing``):

- :mod:`.balls`: :func:`max_load`, balls into bins with one or more choices, and the
  closed forms ln n / ln ln n and ln ln n / ln d; :mod:`._fast` is the same, faster.
- :mod:`.balancer`: a load balancer over FIFO servers of unequal speed on
  :mod:`core.events`, with every policy in :data:`POLICIES`.
- :mod:`.workload`: seeded Poisson or bursty request streams.
- :mod:`.health`: health checks, failover and the time to detect a death.
- :mod:`.layers`: what a layer-4 and a layer-7 balancer see in real packet bytes.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> max_load(1000, 1000, choices=2, seed=0) < max_load(1000, 1000, choices=1, seed=0)
True
"""

from ._fast import max_load_fast
from .balancer import POLICIES, Run, simulate
from .balls import max_load, one_choice_estimate, two_choice_estimate
from .health import detection_bounds, failover, mean_detection
from .layers import http_frame, l4_view, l7_view, parse_request, route_l4, route_l7
from .workload import requests

__all__ = ["POLICIES", "Run", "detection_bounds", "failover", "http_frame", "l4_view",
           "l7_view", "max_load", "max_load_fast", "mean_detection", "one_choice_estimate",
           "parse_request", "requests", "route_l4", "route_l7", "simulate",
           "two_choice_estimate"]
