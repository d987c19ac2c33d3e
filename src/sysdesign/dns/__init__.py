"""DNS: iterative resolution with TTL caches, the real wire format, and DNS as a traffic
director.

What is where (the notebook is ``04_dns``):

- :mod:`.cache`: :class:`TTLCache`, a cache whose entries die with their TTL (time passed
  in), and the closed forms for its hit ratio (Jung, Berger and Balakrishnan 2003).
- :mod:`.resolution`: stubs, a recursive resolver, root, TLD and authoritative servers on
  :mod:`sysdesign.core.events`, with per-hop latency, negative caching, and many lookups.
- :mod:`.migration`: moving a name to a new address, and how long caches keep the old one.
- :mod:`.traffic`: round-robin, weighted and latency-based answers and the split they make.
- :mod:`.wire`: a hand-written parser for DNS messages (RFC 1035 §4.1), name compression
  with loop protection included; the tests check it against dnspython.
- :mod:`.zone`: the example zone and the generator of the response bytes shipped in
  ``data/*.bin`` (rendered by dnspython; no network involved).
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

This package is ``sysdesign.dns``; ``import dns.message`` anywhere still means dnspython,
because Python 3 imports are absolute.

>>> message = parse(shipped("www_a"))
>>> chain = follow_cnames(message)
>>> chain[:3]
['www.example.com.', 'web.example.com.', 'edge.example.com.']
>>> chain[-1]
'198.51.100.7, 198.51.100.8, 203.0.113.9'
"""

from .cache import TTLCache, cold_start_hit_ratio, ttl_hit_ratio, zipf_hit_ratio
from .migration import old_share
from .resolution import World, cold_lookup, run_workload
from .traffic import split
from .wire import WireError, build_query, follow_cnames, parse, read_name
from .zone import ZONE_TEXT, render_responses, shipped

__all__ = [
    "TTLCache", "WireError", "World", "ZONE_TEXT", "build_query", "cold_lookup",
    "cold_start_hit_ratio", "follow_cnames", "old_share", "parse", "read_name",
    "render_responses", "run_workload", "shipped", "split", "ttl_hit_ratio", "zipf_hit_ratio",
]
