"""CSV vs Parquet in DuckDB: bytes from the footer, pushdown, compression, same answers."""

import os
import threading

import pandas as pd
import pytest
from fsspec.implementations.local import LocalFileSystem

from sysdesign.big_data import layout


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layout")
    con = layout.connect()
    frame = layout.orders(60_000, seed=5)
    return frame, layout.write_both(frame, folder, con), con


def test_files_are_byte_identical_run_to_run(tmp_path, files):
    frame, paths, _ = files
    again = layout.write_both(frame, tmp_path, layout.connect())
    for kind in ("csv", "parquet"):
        assert again[kind].read_bytes() == paths[kind].read_bytes()


def test_projection_reads_only_its_column_chunks(files):
    _, paths, con = files
    chunks = layout.chunks(paths["parquet"], con)
    one = layout.bytes_to_read(paths["parquet"], ["price"], con=con)
    assert one["bytes"] == chunks.loc[chunks.column_name == "price", "bytes"].sum()
    every = layout.bytes_to_read(paths["parquet"], list(chunks.column_name.unique()), con=con)
    assert one["bytes"] < every["bytes"] < every["file_bytes"]  # plus footer and magic


def test_pushdown_keeps_every_row_group_with_a_match_and_no_other(files):
    frame, paths, con = files
    lo, hi = 100, 106
    chunks = layout.chunks(paths["parquet"], con)
    starts = chunks.drop_duplicates("row_group")["rows"].cumsum().shift(fill_value=0).tolist()
    kept = layout.bytes_to_read(paths["parquet"], ["price"], ("day", lo, hi), con=con)
    rows = con.execute(f"SELECT file_row_number FROM read_parquet('{paths['parquet']}', "
                       f"file_row_number = true) WHERE day BETWEEN {lo} AND {hi}").fetchall()
    groups_with_match = {sum(1 for s in starts if s <= r) - 1 for (r,) in rows}
    assert kept["row_groups"] == len(groups_with_match) >= 1
    assert kept["bytes"] < layout.bytes_to_read(paths["parquet"], ["price"], con=con)["bytes"]


def test_same_answer_from_csv_parquet_and_pandas(files):
    frame, paths, con = files
    week = frame[frame.day.between(100, 106)]
    expected = (round(float((week.price * week.quantity).sum()), 2), len(week))
    assert layout.week_revenue(paths["csv"], con) == layout.week_revenue(paths["parquet"], con)
    got = layout.week_revenue(paths["parquet"], con)
    assert got[1] == expected[1] and got[0] == pytest.approx(expected[0], abs=0.01)


def test_csv_bytes_by_column_add_up_to_the_file(files):
    frame, paths, con = files
    table = layout.compression_by_column(paths["parquet"], con)
    header = len(",".join(frame.columns)) + 1
    assert table.csv_bytes.sum() + header == layout.file_size(paths["csv"])
    assert table.loc["day", "ratio"] > table.loc["country", "ratio"] > table.loc["price", "ratio"]


def test_reads_table(files):
    _, paths, con = files
    table = layout.reads(paths, con)
    assert isinstance(table, pd.DataFrame)
    assert (table.csv_bytes == layout.file_size(paths["csv"])).all()
    assert table.parquet_bytes.is_monotonic_decreasing


def test_plain_columns_shrink_least(files):
    _, paths, con = files
    table = layout.compression_by_column(paths["parquet"], con)
    plain = set(table.index[table.encodings == "PLAIN"])
    assert plain == {"order_id", "price"}  # no dictionary: every id, thousands of prices
    assert set(table.ratio.nsmallest(2).index) == plain


def test_where_bounds_compare_as_numbers_or_text(files):
    _, paths, con = files
    every = layout.bytes_to_read(paths["parquet"], ["price"], con=con)
    # an int bound on a float column, and no bound at all
    cheap = layout.bytes_to_read(paths["parquet"], ["price"], ("price", 0, 1), con=con)
    assert cheap == layout.bytes_to_read(paths["parquet"], ["price"], ("price", 0.0, 1.0),
                                         con=con)
    first = layout.bytes_to_read(paths["parquet"], ["price"], ("order_id", 0, 100), con=con)
    assert first["row_groups"] == 1 < first["of_row_groups"]  # ids are sorted
    assert layout.bytes_to_read(paths["parquet"], ["price"], ("day", None, None),
                                con=con)["bytes"] > every["bytes"]  # + the day chunks
    text = layout.bytes_to_read(paths["parquet"], ["country"], ("country", "DE", "FR"), con=con)
    assert text["row_groups"] == text["of_row_groups"]  # every row group holds DE or FR
    with pytest.raises(ValueError, match="text"):
        layout.bytes_to_read(paths["parquet"], ["country"], ("country", 1, 2), con=con)
    with pytest.raises(TypeError, match="bounds"):
        layout.bytes_to_read(paths["parquet"], ["day"], ("day", "1", 2), con=con)


def test_bad_columns(files):
    _, paths, con = files
    with pytest.raises(ValueError, match="columns"):
        layout.bytes_to_read(paths["parquet"], ["nope"], con=con)
    with pytest.raises(ValueError, match="rows"):
        layout.orders(0)


def test_measured_read_is_the_computed_chunks_plus_one_tail_read(files):
    _, paths, con = files
    table = layout.reads(paths, con)
    extra = table.parquet_read - table.parquet_bytes
    assert (extra > 0).all() and extra.nunique() == 1  # the same footer read for each
    assert extra.iloc[0] <= 64 * 1024
    assert table.parquet_read.is_monotonic_decreasing
    every = ("order_id", "day", "country", "product_id", "quantity", "price")
    for columns, where in layout.QUERIES.values():  # a CSV reader reads it all, each time
        _, csv_read = layout.bytes_read(layout.scan_sql(paths["csv"], columns or every, where),
                                        con)
        assert csv_read == layout.file_size(paths["csv"]) == table.csv_bytes.iloc[0]


class _CountingFS(LocalFileSystem):
    """A local file system that counts the bytes its files hand out.

    DuckDB prefetches column chunks from helper threads that share one handle, each
    calling ``seek`` then ``read``; so every thread keeps its own position and reads
    with ``os.pread`` (a shared position made about one query in 20 fail, short read)."""

    protocol = "counted"
    read_total = 0
    reads: list = []

    @classmethod
    def _strip_protocol(cls, path):
        return super()._strip_protocol(str(path).removeprefix("counted://"))

    def _open(self, path, mode="rb", **kwargs):
        handle = super()._open(path, mode, **kwargs)
        size, here = os.fstat(handle.fileno()).st_size, threading.local()

        def tell():
            return getattr(here, "position", 0)

        def seek(offset, whence=os.SEEK_SET):
            here.position = {os.SEEK_SET: 0, os.SEEK_CUR: tell(), os.SEEK_END: size}[whence] \
                + offset
            return here.position

        def read(n=-1):
            start = tell()
            data = os.pread(handle.fileno(), size - start if n is None or n < 0 else n, start)
            here.position = start + len(data)
            with _lock:
                _CountingFS.read_total += len(data)
                _CountingFS.reads.append((start, len(data)))
            return data

        handle.tell, handle.seek, handle.read = tell, seek, read
        return handle


_lock = threading.Lock()


def test_duckdb_profiler_agrees_with_an_independent_byte_counter(files):
    _, paths, con = files
    counted = layout.connect()
    counted.register_filesystem(_CountingFS())
    for columns, where in layout.QUERIES.values():
        columns = columns or ("order_id", "day", "country", "product_id", "quantity", "price")
        _, profiled = layout.bytes_read(layout.scan_sql(paths["parquet"], columns, where), con)
        _CountingFS.read_total, _CountingFS.reads = 0, []
        counted.execute(layout.scan_sql(f"counted://{paths['parquet']}", columns, where))
        counted.fetchall()
        assert _CountingFS.read_total == profiled
        start, length = _CountingFS.reads[0]  # the first read is the file's tail (footer)
        assert start + length == layout.file_size(paths["parquet"])
        assert profiled - length == layout.bytes_to_read(paths["parquet"], columns, where,
                                                         con)["bytes"]
