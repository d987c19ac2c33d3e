"""What a table format adds to a lake: a log of versions over immutable Parquet files.

A table is a folder of Parquet files plus ``_log/00000000000000000000.json``,
``...001.json``, ...: each log entry is one committed version and lists the files it
adds and removes, as Delta Lake's ``_delta_log`` does (Iceberg keeps a tree of snapshot
metadata instead, with the same effect). Readers see exactly the files of the newest
version, or of any older one (time travel). A writer first writes its new Parquet
files, then commits by creating the next log entry *only if no one else has*: that
put-if-absent is the atomic step. Here it is ``os.link`` of a finished temp file,
which fails if the name exists (POSIX); ``os.replace`` would silently overwrite a
concurrent commit. Files written but never committed are invisible to readers.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..core import checks
from .layout import connect


class CommitConflict(RuntimeError):
    """Another writer committed this version first: re-read the table and retry."""


class Table:
    """A versioned table over Parquet files in ``root``."""

    def __init__(self, root, con=None):
        self.root = Path(root)
        self.log = self.root / "_log"
        self.log.mkdir(parents=True, exist_ok=True)
        self.con = con or connect()

    def _entry(self, version: int) -> Path:
        return self.log / f"{version:020d}.json"

    @property
    def version(self) -> int:
        """The newest committed version (-1 for a table with no commits)."""
        names = sorted(p.name for p in self.log.glob("*.json"))
        return int(names[-1][:-5]) if names else -1

    def files(self, version: int | None = None) -> list[str]:
        """Data files that make up ``version`` (the newest by default): replay the log."""
        newest = self.version
        version = newest if version is None else checks.integer(
            version, "version", 0, newest, hint="a committed version")
        live: list[str] = []
        for v in range(version + 1):
            entry = json.loads(self._entry(v).read_text())
            live = [f for f in live if f not in entry["remove"]] + entry["add"]
        return live

    def write_file(self, frame: pd.DataFrame) -> str:
        """Write one immutable Parquet file (not yet part of any version)."""
        name = f"part-{len(list(self.root.glob('*.parquet'))):05d}.parquet"
        self.con.register("frame", frame)
        self.con.execute(f"COPY frame TO '{self.root / name}' (FORMAT parquet)")
        self.con.unregister("frame")
        return name

    def commit(self, add=(), remove=(), *, read_version: int | None = None,
               operation: str = "write") -> int:
        """Atomically publish version ``read_version + 1``; raise CommitConflict if taken."""
        lists = {}
        for name, files in (("add", add), ("remove", remove)):
            if isinstance(files, (str, bytes)) or not isinstance(files, Iterable):
                raise TypeError(f"{name} must be a list of file names, got {files!r}")
            lists[name] = list(files)
            if not all(isinstance(f, str) for f in lists[name]):
                raise TypeError(f"{name} must be a list of file names, got {lists[name]!r}")
        add, remove = lists["add"], lists["remove"]
        newest = self.version
        base = newest if read_version is None else checks.integer(
            read_version, "read_version", -1, newest,
            hint="the version the writer read (-1 for an empty table)")
        version = base + 1
        body = json.dumps({"version": version, "operation": operation,
                           "add": list(add), "remove": list(remove)}, indent=1)
        temp = self.log / f".{version:020d}.{uuid.uuid4().hex}.tmp"
        temp.write_text(body)
        try:
            os.link(temp, self._entry(version))  # put-if-absent: the commit point
        except FileExistsError:
            raise CommitConflict(f"version {version} was committed by another writer; "
                                 f"re-read version {self.version} and retry") from None
        finally:
            temp.unlink()
        return version

    def append(self, frame: pd.DataFrame) -> int:
        """Write a file and commit it: the common case."""
        return self.commit(add=[self.write_file(frame)], operation="append")

    def read(self, sql: str = "SELECT * FROM t", *, version: int | None = None):
        """Run ``sql`` against the table as of ``version``; the table is named ``t``."""
        files = [str(self.root / f) for f in self.files(version)]
        if not files:
            raise ValueError(f"version {version} of the table has no files")
        listing = ", ".join(f"'{f}'" for f in files)
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW t AS "
                         f"SELECT * FROM read_parquet([{listing}])")
        return self.con.execute(sql).df()
