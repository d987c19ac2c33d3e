"""Query-level against object-level caching, over a real SQLite database.

A small blog (users and their posts) in SQLite, and the pages it serves: a profile, a
user's latest posts, the front page, a post. Two ways to cache them:

* **query level**: keep each query's result under its SQL text and parameters. One
  lookup serves a page. But when a row changes, the key does not say which cached
  results contain that row: a result joining users to posts may or may not name the
  user who changed. The safe answer is to drop every cached query that reads the changed
  table (what MySQL's query cache did); the unsafe one is to wait for the TTL.
* **object level**: cache rows as objects under their own keys (``user:7``, ``post:31``)
  and assemble pages from them. A page costs several lookups, but a change to user 7
  invalidates exactly one key.

:func:`compare_invalidation` renders every page into both caches, renames one user in
SQLite, and counts for each scheme the entries dropped and the pages that would now be
served wrong (checked by re-running every query against SQLite).

>>> table = compare_invalidation()
>>> int(table.loc["object cache: delete the user's key", "entries dropped"])
1
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd

from sysdesign.core import checks

PROFILE = "SELECT id, name FROM users WHERE id = ?"
USER_POSTS = ("SELECT p.id, p.title, u.name FROM posts p JOIN users u ON u.id = p.author "
              "WHERE p.author = ? ORDER BY p.id DESC LIMIT 3")
FRONT_PAGE = ("SELECT p.id, p.title, u.name FROM posts p JOIN users u ON u.id = p.author "
              "ORDER BY p.id DESC LIMIT 10")
POST = "SELECT p.id, p.title, u.name FROM posts p JOIN users u ON u.id = p.author WHERE p.id = ?"
# The object-level versions: ids from one query, then one object per id.
POST_IDS_BY_USER = "SELECT id FROM posts WHERE author = ? ORDER BY id DESC LIMIT 3"
LATEST_POST_IDS = "SELECT id FROM posts ORDER BY id DESC LIMIT 10"
USER_ROW = "SELECT id, name FROM users WHERE id = ?"
POST_ROW = "SELECT id, title, author FROM posts WHERE id = ?"


def blog_database(n_users=20, n_posts=100, *, seed=0) -> sqlite3.Connection:
    """An in-memory SQLite blog: ``n_users`` users, ``n_posts`` posts by random authors."""
    n_users = checks.integer(n_users, "n_users", 1)
    n_posts = checks.integer(n_posts, "n_posts", 1)
    authors = np.random.default_rng(seed).integers(0, n_users, n_posts).tolist()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT, author INTEGER "
               "REFERENCES users(id))")
    db.executemany("INSERT INTO users VALUES (?, ?)", [(u, f"user {u}") for u in range(n_users)])
    db.executemany("INSERT INTO posts VALUES (?, ?, ?)",
                   [(p, f"post {p}", a) for p, a in enumerate(authors)])
    return db


def pages(db: sqlite3.Connection) -> list[tuple[str, tuple]]:
    """Every page the blog serves, as (query, parameters): profiles, each user's latest
    posts, the front page, and every post."""
    users = [row[0] for row in db.execute("SELECT id FROM users ORDER BY id")]
    posts = [row[0] for row in db.execute("SELECT id FROM posts ORDER BY id")]
    return ([(PROFILE, (u,)) for u in users] + [(USER_POSTS, (u,)) for u in users]
            + [(FRONT_PAGE, ())] + [(POST, (p,)) for p in posts])


class QueryCache:
    """Results by (SQL, parameters), and the tables each query reads."""

    def __init__(self, db: sqlite3.Connection):
        self.db, self.results, self.lookups = db, {}, 0

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        self.lookups += 1
        key = (sql, params)
        if key not in self.results:
            self.results[key] = self.db.execute(sql, params).fetchall()
        return self.results[key]

    def drop_table(self, table: str) -> int:
        """Drop every cached query that reads ``table``; return how many."""
        reads = [key for key in self.results if f" {table} " in f" {key[0]} "]
        for key in reads:
            del self.results[key]
        return len(reads)


class ObjectCache:
    """Rows cached as objects under their own keys; pages assembled from them."""

    def __init__(self, db: sqlite3.Connection):
        self.db, self.objects, self.lookups = db, {}, 0

    def get(self, key: str, sql: str, params: tuple):
        self.lookups += 1
        if key not in self.objects:
            self.objects[key] = self.db.execute(sql, params).fetchall()
        return self.objects[key]

    def user(self, user_id: int) -> tuple:
        return self.get(f"user:{user_id}", USER_ROW, (user_id,))[0]

    def post(self, post_id: int) -> tuple:
        """A post as the page shows it: (id, title, author's name)."""
        post_id, title, author = self.get(f"post:{post_id}", POST_ROW, (post_id,))[0]
        return post_id, title, self.user(author)[1]

    def page(self, sql: str, params: tuple) -> list[tuple]:
        """The same rows the page's query returns, built from cached objects."""
        if sql == PROFILE:
            return [self.user(params[0])]
        if sql == POST:
            return [self.post(params[0])]
        ids_sql, key = ((POST_IDS_BY_USER, f"posts-by:{params[0]}") if sql == USER_POSTS
                        else (LATEST_POST_IDS, "latest-posts"))
        return [self.post(post_id) for (post_id,) in self.get(key, ids_sql, params)]

    def delete(self, key: str) -> int:
        return int(self.objects.pop(key, None) is not None)


def compare_invalidation(rename_user=7, *, n_users=20, n_posts=100, seed=0) -> pd.DataFrame:
    """Fill both caches with every page, rename one user in SQLite, and count per scheme:
    cached entries, lookups to serve every page once, entries the rename drops, and pages
    served wrong afterwards (compared with re-running each page's query in SQLite)."""
    db = blog_database(n_users, n_posts, seed=seed)
    rename_user = checks.integer(rename_user, "rename_user", 0, n_users - 1, hint="a user id")
    served = pages(db)
    by_query, by_object = QueryCache(db), ObjectCache(db)
    for sql, params in served:
        assert by_query.query(sql, params) == by_object.page(sql, params)
    entries = {"query": len(by_query.results), "object": len(by_object.objects)}
    lookups = {"query": by_query.lookups, "object": by_object.lookups}
    db.execute("UPDATE users SET name = ? WHERE id = ?", (f"user {rename_user} (renamed)",
                                                          rename_user))

    def wrong(render) -> int:
        return sum(render(sql, params) != db.execute(sql, params).fetchall()
                   for sql, params in served)

    rows = {"query cache: keep entries until their TTL": (
        entries["query"], lookups["query"], 0, wrong(by_query.query))}
    stale_before = wrong(by_query.query)
    dropped = by_query.drop_table("users")
    rows["query cache: drop every query that reads users"] = (
        entries["query"], lookups["query"], dropped, wrong(by_query.query))
    rows["object cache: delete the user's key"] = (
        entries["object"], lookups["object"], by_object.delete(f"user:{rename_user}"),
        wrong(by_object.page))
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[
        "cached entries", "lookups to serve every page", "entries dropped",
        "pages served wrong"])
    assert table.iloc[0, 3] == stale_before
    return table
