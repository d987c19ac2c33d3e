"""A small data lake of Parquet files, a warehouse-style star schema over it, and the
schema-on-write vs schema-on-read contrast, all in DuckDB."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ..core import checks
from .layout import connect

RAW_EVENTS = [  # what producers send: one has a price as text, one lacks it, one is junk
    {"order": 1, "store": 1, "price": 12.5},
    {"order": 2, "store": 2, "price": "9.90"},
    {"order": 3, "store": 1},
    {"order": 4, "store": 3, "price": "n/a"},
]


def schema_on_write(events=RAW_EVENTS, con=None) -> dict:
    """Insert each event into a typed table; the table refuses what does not fit."""
    con = con or connect()
    con.execute("CREATE OR REPLACE TABLE sales (order_id INTEGER NOT NULL, "
                "store INTEGER NOT NULL, price DECIMAL(8, 2) NOT NULL)")
    rejected = {}
    for event in events:
        try:
            con.execute("INSERT INTO sales VALUES (?, ?, ?)",
                        [event.get("order"), event.get("store"), event.get("price")])
        except duckdb.Error as error:
            rejected[event["order"]] = type(error).__name__
    stored = con.execute("SELECT count(*) FROM sales").fetchall()[0][0]
    return {"stored": stored, "rejected": rejected}


def schema_on_read(events=RAW_EVENTS, folder=None, con=None) -> pd.DataFrame:
    """Keep the raw lines as they came; impose types only when reading them."""
    con = con or connect()
    path = Path(folder) / "events.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events))
    return con.execute(
        "SELECT \"order\" AS order_id, store, TRY_CAST(price AS DECIMAL(8, 2)) AS price "
        "FROM read_json(?, columns = {'order': 'INTEGER', 'store': 'INTEGER', "
        "'price': 'VARCHAR'}) ORDER BY order_id", [str(path)]).df()


PRODUCTS = pd.DataFrame({"product_key": range(6),
                         "name": ["kettle", "mug", "tea", "coffee", "grinder", "filter"],
                         "category": ["kitchen", "kitchen", "food", "food", "kitchen",
                                      "food"]})
STORES = pd.DataFrame({"store_key": range(4), "city": ["Berlin", "Paris", "Seoul", "Busan"],
                       "country": ["DE", "FR", "KR", "KR"]})


def build_lake(folder, *, sales_per_month: int = 500, months: int = 3, seed: int = 0,
               con=None) -> Path:
    """Write a lake: ``sales/month=MM/part-0.parquet`` (the fact table, partitioned by
    month, Hive-style) and ``products.parquet``, ``stores.parquet`` (dimensions)."""
    sales_per_month = checks.integer(sales_per_month, "sales_per_month", 1)
    months = checks.integer(months, "months", 1, 12)
    con = con or connect()
    root = Path(folder) / "lake"
    rng = np.random.default_rng(seed)
    for month in range(1, months + 1):
        part = root / "sales" / f"month={month:02d}"
        part.mkdir(parents=True)
        frame = pd.DataFrame({
            "day": rng.integers(1, 29, sales_per_month).astype(np.int32),
            "product_key": rng.integers(0, len(PRODUCTS), sales_per_month).astype(np.int32),
            "store_key": rng.integers(0, len(STORES), sales_per_month).astype(np.int32),
            "quantity": rng.integers(1, 5, sales_per_month).astype(np.int32),
            "amount": np.round(rng.gamma(2.0, 8.0, sales_per_month), 2)})
        _copy(con, frame, part / "part-0.parquet")
    _copy(con, PRODUCTS, root / "products.parquet")
    _copy(con, STORES, root / "stores.parquet")
    return root


def _copy(con, frame: pd.DataFrame, path: Path) -> None:
    con.register("frame", frame)
    con.execute(f"COPY frame TO '{path}' (FORMAT parquet)")
    con.unregister("frame")


STAR_QUERY = """
SELECT s.month, p.category, st.country,
       round(sum(s.amount), 2) AS revenue, count(*) AS sales
FROM read_parquet('{root}/sales/*/*.parquet', hive_partitioning = true,
                  hive_types = {{'month': INTEGER}}) AS s
JOIN read_parquet('{root}/products.parquet') AS p USING (product_key)
JOIN read_parquet('{root}/stores.parquet') AS st USING (store_key)
WHERE s.month >= {from_month}
GROUP BY ALL ORDER BY s.month, p.category, st.country
"""


def star_query(root, *, from_month: int = 1, con=None) -> pd.DataFrame:
    """Revenue by month, product category and country: a fact table joined to two
    dimensions, straight over the lake's files."""
    from_month = checks.integer(from_month, "from_month", 1, 12)
    con = con or connect()
    return con.execute(STAR_QUERY.format(root=root, from_month=from_month)).df()


def files_scanned(root, *, from_month: int = 1, con=None) -> tuple[int, int]:
    """Partition pruning, as DuckDB plans it: ``(fact files it will scan, fact files)``
    for a filter ``month >= from_month``, read from the ``Scanning Files: k/n`` line of
    its ``EXPLAIN`` output (the plan lists the files left after the month filter)."""
    from_month = checks.integer(from_month, "from_month", 1, 12)
    con = con or connect()
    plan = con.execute(
        f"EXPLAIN SELECT count(*) FROM read_parquet('{root}/sales/*/*.parquet', "
        f"hive_partitioning = true, hive_types = {{'month': INTEGER}}) "
        f"WHERE month >= {from_month}").fetchall()[0][1]
    found = re.search(r"Scanning Files:\s*(\d+)\s*/\s*(\d+)", plan)
    if found is None:  # an unpruned scan prints no such line
        total = len(list(Path(root).glob("sales/*/*.parquet")))
        return total, total
    return int(found[1]), int(found[2])
