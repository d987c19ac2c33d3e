"""Query-level against object-level caching over real SQLite: which pages go wrong when a
user is renamed is derived from SQLite itself, not copied."""

from __future__ import annotations

import pytest

from sysdesign.caching.querycache import (
    FRONT_PAGE,
    ObjectCache,
    QueryCache,
    blog_database,
    compare_invalidation,
    pages,
)


def pages_showing(db, user: int) -> int:
    """Pages whose rows name the user: their profile, their posts page if they have posts,
    each of their posts, and the front page if it lists one of them."""
    posts = [p for (p,) in db.execute("SELECT id FROM posts WHERE author = ?", (user,))]
    front = [p for (p, _, _) in db.execute(FRONT_PAGE)]
    return 1 + bool(posts) + len(posts) + bool(set(front) & set(posts))


@pytest.mark.parametrize("user", [0, 7, 13])
def test_the_table_counts_what_sqlite_says(user):
    table = compare_invalidation(user)
    db = blog_database()
    served = len(pages(db))
    keep, drop, objects = table.index
    assert table.loc[keep, "pages served wrong"] == pages_showing(db, user)
    # Dropping every query that reads users drops every page (they all join users).
    assert table.loc[drop, "entries dropped"] == served
    assert table.loc[drop, "pages served wrong"] == 0
    assert table.loc[objects, "entries dropped"] == 1
    assert table.loc[objects, "pages served wrong"] == 0
    # The price of precision: assembling pages from objects costs more lookups.
    assert table.loc[objects, "lookups to serve every page"] > table.loc[
        keep, "lookups to serve every page"] == served


def test_both_caches_serve_what_sqlite_serves():
    db = blog_database(5, 30, seed=2)
    by_query, by_object = QueryCache(db), ObjectCache(db)
    for sql, params in pages(db):
        fresh = db.execute(sql, params).fetchall()
        assert by_query.query(sql, params) == by_object.page(sql, params) == fresh


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match="rename_user"):
        compare_invalidation(20)
    with pytest.raises(ValueError, match="n_users"):
        blog_database(0)
