"""The classic path from one server to many, as data: each step and what it fixes.

>>> SCALING_PATH[2].name, SCALING_PATH[2].notebook
('Load balancer', '05')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One move on the scaling path: what is added and which limit it removes."""

    name: str
    adds: str
    fixes: str
    notebook: str  # where the course covers it


SCALING_PATH = [
    Step("Single server", "web app and database on one machine",
         "nothing yet: the starting point", "01"),
    Step("Vertical scaling", "a bigger machine (CPU, RAM, disk)",
         "load, until the biggest machine is not enough", "01"),
    Step("Load balancer", "several web servers behind one address",
         "web-tier load; one web server failing", "05"),
    Step("Database replicas", "a primary for writes, replicas for reads",
         "read load; losing the only copy of the data", "10"),
    Step("Cache", "hot results kept in memory", "repeated reads hitting the database", "06"),
    Step("CDN", "static files served from the edge near users",
         "latency for far-away users; origin bandwidth", "07"),
    Step("Stateless web tier", "sessions moved to a shared store",
         "sticky sessions; servers can be added or removed freely", "05"),
    Step("Sharding", "data split by key across databases",
         "write load and data size beyond one database", "11"),
    Step("Message queues", "slow work done asynchronously by workers",
         "request latency; bursts that would overload services", "18"),
    Step("Multiple data centres", "traffic routed to the nearest healthy site",
         "a whole site failing; latency across continents", "09"),
]
