"""The classic path from one server to many, as data: each step, what it adds, the limit
it removes, the lesson of the course that covers it, and how it changes the architecture.

The steps follow the study notes' "System Extensions" list in the order of Alex Xu's
*System Design Interview*, chapter 1 ("Scale from zero to millions of users"). Each step
adds boxes to one architecture drawing (or changes or removes some), so the picture grows
step by step: :func:`architecture` returns it after any step.

>>> [step.name for step in SCALING_PATH[:4]]
['Single server', 'Separate database', 'Vertical scaling', 'Horizontal scaling']
>>> sorted(architecture(2).boxes)
['db', 'dns', 'users', 'web']
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sysdesign.core import checks
from sysdesign.core.syllabus import lesson


@dataclass(frozen=True)
class Box:
    """One component of the drawing: where it sits and what kind of tier it belongs to."""

    key: str
    label: str
    x: float  # centre, in drawing units (the drawing is 12 wide and 8.4 high)
    y: float
    w: float = 2.0
    h: float = 0.9
    tier: str = "web"  # client, edge, web, data, async, ops or region
    many: bool = False  # several identical machines (drawn as a stack)
    big: bool = False  # a bigger machine (vertical scaling)


@dataclass(frozen=True)
class Step:
    """One move on the scaling path and how it changes the drawing."""

    name: str
    adds: str
    fixes: str
    lesson: str  # the syllabus lesson ("NN") that covers it
    boxes: tuple[Box, ...] = ()  # new components
    drop: tuple[str, ...] = ()  # components this step replaces
    change: tuple[tuple[str, dict], ...] = ()  # (key, new attributes) of existing boxes
    links: tuple[tuple[str, str], ...] = ()  # new arrows (from, to)
    unlinks: tuple[tuple[str, str], ...] = ()  # arrows that no longer exist

    def __post_init__(self):
        lesson(self.lesson)  # raises for a number the syllabus does not have


SCALING_PATH = [
    Step("Single server", "web app, database and files on one machine; DNS points to it",
         "nothing yet: the starting point", "00",
         boxes=(Box("users", "Users", 1.1, 4.0, 1.7, tier="client"),
                Box("dns", "DNS", 1.1, 2.3, 1.7, 0.7, tier="edge"),
                Box("server", "Web app + database (one server)", 7.9, 4.0, 6.6, 1.1)),
         links=(("users", "dns"), ("users", "server"))),
    Step("Separate database", "the database on its own server: SQL or NoSQL",
         "web and data tiers fighting over one machine; each can now grow on its own", "11",
         boxes=(Box("web", "Web server", 5.6, 4.0), Box("db", "Database\n(SQL or NoSQL)",
                                                        10.4, 4.0, tier="data")),
         drop=("server",), links=(("users", "web"), ("web", "db"))),
    Step("Vertical scaling", "bigger machines: more CPU, memory, disk",
         "load, until the biggest machine is not enough; still one failure from an outage",
         "00", change=(("web", {"big": True}), ("db", {"big": True}))),
    Step("Horizontal scaling", "more web servers behind a load balancer",
         "web-tier load beyond one machine; one web server failing", "05",
         boxes=(Box("lb", "Load balancer", 3.3, 4.0, 1.7, tier="edge"),),
         change=(("web", {"label": "Web servers", "many": True, "big": False}),),
         links=(("users", "lb"), ("lb", "web")), unlinks=(("users", "web"),)),
    Step("Database replication", "a primary for writes, replicas for reads",
         "read load on one database; losing the only copy of the data", "10",
         boxes=(Box("primary", "DB primary\n(writes)", 10.4, 4.6, tier="data"),
                Box("replicas", "DB replicas\n(reads)", 10.4, 3.1, tier="data", many=True)),
         drop=("db",), links=(("web", "primary"), ("web", "replicas"),
                              ("primary", "replicas"))),
    Step("Cache", "hot data kept in memory", "repeated reads hitting the database", "06",
         boxes=(Box("cache", "Cache (memory)", 7.9, 5.6, 1.9, tier="data"),),
         links=(("web", "cache"),)),
    Step("CDN", "static files served from edge servers near users",
         "latency for far-away users; origin bandwidth", "07",
         boxes=(Box("cdn", "CDN\n(static files)", 1.1, 5.7, 1.7, tier="edge"),),
         links=(("users", "cdn"),)),
    Step("Stateless web tier", "sessions moved out of the web servers to a shared store",
         "sticky sessions; web servers added or removed freely", "05",
         boxes=(Box("sessions", "Session store", 5.6, 2.0, tier="data"),),
         links=(("web", "sessions"),)),
    Step("Multiple data centres", "a second site; GeoDNS sends users to the nearest",
         "a whole site failing; latency across continents", "08",
         boxes=(Box("dc1", "Data centre 1", 6.9, 3.55, 9.7, 5.5, tier="region"),
                Box("dc2", "Data centre 2: the same tiers", 6.9, 0.05,
                    9.7, 0.7, tier="region")),
         change=(("dns", {"label": "GeoDNS"}),), links=(("users", "dc2"),)),
    Step("Message queue", "slow work handed to workers through a queue",
         "request latency; bursts that would overload services", "18",
         boxes=(Box("queue", "Message queue", 7.9, 2.0, 1.9, tier="async"),
                Box("workers", "Workers", 10.4, 1.6, tier="async", many=True)),
         links=(("web", "queue"), ("queue", "workers"))),
    Step("Logs, metrics, automation", "logs, metrics and deploys for every machine",
         "flying blind: outages found by users, manual deploys", "25",
         boxes=(Box("ops", "Logs · metrics · automation (CI/CD)", 6.9, 7.3,
                    9.7, 0.6, tier="ops"),)),
    Step("Sharding", "data split by key across several databases",
         "write load and data size beyond one database", "11",
         boxes=(Box("shards", "Shards 1..n\n(each a primary\n+ replicas)", 10.4, 3.85, 2.0, 2.1,
                    tier="data", many=True),),
         drop=("primary", "replicas"), links=(("web", "shards"),)),
    Step("Microservices", "the web tier split into services that scale and deploy apart",
         "one code base and one team bottleneck; parts with different load", "23",
         change=(("web", {"label": "Services:\nlinks · redirects · stats", "h": 1.3}),)),
]


@dataclass(frozen=True)
class Architecture:
    """The drawing after a step: its boxes, its arrows, and what the step changed."""

    step: int  # 1-based
    current: Step  # the step this drawing shows
    boxes: dict = field(default_factory=dict)  # key -> Box
    links: tuple = ()  # (from, to) pairs whose two ends exist
    new: frozenset = frozenset()  # keys added or changed by this step
    history: dict = field(default_factory=dict)  # key -> the steps that added or changed it


def architecture(step: int, steps=SCALING_PATH) -> Architecture:
    """The architecture after ``step`` (1 = a single server) of ``steps``."""
    step = checks.integer(step, "step", 1, len(steps), hint="a step of the scaling path")
    boxes: dict[str, Box] = {}
    links: list[tuple[str, str]] = []
    new: set[str] = set()
    history: dict[str, tuple[int, ...]] = {}
    for number, move in enumerate(steps[:step], start=1):
        new = set()
        for key in move.drop:
            boxes.pop(key)
            history.pop(key)
        for box in move.boxes:
            boxes[box.key] = box
            new.add(box.key)
        for key, attributes in move.change:
            boxes[key] = replace(boxes[key], **attributes)
            new.add(key)
        for key in new:
            history[key] = history.get(key, ()) + (number,)
        links = [link for link in links if link not in move.unlinks] + list(move.links)
    shown = tuple(link for link in links if link[0] in boxes and link[1] in boxes)
    return Architecture(step, steps[step - 1], boxes, shown, frozenset(new), history)


def lesson_label(number: str, existing) -> str:
    """'NN · title' of the lesson that covers a step, with '(coming)' when its notebook is
    not among ``existing`` (notebook file names, such as a listing of ``notebooks/``).

    >>> lesson_label("06", {"06_caching.ipynb"}), lesson_label("07", set())
    ('06 · Caching', '07 · Content delivery networks (coming)')
    """
    found = lesson(number)
    text = f"{found.number} · {found.title}"
    return text if found.filename in set(existing) else f"{text} (coming)"
