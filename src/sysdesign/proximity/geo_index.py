"""The data model's geo index as a real SQLite table: ``(geohash, business_id)`` rows.

Each business gets one row per precision the searches use; the primary key
``(geohash, business_id)`` is the index, so "the businesses in these cells" is one
index search per cell (``WITHOUT ROWID``: the table *is* that B-tree). This is the
table Xu and Lam's design keeps beside the business table; the geohashes come from
notebook 15's encoder.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from sysdesign.geo import coordinates, encode_many, geohash

PRECISIONS = (3, 4, 5, 6)  # the precisions cells_covering picks for the app's radii


class GeoIndex:
    """A geo index over points, on an in-memory SQLite database."""

    def __init__(self, lats, lons, precisions=PRECISIONS):
        lats, lons = (a.ravel() for a in coordinates.points(lats, lons))
        self.precisions = tuple(geohash.check_precision(p, "precisions") for p in precisions)
        if not self.precisions or len(set(self.precisions)) != len(self.precisions):
            raise ValueError(f"precisions must name at least one precision, each once, got "
                             f"{self.precisions}")
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE TABLE geo_index (geohash TEXT NOT NULL, business_id INTEGER "
                        "NOT NULL, PRIMARY KEY (geohash, business_id)) WITHOUT ROWID")
        codes = encode_many(lats, lons, max(self.precisions))
        cells = np.concatenate([codes.astype(f"U{p}") for p in self.precisions])
        ids = np.tile(np.arange(codes.size), len(self.precisions))
        # Rows in key order, as a bulk load sorts them: each lands at the end of the B-tree.
        order = np.lexsort((ids, cells))
        self.db.executemany("INSERT INTO geo_index VALUES (?, ?)",
                            zip(cells[order].tolist(), ids[order].tolist(), strict=True))
        self.rows = self.db.execute("SELECT count(*) FROM geo_index").fetchone()[0]

    def _query(self, cells) -> tuple[str, list[str]]:
        cells = [geohash.check_code(c, "cells") for c in cells]
        if not cells:
            raise ValueError("cells must name at least one geohash cell")
        unindexed = sorted({len(c) for c in cells} - set(self.precisions))
        if unindexed:
            raise ValueError(f"cells must have an indexed precision {self.precisions}, got "
                             f"cells of precision {unindexed}")
        marks = ", ".join("?" * len(cells))
        return f"SELECT business_id FROM geo_index WHERE geohash IN ({marks})", cells

    def ids_in(self, cells) -> list[int]:
        """Ids of the businesses in ``cells`` (geohash strings), ascending, each once (a
        business in two of the cells, one inside the other, is listed once)."""
        sql, args = self._query(cells)
        return sorted({row[0] for row in self.db.execute(sql, args)})

    def plan(self, cells) -> str:
        """SQLite's query plan for reading ``cells``: it should search the primary key."""
        sql, args = self._query(cells)
        return "; ".join(row[-1] for row in self.db.execute("EXPLAIN QUERY PLAN " + sql, args))
