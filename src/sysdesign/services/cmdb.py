"""A CMDB as a graph: configuration items and what depends on what; blast radius.

``depends[a]`` lists the items ``a`` needs. Changing item ``x`` can break every item
that depends on it, directly or through others: the items from which ``x`` is
reachable, found by a breadth-first search over the reversed edges.

>>> blast_radius({"web": ["api"], "api": ["db"], "db": []}, "db")
['api', 'web']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

# A small shop: who needs what (edges point from a dependant to what it needs).
EXAMPLE = {
    "web-frontend": ["api-gateway", "cdn"],
    "mobile-app": ["api-gateway"],
    "api-gateway": ["auth-service", "orders-service", "catalog-service"],
    "auth-service": ["users-db", "tls-cert"],
    "orders-service": ["orders-db", "payments-service", "kafka"],
    "payments-service": ["orders-db", "tls-cert"],
    "catalog-service": ["catalog-db", "redis"],
    "reporting-job": ["orders-db", "catalog-db"],
    "users-db": ["postgres-host-1"],
    "orders-db": ["postgres-host-1"],
    "catalog-db": ["postgres-host-2"],
    "kafka": [], "redis": [], "cdn": ["tls-cert"], "tls-cert": [],
    "postgres-host-1": [], "postgres-host-2": [],
}


def _checked(depends: Mapping) -> dict[str, list[str]]:
    if not isinstance(depends, Mapping):
        raise TypeError(f"depends must map each item to the items it needs, "
                        f"got {type(depends).__name__}")
    for item, needs in depends.items():
        if isinstance(needs, (str, bytes)) or not isinstance(needs, Iterable):
            raise TypeError(f"depends[{item!r}] must list the items it needs, "
                            f"got {type(needs).__name__} {needs!r}")
    graph = {item: list(needs) for item, needs in depends.items()}
    for item, needs in graph.items():
        for need in needs:
            if need not in graph:
                raise ValueError(f"depends: {item!r} needs {need!r}, which is not an item")
    return graph


def dependants(depends: Mapping) -> dict[str, list[str]]:
    """The reversed graph: item -> the items that need it directly."""
    graph = _checked(depends)
    reverse: dict[str, list[str]] = {item: [] for item in graph}
    for item, needs in graph.items():
        for need in needs:
            reverse[need].append(item)
    return reverse


def blast_radius(depends: Mapping, item) -> list[str]:
    """Every item that needs ``item``, directly or transitively (sorted; not ``item``)."""
    reverse = dependants(depends)
    if item not in reverse:
        raise ValueError(f"item must be one of the graph's items, got {item!r}")
    seen, queue = {item}, deque([item])
    while queue:
        for parent in reverse[queue.popleft()]:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return sorted(seen - {item})


def radii(depends: Mapping) -> dict[str, int]:
    """Blast radius size of every item, largest first (ties by name)."""
    sizes = {item: len(blast_radius(depends, item)) for item in depends}
    return dict(sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])))
