"""The "Try it" exercises of notebook 26 (big data): answers computed from the models."""

from __future__ import annotations

import tempfile

from ..core.exercises import Exercise
from . import hdfs, layout
from .corpus import zipf_lines
from .mapreduce import word_count

MiB = hdfs.MiB
GROWTH = {"twice the mappers": {"lines": 2000, "mappers": 8},
          "twice the input": {"lines": 4000, "mappers": 4}}


def _replicas(size_mib: int = 1000) -> int:
    """Block replicas HDFS stores for a file of ``size_mib`` MiB (128 MiB blocks, x3)."""
    return len(hdfs.blocks_of(size_mib * MiB)) * hdfs.REPLICATION


def shuffle_after(change: str) -> int:
    """Pairs word count (with a combiner) shuffles after one of :data:`GROWTH`."""
    setting = GROWTH[change]
    lines = zipf_lines(setting["lines"], seed=0)
    return word_count(lines, mappers=setting["mappers"], combine=True).shuffled


def _bigger_shuffle() -> str:
    return max(GROWTH, key=shuffle_after)


PARQUET_QUERIES = {"every column, one week": ((), ("day", 100, 106)),
                   "price only, whole year": (("price",), None)}


def parquet_bytes() -> dict[str, int]:
    """Bytes each query of :data:`PARQUET_QUERIES` reads from the notebook's Parquet file."""
    with tempfile.TemporaryDirectory() as folder:
        con = layout.connect()
        paths = layout.write_both(layout.orders(), folder, con)
        every = tuple(layout.chunks(paths["parquet"], con)["column_name"].unique())
        return {name: layout.bytes_to_read(paths["parquet"], columns or every, where,
                                           con)["bytes"]
                for name, (columns, where) in PARQUET_QUERIES.items()}


def _fewer_bytes() -> str:
    sizes = parquet_bytes()
    return min(sizes, key=sizes.get)


EXERCISES = [
    Exercise(
        id="26.1",
        expected=lambda: _replicas(1000),
        hint="cut the file into 128 MiB blocks (the last one may be smaller), then count "
             "the copies of each",
        wrong={1000 / 128 * 3: "a block is never fractional: the last block holds the rest "
                               "of the file, so round the number of blocks up",
               8: "that is the number of blocks; each is stored 3 times",
               7: "7 full blocks hold 896 MiB: the remaining 104 MiB make an eighth block"},
    ),
    Exercise(
        id="26.2",
        expected=_bigger_shuffle,
        options=tuple(GROWTH),
        decide=True,
        hint="with a combiner, each mapper sends one pair per distinct word it saw; ask "
             "which change adds more (mapper, distinct word) combinations",
        wrong={"twice the input": "a mapper's distinct words grow slowly with its input "
                                  "(common words repeat), but every extra mapper sends its "
                                  "own copy of each common word"},
    ),
    Exercise(
        id="26.3",
        expected=_fewer_bytes,
        options=tuple(PARQUET_QUERIES),
        decide=True,
        hint="count column chunks: a query reads the chunks of its columns in the row "
             "groups its filter cannot rule out",
        wrong={"price only, whole year": "one column is a sixth of the columns, but it is "
                                         "read in all 10 row groups; the week needs one "
                                         "row group of every column"},
    ),
]
