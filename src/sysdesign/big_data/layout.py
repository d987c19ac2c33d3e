"""Row vs column layout, for real: the same table as CSV and as Parquet, in DuckDB.

DuckDB writes both files itself (``COPY ... (FORMAT parquet)``). What a query must read
from the Parquet file is *computed* from the file's own footer (``parquet_metadata()``):
the column chunks of the columns it touches (projection), in the row groups whose
min/max statistics can hold a matching row (predicate pushdown). What DuckDB really
read is *measured* by its profiler (``total_bytes_read``, :func:`bytes_read`): the
computed chunks plus one read of the file's tail (the footer). A CSV file has no such
map: a reader must parse every byte to find the columns and rows it wants.
"""

from __future__ import annotations

import json
import numbers
import os
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ..core import checks

COUNTRIES = ["BR", "DE", "FR", "IN", "JP", "KR", "US"]
ROW_GROUP_SIZE = 20_000  # rows; DuckDB rounds it to whole vectors of 2,048 rows


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB on one thread, so files come out byte-identical every run."""
    con = duckdb.connect()
    con.execute("SET threads = 1")
    return con


def orders(rows: int = 200_000, *, seed: int = 0) -> pd.DataFrame:
    """A seeded table of orders, sorted by day as an append-only log would be."""
    rows = checks.integer(rows, "rows", 1)
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "order_id": np.arange(rows, dtype=np.int64),
        "day": np.sort(rng.integers(0, 365, rows)).astype(np.int32),
        "country": rng.choice(COUNTRIES, rows, p=[.1, .15, .1, .15, .1, .1, .3]),
        "product_id": rng.integers(0, 1000, rows).astype(np.int32),
        "quantity": rng.integers(1, 10, rows).astype(np.int32),
        "price": np.round(rng.gamma(2.0, 20.0, rows), 2),
    })


def write_both(frame: pd.DataFrame, folder, con=None) -> dict[str, Path]:
    """Write ``frame`` as ``orders.csv`` and ``orders.parquet`` in ``folder``."""
    con = con or connect()
    folder = Path(folder)
    con.register("frame", frame)
    csv, parquet = folder / "orders.csv", folder / "orders.parquet"
    con.execute(f"COPY frame TO '{csv}' (HEADER)")
    con.execute(f"COPY frame TO '{parquet}' (FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
    con.unregister("frame")
    return {"csv": csv, "parquet": parquet}


def chunks(parquet, con=None) -> pd.DataFrame:
    """One row per column chunk: row group, column, rows, min, max, bytes on disk and
    uncompressed, encodings and codec (from the file's footer)."""
    con = con or connect()
    return con.execute(
        "SELECT row_group_id AS row_group, path_in_schema AS column_name, "
        "row_group_num_rows AS rows, stats_min_value AS min, stats_max_value AS max, "
        "total_compressed_size AS bytes, total_uncompressed_size AS raw_bytes, "
        "encodings, compression FROM parquet_metadata(?) ORDER BY row_group, column_id",
        [str(parquet)]).df()


def _overlaps(chunk_min: str, chunk_max: str, lo, hi) -> bool:
    """Can a row group whose statistics are [chunk_min, chunk_max] hold a value in [lo, hi]?

    The footer gives min and max as text: numbers are compared as numbers (an int bound
    against a float column too), text as text. No bound, or no statistics: it can.
    """
    if (lo is None and hi is None) or pd.isna(chunk_min) or pd.isna(chunk_max):
        return True
    bounds = [b for b in (lo, hi) if b is not None]
    if all(isinstance(b, str) for b in bounds):
        low, high = chunk_min, chunk_max
    elif all(isinstance(b, numbers.Real) and not isinstance(b, (bool, np.bool_))
             for b in bounds):
        try:
            try:  # whole numbers exactly (int64 beyond 2**53 loses digits as a float)
                low, high = int(chunk_min), int(chunk_max)
            except ValueError:
                low, high = float(chunk_min), float(chunk_max)
        except ValueError:
            raise ValueError(f"where bounds {lo!r}, {hi!r} are numbers but the column holds "
                             f"text (min {chunk_min!r}): give text bounds") from None
    else:
        raise TypeError(f"where bounds must both be numbers or both be text (or None), "
                        f"got {lo!r} and {hi!r}")
    return (hi is None or low <= hi) and (lo is None or high >= lo)


def bytes_to_read(parquet, columns, where=None, con=None) -> dict:
    """Bytes a query must read from Parquet: the chunks of ``columns`` (plus the filter's
    column) in row groups whose min/max can match ``where = (column, lo, hi)``.

    ``lo`` or ``hi`` may be None (no bound). Returns bytes, row groups read and total.
    """
    table = chunks(parquet, con)
    known = set(table["column_name"])
    needed = set(columns)
    if where is not None:
        column, lo, hi = where
        needed.add(column)
    unknown = needed - known
    if unknown or not needed:
        raise ValueError(f"columns must name columns of the file, one of {sorted(known)}; "
                         f"got {sorted(unknown) or 'none'}")
    groups = set(table["row_group"])
    if where is not None:
        stats = table[table["column_name"] == column]
        groups = {g for g, a, b in zip(stats["row_group"], stats["min"], stats["max"],
                                       strict=True) if _overlaps(a, b, lo, hi)}
    read = table[table["column_name"].isin(needed) & table["row_group"].isin(groups)]
    return {"bytes": int(read["bytes"].sum()), "row_groups": len(groups),
            "of_row_groups": table["row_group"].nunique(), "file_bytes": file_size(parquet)}


def file_size(path) -> int:
    """Size of a file on disk, in bytes."""
    return os.path.getsize(path)


def compression_by_column(parquet, con=None) -> pd.DataFrame:
    """Per column: its bytes as CSV text (each value's text plus one separator), its bytes
    in Parquet (encoded, then compressed), the ratio, and the encodings used."""
    con = con or connect()
    table = chunks(parquet, con)
    grouped = table.groupby("column_name", sort=False).agg(
        parquet_bytes=("bytes", "sum"), encodings=("encodings", "first"),
        codec=("compression", "first"))
    texts = ", ".join(f"sum(length(CAST({c} AS VARCHAR)) + 1)" for c in grouped.index)
    sizes = con.execute(f"SELECT {texts} FROM read_parquet(?)", [str(parquet)]).fetchall()[0]
    grouped.insert(0, "csv_bytes", [int(n) for n in sizes])
    grouped["ratio"] = (grouped["csv_bytes"] / grouped["parquet_bytes"]).round(1)
    return grouped


def bytes_read(sql: str, con=None) -> tuple[list, int]:
    """Run ``sql`` with DuckDB's profiler on: its rows and the bytes DuckDB read from files.

    A measurement, not a model: ``total_bytes_read`` counts what the file readers asked
    the file system for. It is deterministic for a given file and DuckDB version.
    """
    con = con or connect()
    con.execute("SET enable_profiling = 'no_output'")
    try:
        rows = con.execute(sql).fetchall()
        io = json.loads(con.get_profiling_information())["io"]
    finally:
        con.execute("SET enable_profiling = 'no_output'")
        con.execute("PRAGMA disable_profiling")
    return rows, int(io["total_bytes_read"])


def scan_sql(path, columns, where=None) -> str:
    """A query that must read ``columns`` (hashing them) in the rows ``where`` selects."""
    path = str(path)
    source = f"read_csv('{path}')" if path.endswith(".csv") else f"read_parquet('{path}')"
    sql = f"SELECT sum(hash({', '.join(columns)})) FROM {source}"
    if where is not None:
        column, lo, hi = where
        sql += f" WHERE {column} BETWEEN {lo} AND {hi}"
    return sql


QUERIES = {
    "SELECT *": ((), None),
    "one column": (("price",), None),
    "one column, one week": (("price",), ("day", 100, 106)),
}


def reads(paths: dict, con=None) -> pd.DataFrame:
    """Bytes each query in :data:`QUERIES` reads from CSV (all of it) and from Parquet:
    computed from the footer (``parquet_bytes``) and measured by DuckDB (``parquet_read``)."""
    con = con or connect()
    every = tuple(chunks(paths["parquet"], con)["column_name"].unique())
    rows = []
    for name, (columns, where) in QUERIES.items():
        need = bytes_to_read(paths["parquet"], columns or every, where, con)
        _, read = bytes_read(scan_sql(paths["parquet"], columns or every, where), con)
        rows.append({"query": name, "csv_bytes": file_size(paths["csv"]),
                     "parquet_bytes": need["bytes"], "parquet_read": read,
                     "share_of_csv": f"{read / file_size(paths['csv']):.1%}",
                     "row_groups": f"{need['row_groups']} of {need['of_row_groups']}"})
    return pd.DataFrame(rows).set_index("query")


WEEK_REVENUE = ("SELECT round(sum(price * quantity), 2) AS revenue, count(*) AS orders "
                "FROM {source} WHERE day BETWEEN 100 AND 106")


def week_query(path) -> str:
    """The one-week revenue query over a CSV or a Parquet file."""
    path = str(path)
    source = (f"read_csv('{path}')" if path.endswith(".csv")
              else f"read_parquet('{path}')")
    return WEEK_REVENUE.format(source=source)


def week_revenue(path, con=None) -> tuple:
    """The one-week query, run by DuckDB on a CSV or a Parquet file."""
    con = con or connect()
    return con.execute(week_query(path)).fetchall()[0]
