"""One small blog stored three ways in real SQLite: normalised, denormalised, embedded.

* **normalised**: ``users``, ``posts``, ``comments``; a name is stored once, in ``users``,
  and reads join to it.
* **denormalised**: the same tables, plus a copy of the author's name in every post and
  comment (a *copied column*), so reads skip the join and renames must update every copy.
  Denormalisation spreads nothing over servers: it trades write work for read work.
* **embedded** (a document store's "embedded data model", here as JSON in SQLite): one row
  per post holding its author and all its comments. One read fetches the whole aggregate,
  and one write updates it atomically; but adding a comment rewrites the whole document,
  and a question across documents ("every comment by user u") must scan them all.

Every operation returns a :class:`Cost` read off SQLite itself: the statements run, the rows
they returned and wrote (``cursor.rowcount``), the bytes of values written (the stored values
times the rows that received them), and SQLite's own query plan (``SEARCH`` uses an index,
``SCAN`` reads the whole table).

>>> blog = NormalisedBlog.sample(num_users=5, num_posts=8, seed=1)
>>> cost = blog.rename_user(1, "Ada L.")
>>> cost.statements, cost.rows_written
(1, 1)
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sysdesign.core import checks

SCHEMAS = ["normalised", "denormalised", "embedded"]


@dataclass
class Cost:
    """What one operation cost, as SQLite reports it."""

    statements: int = 0
    rows_returned: int = 0
    rows_written: int = 0
    bytes_written: int = 0
    plan: list[str] = field(default_factory=list)  # SQLite's plan steps, e.g. "SCAN posts"


@dataclass(frozen=True)
class BlogData:
    """The seeded content every schema stores: users, posts and comments."""

    names: list[str]  # user id i has name names[i]
    posts: list[tuple[int, int, str]]  # (post id, author id, title)
    comments: list[tuple[int, int, int, str]]  # (comment id, post id, author id, body)


def sample_blog(num_users: int = 50, num_posts: int = 200, max_comments: int = 12,
                seed: int = 0) -> BlogData:
    """A seeded blog: posts by random users, each with 0..max_comments comments."""
    num_users = checks.integer(num_users, "num_users", 1)
    num_posts = checks.integer(num_posts, "num_posts", 1)
    max_comments = checks.integer(max_comments, "max_comments", 0)
    rng = np.random.default_rng(seed)
    names = [f"user {i}" for i in range(num_users)]
    posts, comments = [], []
    for post in range(num_posts):
        posts.append((post, int(rng.integers(num_users)), f"post number {post}"))
        for _ in range(int(rng.integers(max_comments + 1))):
            comments.append((len(comments), post, int(rng.integers(num_users)),
                             f"comment {len(comments)} on post {post}"))
    return BlogData(names, posts, comments)


def _size(params) -> int:
    """Bytes of the values a statement writes: text as UTF-8, 8 bytes per number."""
    return sum(len(p.encode("utf-8")) if isinstance(p, str) else 8 for p in params)


class _Store:
    """A SQLite database in memory and the bookkeeping every schema shares."""

    schema = ""

    def __init__(self, data: BlogData):
        self.db = sqlite3.connect(":memory:")
        self.data = data
        self.db.executescript(self.schema)
        with self.db:
            self.load(data)

    @classmethod
    def sample(cls, **options):
        """The schema filled with :func:`sample_blog` data."""
        return cls(sample_blog(**options))

    def load(self, data: BlogData) -> None:
        raise NotImplementedError

    def run(self, cost: Cost, sql: str, params=(), *, write: bool = False,
            stored: int | None = None) -> list:
        """Run one statement, adding what it did to ``cost``.

        A write stores its first ``stored`` parameters (all of them by default, as an INSERT
        does; an UPDATE's SET values come first and its WHERE values are only compared) in
        every row it changes, so those bytes count once per row written.
        """
        plan = self.db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        # SQLite before 3.36 wrote "SCAN TABLE posts"; newer versions write "SCAN posts".
        steps = [re.sub(r"^(SCAN|SEARCH) TABLE ", r"\1 ", step[-1]) for step in plan]
        cost.plan.extend(step for step in steps if step not in cost.plan)
        cursor = self.db.execute(sql, params)
        rows = cursor.fetchall()
        cost.statements += 1
        cost.rows_returned += len(rows)
        if write:
            rows_written = max(cursor.rowcount, 0)
            values = params if stored is None else params[:stored]
            cost.rows_written += rows_written
            cost.bytes_written += _size(values) * rows_written
        return rows

    def post_ids_by(self, user_id: int) -> list[int]:
        """Posts written by a user (from the seed data, to pick test cases)."""
        return [post for post, author, _ in self.data.posts if author == user_id]


class NormalisedBlog(_Store):
    """Each fact stored once: names live in ``users`` only; reads join to them."""

    schema = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES users,
                            title TEXT NOT NULL);
        CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts,
                               author_id INTEGER NOT NULL REFERENCES users, body TEXT NOT NULL);
        CREATE INDEX comments_by_post ON comments (post_id);
        CREATE INDEX comments_by_author ON comments (author_id);
    """

    def load(self, data: BlogData) -> None:
        self.db.executemany("INSERT INTO users VALUES (?, ?)", enumerate(data.names))
        self.db.executemany("INSERT INTO posts VALUES (?, ?, ?)", data.posts)
        self.db.executemany("INSERT INTO comments VALUES (?, ?, ?, ?)", data.comments)

    def read_post(self, post_id: int) -> Cost:
        """A post with its author's name and every comment with its author's name."""
        cost = Cost()
        self.run(cost, "SELECT p.title, u.name FROM posts p JOIN users u ON u.id = p.author_id "
                       "WHERE p.id = ?", (post_id,))
        self.run(cost, "SELECT c.body, u.name FROM comments c JOIN users u ON u.id = c.author_id "
                       "WHERE c.post_id = ? ORDER BY c.id", (post_id,))
        return cost

    def add_comment(self, post_id: int, user_id: int, body: str) -> Cost:
        cost = Cost()
        with self.db:
            self.run(cost, "INSERT INTO comments (post_id, author_id, body) VALUES (?, ?, ?)",
                     (post_id, user_id, body), write=True)
        return cost

    def rename_user(self, user_id: int, name: str) -> Cost:
        cost = Cost()
        with self.db:
            self.run(cost, "UPDATE users SET name = ? WHERE id = ?", (name, user_id), write=True,
                     stored=1)
        return cost

    def comments_by(self, user_id: int) -> Cost:
        cost = Cost()
        self.run(cost, "SELECT id, body FROM comments WHERE author_id = ?", (user_id,))
        return cost


class DenormalisedBlog(NormalisedBlog):
    """The normalised tables plus a copied column: each post and comment repeats its
    author's name, so reads need no join, and a rename must rewrite every copy."""

    schema = NormalisedBlog.schema.replace(
        "title TEXT NOT NULL);", "title TEXT NOT NULL, author_name TEXT NOT NULL);").replace(
        "body TEXT NOT NULL);", "body TEXT NOT NULL, author_name TEXT NOT NULL);") + """
        CREATE INDEX posts_by_author ON posts (author_id);
    """

    def load(self, data: BlogData) -> None:
        self.db.executemany("INSERT INTO users VALUES (?, ?)", enumerate(data.names))
        self.db.executemany("INSERT INTO posts VALUES (?, ?, ?, ?)",
                            [(*post, data.names[post[1]]) for post in data.posts])
        self.db.executemany("INSERT INTO comments VALUES (?, ?, ?, ?, ?)",
                            [(*c, data.names[c[2]]) for c in data.comments])

    def read_post(self, post_id: int) -> Cost:
        cost = Cost()
        self.run(cost, "SELECT title, author_name FROM posts WHERE id = ?", (post_id,))
        self.run(cost, "SELECT body, author_name FROM comments WHERE post_id = ? ORDER BY id",
                 (post_id,))
        return cost

    def add_comment(self, post_id: int, user_id: int, body: str) -> Cost:
        cost = Cost()
        with self.db:
            (name,), = self.run(cost, "SELECT name FROM users WHERE id = ?", (user_id,))
            self.run(cost, "INSERT INTO comments (post_id, author_id, body, author_name) "
                           "VALUES (?, ?, ?, ?)", (post_id, user_id, body, name), write=True)
        return cost

    def rename_user(self, user_id: int, name: str, *, update_copies: bool = True) -> Cost:
        """Rename a user; with ``update_copies=False`` the copies are forgotten (a bug)."""
        cost = Cost()
        with self.db:  # one transaction: every copy changes, or none does
            self.run(cost, "UPDATE users SET name = ? WHERE id = ?", (name, user_id), write=True,
                     stored=1)
            if update_copies:
                self.run(cost, "UPDATE posts SET author_name = ? WHERE author_id = ?",
                         (name, user_id), write=True, stored=1)
                self.run(cost, "UPDATE comments SET author_name = ? WHERE author_id = ?",
                         (name, user_id), write=True, stored=1)
        return cost

    def names_shown(self, user_id: int) -> set[str]:
        """Every name the site shows for a user: the original and each copy."""
        rows = self.db.execute(
            "SELECT name FROM users WHERE id = ?1 UNION SELECT author_name FROM posts "
            "WHERE author_id = ?1 UNION SELECT author_name FROM comments WHERE author_id = ?1",
            (user_id,)).fetchall()
        return {name for (name,) in rows}


class EmbeddedBlog(_Store):
    """One JSON document per post, embedding its author and its comments (with names)."""

    schema = "CREATE TABLE posts (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);"

    def load(self, data: BlogData) -> None:
        docs = {post: {"title": title, "author": {"id": author, "name": data.names[author]},
                       "comments": []} for post, author, title in data.posts}
        for _, post, author, body in data.comments:
            docs[post]["comments"].append({"author": {"id": author, "name": data.names[author]},
                                           "body": body})
        self.db.executemany("INSERT INTO posts VALUES (?, ?)",
                            [(post, json.dumps(doc)) for post, doc in docs.items()])

    def read_post(self, post_id: int) -> Cost:
        cost = Cost()
        self.run(cost, "SELECT doc FROM posts WHERE id = ?", (post_id,))
        return cost

    def add_comment(self, post_id: int, user_id: int, body: str) -> Cost:
        """Read the document, append the comment, write the whole document back."""
        cost = Cost()
        with self.db:
            (text,), = self.run(cost, "SELECT doc FROM posts WHERE id = ?", (post_id,))
            doc = json.loads(text)
            doc["comments"].append({"author": {"id": user_id, "name": self.data.names[user_id]},
                                    "body": body})
            self.run(cost, "UPDATE posts SET doc = ? WHERE id = ?", (json.dumps(doc), post_id),
                     write=True, stored=1)
        return cost

    def rename_user(self, user_id: int, name: str) -> Cost:
        """Every document that shows the user must be found (a scan) and rewritten."""
        cost = Cost()
        with self.db:
            rows = self.run(cost, "SELECT id, doc FROM posts WHERE EXISTS (SELECT 1 FROM "
                                  "json_tree(posts.doc) WHERE key = 'id' AND value = ? AND "
                                  "path LIKE '%author')", (user_id,))
            for post_id, text in rows:
                doc = json.loads(text)
                for person in [doc["author"]] + [c["author"] for c in doc["comments"]]:
                    if person["id"] == user_id:
                        person["name"] = name
                self.run(cost, "UPDATE posts SET doc = ? WHERE id = ?",
                         (json.dumps(doc), post_id), write=True, stored=1)
        return cost

    def comments_by(self, user_id: int) -> Cost:
        """No index reaches inside the documents: scan every post's comment list."""
        cost = Cost()
        self.run(cost, "SELECT posts.id, c.value ->> '$.body' FROM posts, json_each(posts.doc, "
                       "'$.comments') AS c WHERE c.value ->> '$.author.id' = ?", (user_id,))
        return cost


STORES = {"normalised": NormalisedBlog, "denormalised": DenormalisedBlog,
          "embedded": EmbeddedBlog}


def compare_schemas(post_id: int = 0, user_id: int = 0, **options) -> pd.DataFrame:
    """Run the same four operations on each schema (fresh databases, same seeded data).

    One row per (operation, schema): statements, rows returned, rows written, bytes written
    and whether SQLite scanned a whole table.
    """
    rows = []
    for schema, store in STORES.items():
        blog = store.sample(**options)
        operations = {
            "read a post with its comments": lambda b=blog: b.read_post(post_id),
            "add a comment": lambda b=blog: b.add_comment(post_id, user_id, "nice post!"),
            "rename a user": lambda b=blog: b.rename_user(user_id, "a new name"),
            "list a user's comments": lambda b=blog: b.comments_by(user_id),
        }
        for operation, run in operations.items():
            cost = run()
            rows.append({"operation": operation, "schema": schema,
                         "statements": cost.statements, "rows returned": cost.rows_returned,
                         "rows written": cost.rows_written, "bytes written": cost.bytes_written,
                         "full scan": any(step.startswith("SCAN") for step in cost.plan)})
    return pd.DataFrame(rows).set_index(["operation", "schema"])
