"""Big data: MapReduce, HDFS blocks and replicas, row vs column files, lakes and lakehouses.

What is where (the notebook is ``26_big_data``):

- :mod:`.mapreduce`: :func:`map_reduce` (split, map, combine, shuffle by a stable hash,
  reduce) returning a :class:`MapReduceResult`; :func:`partition`, :func:`split`, and
  word count (:func:`words`, :func:`total`, :func:`word_count`).
- :mod:`.corpus`: seeded inputs: Zipf-distributed text, a click log with one hot user.
- :mod:`.hdfs`: blocks of a file, the default rack-aware replica placement, and what a
  lost node or rack costs.
- :mod:`.layout`: the same table as CSV and Parquet in DuckDB; bytes a query must read
  (projection, row-group pushdown) from the Parquet footer; compression by column.
- :mod:`.lake`: schema-on-write vs schema-on-read, a lake of Parquet files with a star
  schema; :mod:`.lakehouse`: a versioned table (log of commits, time travel).
- :mod:`.experiments`: the scenarios the notebook, the panels and the tests share
  (including the Dask cross-check); :mod:`.plots` draws them; :mod:`.widgets` wires the
  panels (import those two yourself).

>>> map_reduce(["to be or not to be"], words, total).output["to"]
2
"""

from .hdfs import BLOCK_SIZE, REPLICATION, Cluster, blocks_of, lose, place_block, place_file
from .lakehouse import CommitConflict, Table
from .mapreduce import MapReduceResult, map_reduce, partition, split, total, word_count, words

__all__ = ["BLOCK_SIZE", "REPLICATION", "Cluster", "CommitConflict", "MapReduceResult",
           "Table", "blocks_of", "lose", "map_reduce", "partition", "place_block",
           "place_file", "split", "total", "word_count", "words"]
