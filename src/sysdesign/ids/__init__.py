"""Distributed IDs: Snowflake, Discord, Instagram, MongoDB ObjectId, UUID v1/v4/v6/v7.

What is where (the notebook is ``13_distributed_ids``):

- :mod:`.layout`: an ID scheme is a :class:`Layout`, named fields from the most
  significant bit down, each with a role (time, node, sequence, random, instance, const);
  the standard layouts (``SNOWFLAKE``, ``DISCORD``, ``INSTAGRAM``, ``NOTES``,
  ``OBJECT_ID``, ``UUID7``, ``UUID4``), their epochs, and readers for real IDs.
- :mod:`.generator`: one :class:`IdGenerator` fills any layout from an injected clock
  (:class:`ManualClock`) and a seeded random generator.
- :mod:`.uuids`: UUID versions 1 and 6, the same clock in two byte orders.
- :mod:`.collisions`: the birthday bound, and its time-ordered form for UUIDv7.
- :mod:`.sequences`: counters in real SQLite: per shard, offset and step, ticket servers.
- :mod:`.routing`: Instagram's IDs made in SQL, and reads routed by the shard in the ID.
- :mod:`.machine_ids`: handing out machine numbers with leases, and what goes wrong.
- :mod:`.btree`: where inserts land in a real SQLite B-tree, random against ordered keys.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share.
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

Discord's example, decoded with Discord's own layout:

>>> parts = DISCORD.decode(175928847299117063)
>>> parts["datetime"].isoformat(timespec="milliseconds"), parts["worker"], parts["increment"]
('2016-04-30T11:18:25.796+00:00', 1, 7)
"""

from .collisions import (
    collision_probability,
    ids_for_collision,
    shared_counter_pairs,
    time_ordered_collision_probability,
)
from .experiments import custom_layout, layout_limits, schemes_table, simulate_machines
from .generator import MAX_SPINS, IdGenerator, ManualClock
from .layout import (
    DISCORD,
    DISCORD_EPOCH_MS,
    INSTAGRAM,
    INSTAGRAM_EPOCH_MS,
    LAYOUTS,
    MS_PER_YEAR,
    NOTES,
    NOTES_EPOCH_MS,
    OBJECT_ID,
    ROLES,
    SNOWFLAKE,
    TWITTER_EPOCH_MS,
    UNIX_EPOCH,
    UUID4,
    UUID7,
    Field,
    Layout,
    as_uuid,
    decode_snowflake,
    object_id_hex,
)
from .machine_ids import Registry, restart_duplicates, simulate_leases
from .routing import ShardedStore, instagram_sql_id
from .sequences import CountingShard, TicketServer
from .uuids import uuid1, uuid6

__all__ = [
    "DISCORD", "DISCORD_EPOCH_MS", "INSTAGRAM", "INSTAGRAM_EPOCH_MS", "LAYOUTS", "MAX_SPINS",
    "MS_PER_YEAR", "NOTES", "NOTES_EPOCH_MS", "OBJECT_ID", "ROLES", "SNOWFLAKE",
    "TWITTER_EPOCH_MS", "UNIX_EPOCH", "UUID4", "UUID7", "CountingShard", "Field",
    "IdGenerator", "Layout", "ManualClock", "Registry", "ShardedStore", "TicketServer",
    "as_uuid", "collision_probability", "custom_layout", "decode_snowflake",
    "ids_for_collision", "instagram_sql_id", "layout_limits", "object_id_hex",
    "restart_duplicates", "schemes_table", "shared_counter_pairs", "simulate_leases",
    "simulate_machines", "time_ordered_collision_probability", "uuid1", "uuid6",
]
