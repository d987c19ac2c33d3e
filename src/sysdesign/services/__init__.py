"""Service infrastructure: discovery, an API gateway, a mesh sidecar, a CMDB, design.

What is where (the notebook is ``23_service_infrastructure``):

- :mod:`.discovery`: :class:`Registry` (heartbeats, TTL), :func:`stale_window` and
  :func:`simulate`, server-side vs client-side discovery on core.events.
- :mod:`.gateway`: the pipeline (HMAC auth, notebook 16's token bucket, routing, a
  response cache, fan-out aggregation) and its per-stage :func:`~.gateway.table`.
- :mod:`.mesh`: a sidecar's retries and per-try timeouts (simulated and closed form),
  and :data:`PLANES`, what each plane owns.
- :mod:`.cmdb`: a configuration graph and :func:`blast_radius`.
- :mod:`.design`: coupling, cohesion and dependency inversion in a small checkout.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

>>> blast_radius({"app": ["db"], "db": []}, "db")
['app']
"""

from .cmdb import EXAMPLE, blast_radius, dependants, radii
from .design import Checkout, CoupledCheckout, InMemoryOrders, Outbox
from .discovery import MODES, Registry, simulate, stale_window
from .gateway import STAGES, authenticate, route, sign
from .mesh import PLANES, attempt_success, sidecar, success_rate

__all__ = ["EXAMPLE", "MODES", "PLANES", "STAGES", "Checkout", "CoupledCheckout",
           "InMemoryOrders", "Outbox", "Registry", "attempt_success", "authenticate",
           "blast_radius", "dependants", "radii", "route", "sidecar", "sign", "simulate",
           "stale_window", "success_rate"]
