"""Schema on write and read, the star schema over a lake, the versioned table."""

import pandas as pd
import pytest

from sysdesign.big_data import CommitConflict, Table, lake, layout


def test_schema_on_write_refuses_and_on_read_keeps(tmp_path):
    con = layout.connect()
    written = lake.schema_on_write(con=con)
    assert written["stored"] == 2 and sorted(written["rejected"]) == [3, 4]
    read = lake.schema_on_read(folder=tmp_path, con=con)
    assert len(read) == 4 and read.price.isna().tolist() == [False, False, True, True]
    assert float(read.price[1]) == 9.9


def test_star_query_matches_pandas_and_prunes_partitions(tmp_path):
    con = layout.connect()
    root = lake.build_lake(tmp_path, con=con)
    got = lake.star_query(root, from_month=2, con=con)
    facts = pd.concat(con.execute(f"SELECT * FROM read_parquet('{p}')").df().assign(month=m)
                      for m, p in [(2, root / "sales/month=02/part-0.parquet"),
                                   (3, root / "sales/month=03/part-0.parquet")])
    joined = facts.merge(lake.PRODUCTS, on="product_key").merge(lake.STORES, on="store_key")
    expected = joined.groupby(["month", "category", "country"]).amount.sum().round(2)
    assert got.set_index(["month", "category", "country"]).revenue.to_dict() == \
        pytest.approx(expected.to_dict())
    # DuckDB's own plan prunes the month folders the filter rules out...
    assert [lake.files_scanned(root, from_month=m, con=con) for m in (1, 2, 3, 4)] == [
        (3, 3), (2, 3), (1, 3), (0, 3)]
    # ...and its profiler agrees: month >= 3 reads the March file and the first file
    # (opened to learn the columns), never February's.
    size = {m: (root / f"sales/month={m:02d}/part-0.parquet").stat().st_size for m in (1, 2, 3)}
    facts = ("SELECT count(*) FROM read_parquet('{root}/sales/*/*.parquet', "
             "hive_partitioning = true, hive_types = {{'month': INTEGER}}) WHERE month >= 3")
    rows, read = layout.bytes_read(facts.format(root=root), con)
    assert rows == [(500,)] and read == size[1] + size[3]


def test_versioned_table_time_travel_and_conflicts(tmp_path):
    table = Table(tmp_path / "t")
    assert table.version == -1
    assert table.append(layout.orders(10)) == 0
    assert table.append(layout.orders(5, seed=1)) == 1
    orphan = table.write_file(layout.orders(3, seed=2))
    assert orphan not in table.files()
    with pytest.raises(CommitConflict):
        table.commit(add=[orphan], read_version=0)  # version 1 exists already
    table.commit(remove=table.files()[:1])
    counts = [int(table.read("SELECT count(*) AS n FROM t", version=v).n[0]) for v in range(3)]
    assert counts == [10, 15, 5]
    assert not list((tmp_path / "t" / "_log").glob(".*.tmp"))  # temp files cleaned up
    with pytest.raises(ValueError, match="version"):
        table.files(7)
    with pytest.raises(ValueError, match="read_version"):
        table.commit(add=[orphan], read_version=5)  # no such version: no gap in the log
    with pytest.raises(TypeError, match="add"):
        table.commit(add=orphan)  # one name, not a list: would commit its letters
    with pytest.raises(TypeError, match="remove"):
        table.commit(remove=[3])
    assert table.version == 2
