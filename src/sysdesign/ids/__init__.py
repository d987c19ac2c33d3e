"""Distributed IDs: Snowflake, Instagram, MongoDB ObjectId, UUID v4/v7 as bit layouts.

What is where (the notebook is ``13_distributed_ids``):

- :mod:`.layout`: an ID scheme is a :class:`Layout`, named fields from the most
  significant bit down, each with a role (time, node, sequence, random, const);
  the standard layouts (``SNOWFLAKE``, ``INSTAGRAM``, ``NOTES``, ``OBJECT_ID``,
  ``UUID7``, ``UUID4``), their epochs, and readers for real IDs
  (:func:`decode_snowflake`, :func:`as_uuid`, :func:`object_id_hex`).
- :mod:`.generator`: one :class:`IdGenerator` fills any layout from an injected clock
  (:class:`ManualClock`) and a seeded random generator.
- :mod:`.collisions`: the birthday bound for random IDs.
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share
  (:func:`schemes_table`, :func:`simulate_machines`, :func:`custom_layout`, ...).
- :mod:`.plots` draws them; :mod:`.widgets` wires the panels (import those two yourself).

Discord's published example, a Twitter-layout Snowflake with Discord's epoch:

>>> parts = decode_snowflake(175928847299117063, epoch_ms=DISCORD_EPOCH_MS)
>>> parts["datetime"].isoformat(timespec="milliseconds"), parts["sequence"]
('2016-04-30T11:18:25.796+00:00', 7)
"""

from .collisions import collision_probability, ids_for_collision
from .experiments import (
    collision_table,
    custom_layout,
    layout_limits,
    schemes_table,
    simulate_machines,
)
from .generator import MAX_SPINS, IdGenerator, ManualClock
from .layout import (
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

__all__ = [
    "DISCORD_EPOCH_MS", "INSTAGRAM", "INSTAGRAM_EPOCH_MS", "LAYOUTS", "MAX_SPINS",
    "MS_PER_YEAR", "NOTES", "NOTES_EPOCH_MS", "OBJECT_ID", "ROLES", "SNOWFLAKE",
    "TWITTER_EPOCH_MS", "UNIX_EPOCH", "UUID4", "UUID7", "Field", "IdGenerator", "Layout",
    "ManualClock", "as_uuid", "collision_probability", "collision_table", "custom_layout",
    "decode_snowflake", "ids_for_collision", "layout_limits", "object_id_hex",
    "schemes_table", "simulate_machines",
]
