"""Cross-check: real SQLite (serializable) refuses the schedules our SERIALIZABLE level
refuses; a deferred transaction whose read went stale cannot write."""

import contextlib
import sqlite3

import pytest

from sysdesign.transactions import ANOMALIES, connect, run, temp_database


def _play_on_sqlite(journal_mode, table, steps):
    """Run (client, sql) steps on two real connections; return who committed and the rows."""
    with temp_database(journal_mode) as path:
        with contextlib.closing(connect(path)) as db:
            db.execute(f"CREATE TABLE {table[0]} (k TEXT PRIMARY KEY, v INTEGER)")
            db.executemany(f"INSERT INTO {table[0]} VALUES (?, ?)", table[1].items())
        dbs = {"T1": connect(path), "T2": connect(path)}
        failed, seen = set(), {"T1": {}, "T2": {}}
        try:
            for who, sql in steps:
                if who in failed:
                    continue
                try:
                    if callable(sql):
                        sql = sql(seen[who])
                    rows = dbs[who].execute(sql).fetchall()
                    if sql.startswith("SELECT"):
                        seen[who].update(dict(rows))
                except sqlite3.OperationalError as error:
                    assert "locked" in str(error)
                    dbs[who].execute("ROLLBACK")
                    failed.add(who)
            final = dict(dbs["T1"].execute(f"SELECT k, v FROM {table[0]}").fetchall())
        finally:
            for db in dbs.values():
                db.close()
    return {"T1", "T2"} - failed, final


@pytest.mark.parametrize("journal_mode", ["DELETE", "WAL"])
def test_sqlite_prevents_the_lost_update_like_serializable(journal_mode):
    add = {"T1": 50, "T2": 30}
    steps = [("T1", "BEGIN"), ("T2", "BEGIN"),
             ("T1", "SELECT k, v FROM t WHERE k = 'x'"), ("T2", "SELECT k, v FROM t WHERE k = 'x'")]
    for who in ("T1", "T2"):
        steps += [(who, lambda s, who=who: f"UPDATE t SET v = {s['x'] + add[who]} WHERE k = 'x'"),
                  (who, "COMMIT")]
    committed, final = _play_on_sqlite(journal_mode, ("t", {"x": 100}), steps)
    model = run(ANOMALIES["lost update"].schedule, "SERIALIZABLE", {"x": 100})
    assert len(committed) == len(model.committed) == 1
    assert final["x"] in (150, 130) and model.final["x"] in (150, 130)


@pytest.mark.parametrize("journal_mode", ["DELETE", "WAL"])
def test_sqlite_prevents_write_skew_like_serializable(journal_mode):
    read = "SELECT k, v FROM t"
    steps = [("T1", "BEGIN"), ("T2", "BEGIN"), ("T1", read), ("T2", read)]
    for who, me in (("T1", "alice"), ("T2", "bob")):
        steps.append((who, lambda s, me=me: f"UPDATE t SET v = "
                      f"{0 if s['alice'] + s['bob'] >= 2 else s[me]} WHERE k = '{me}'"))
    steps += [("T1", "COMMIT"), ("T2", "COMMIT")]
    case = ANOMALIES["write skew"]
    committed, final = _play_on_sqlite(journal_mode, ("t", case.initial), steps)
    model = run(case.schedule, "SERIALIZABLE", case.initial)
    assert len(committed) == len(model.committed) == 1
    assert not case.happened(model)
    assert final["alice"] + final["bob"] == 1  # one doctor still on call


@pytest.mark.parametrize("journal_mode", ["DELETE", "WAL"])
def test_sqlite_prevents_read_skew_and_wal_lets_the_writer_commit(journal_mode):
    """T1 reads x, T2 moves 25 from x to y, T1 reads y. In WAL mode T2 commits and T1 keeps
    reading its snapshot; in rollback-journal mode T2 cannot commit while T1 reads. Either
    way T1 sees x + y = 100, as the model's SNAPSHOT and SERIALIZABLE do."""
    case = ANOMALIES["read skew"]
    with temp_database(journal_mode) as path:
        with contextlib.closing(connect(path)) as db:
            db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)")
            db.executemany("INSERT INTO t VALUES (?, ?)", case.initial.items())
        t1, t2 = connect(path), connect(path)
        try:
            t1.execute("BEGIN")
            x = t1.execute("SELECT v FROM t WHERE k = 'x'").fetchone()[0]
            t2.execute("BEGIN")
            t2.execute("UPDATE t SET v = 25 WHERE k = 'x'")
            t2.execute("UPDATE t SET v = 75 WHERE k = 'y'")
            try:
                t2.execute("COMMIT")
                writer_committed = True
            except sqlite3.OperationalError as error:
                assert "locked" in str(error)
                t2.execute("ROLLBACK")
                writer_committed = False
            y = t1.execute("SELECT v FROM t WHERE k = 'y'").fetchone()[0]
            t1.execute("COMMIT")
        finally:
            t1.close()
            t2.close()
    assert x + y == 100
    assert writer_committed == (journal_mode == "WAL")
    for level in ("SNAPSHOT", "SERIALIZABLE"):
        assert not case.happened(run(case.schedule, level, case.initial))
    assert case.happened(run(case.schedule, "READ COMMITTED", case.initial))
