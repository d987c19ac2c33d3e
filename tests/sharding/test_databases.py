"""The reference tables show every sentence in full (pandas cuts cells at 50 characters)."""

import pytest

from sysdesign.sharding import nosql_kinds, sql_vs_nosql


@pytest.mark.parametrize("table", [sql_vs_nosql, nosql_kinds])
def test_every_cell_is_shown_in_full(table):
    frame = table()
    html = frame._repr_html_()
    longest = max((cell for row in frame.itertuples(index=False) for cell in row), key=len)
    assert len(longest) > 50  # long enough that pandas would cut it
    assert longest in html and "..." not in html
    assert type(frame.loc[frame.index[:2]]) is type(frame)  # slices keep showing in full


def test_nosql_scaling_row_agrees_with_the_graph_row():
    # The kinds table says graphs are hard to shard, so "partitioning built in" says so too.
    assert "hard to shard" in nosql_kinds().loc["graph", "weak at"]
    assert "graph stores excepted" in sql_vs_nosql().loc["scaling", "NoSQL"]
