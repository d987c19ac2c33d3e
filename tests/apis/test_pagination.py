"""Offset and cursor pagination in SQLite while the feed changes."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sysdesign.apis import paginate


def test_offset_repeats_rows_when_new_ones_arrive_on_top():
    run = paginate("offset", rows=30, page_size=5, pages=4, inserts=2)
    # each page after the first starts 2 rows further back per insert batch
    assert run.duplicates == 2 * 3
    assert run.skipped == []


def test_offset_skips_rows_when_seen_ones_are_deleted():
    run = paginate("offset", rows=30, page_size=5, pages=4, inserts=0, deletes=2)
    assert run.duplicates == 0
    assert len(run.skipped) == 2 * 3


@given(rows=st.integers(1, 40), page_size=st.integers(1, 8), pages=st.integers(1, 6),
       inserts=st.integers(0, 5), deletes=st.integers(0, 5))
def test_cursor_never_repeats_or_skips(rows, page_size, pages, inserts, deletes):
    run = paginate("cursor", rows=rows, page_size=page_size, pages=pages, inserts=inserts,
                   deletes=deletes)
    assert run.duplicates == 0
    assert run.skipped == []
    assert run.seen == sorted(run.seen, reverse=True)  # newest first, strictly
    assert set(run.seen) <= run.initial  # rows newer than the first page are not mixed in


@given(rows=st.integers(20, 60), page_size=st.integers(1, 5), pages=st.integers(1, 4),
       inserts=st.integers(0, 3))
def test_offset_duplicates_match_the_closed_form(rows, page_size, pages, inserts):
    assume(inserts <= page_size)
    run = paginate("offset", rows=rows, page_size=page_size, pages=pages, inserts=inserts)
    # page k covers original rows k(s - i) .. k(s - i) + s - 1: it overlaps page k - 1 by i
    assert run.duplicates == (pages - 1) * inserts


def test_paginate_rejects_bad_input():
    with pytest.raises(ValueError, match="method"):
        paginate("keyset")
    with pytest.raises(ValueError, match="page_size"):
        paginate(page_size=0)
