"""The course's reading order: every notebook, its title, and the topic package it teaches.

This is the one list the notebook pipeline (navigation, course map, README table), the
exercise checker (``check("09.1", ...)`` finds its answers in the lesson's package) and
the figures that link to notebooks read.

>>> lesson("12").filename, lesson("12").package
('12_consistent_hashing.ipynb', 'sharding')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    """One notebook of the course: ``NN_slug.ipynb``, its title, its topic package."""

    number: str
    slug: str
    title: str
    package: str  # sysdesign.<package> holds its models, plots, panels and exercises

    @property
    def filename(self) -> str:
        """The notebook's file name in ``notebooks/``."""
        return f"{self.number}_{self.slug}.ipynb"


SYLLABUS = [
    Lesson("00", "start_here", "Start here", "scaling"),
    Lesson("01", "estimation", "Back-of-the-envelope estimation", "estimation"),
    Lesson("02", "networking", "Networking: IP, TCP, UDP and HTTP", "networking"),
    Lesson("03", "apis", "APIs: RPC, REST, gRPC, GraphQL and idempotency", "apis"),
    Lesson("04", "dns", "DNS", "dns"),
    Lesson("05", "load_balancing", "Load balancing and proxies", "load_balancing"),
    Lesson("06", "caching", "Caching", "caching"),
    Lesson("07", "cdn", "Content delivery networks", "cdn"),
    Lesson("08", "availability", "Availability, SLOs and disaster recovery", "availability"),
    Lesson("09", "cap_pacelc", "CAP and PACELC", "replication"),
    Lesson("10", "consistency", "Consistency and replication", "replication"),
    Lesson("11", "sharding", "Sharding and databases", "sharding"),
    Lesson("12", "consistent_hashing", "Consistent hashing", "sharding"),
    Lesson("13", "distributed_ids", "Distributed IDs", "ids"),
    Lesson("14", "indexes", "Indexes", "indexes"),
    Lesson("15", "geohash_quadtree", "Geohashing and quadtrees", "geo"),
    Lesson("16", "rate_limiting", "Rate limiting", "rate_limiting"),
    Lesson("17", "resilience", "Resilience: circuit breakers, retries, back pressure",
           "resilience"),
    Lesson("18", "messaging", "Message queues and event streams", "messaging"),
    Lesson("19", "event_sourcing_cqrs", "Event sourcing and CQRS", "event_sourcing"),
    Lesson("20", "realtime", "Real time: polling, SSE and WebSockets", "realtime"),
    Lesson("21", "transactions_locking", "Transactions and locking", "transactions"),
    Lesson("22", "coordination", "Coordination: Paxos, gossip, leases", "coordination"),
    Lesson("23", "service_infrastructure", "Service infrastructure", "services"),
    Lesson("24", "security", "Security", "security"),
    Lesson("25", "performance", "Performance and observability", "performance"),
    Lesson("26", "big_data", "Big data", "big_data"),
    Lesson("27", "ab_testing", "A/B testing", "ab_testing"),
    Lesson("28", "concurrency_models", "Concurrency models", "concurrency"),
    # Capstones: whole designs composed from the models of the lessons above.
    Lesson("29", "url_shortener", "Design a URL shortener", "url_shortener"),
    Lesson("30", "proximity_service", "Design a proximity service", "proximity"),
]
_BY_NUMBER = {lesson.number: lesson for lesson in SYLLABUS}


def lesson(number: str) -> Lesson:
    """The lesson numbered ``number`` ("00".."30")."""
    try:
        return _BY_NUMBER[number]
    except (KeyError, TypeError):
        raise ValueError(f"number must be a lesson number, one of "
                         f"{SYLLABUS[0].number}..{SYLLABUS[-1].number}; got {number!r}") from None
