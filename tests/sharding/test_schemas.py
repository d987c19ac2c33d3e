"""The blog in real SQLite three ways: same content, different costs, read off SQLite."""

import json

import pytest

from sysdesign.sharding.schemas import (
    STORES,
    DenormalisedBlog,
    EmbeddedBlog,
    NormalisedBlog,
    compare_schemas,
    sample_blog,
)

DATA = sample_blog(num_users=20, num_posts=60, seed=3)


def comments_of(blog, post):
    """The (author name, body) pairs shown under a post, whatever the schema."""
    if isinstance(blog, EmbeddedBlog):
        (text,), = blog.db.execute("SELECT doc FROM posts WHERE id = ?", (post,)).fetchall()
        return [(c["author"]["name"], c["body"]) for c in json.loads(text)["comments"]]
    return [(name, body) for body, name in blog.db.execute(
        "SELECT c.body, u.name FROM comments c JOIN users u ON u.id = c.author_id "
        "WHERE c.post_id = ? ORDER BY c.id", (post,))]


def test_every_schema_stores_the_same_blog():
    stores = [store(DATA) for store in STORES.values()]
    for post in range(60):
        shown = [comments_of(blog, post) for blog in stores]
        assert shown[0] == shown[1] == shown[2]


def test_reads_the_denormalised_and_embedded_way_skip_the_join():
    post = 5
    comments = sum(1 for c in DATA.comments if c[1] == post)
    normal = NormalisedBlog(DATA).read_post(post)
    assert normal.statements == 2 and any("SEARCH u" in step for step in normal.plan)
    copied = DenormalisedBlog(DATA).read_post(post)
    assert not any("users" in step or "SEARCH u" in step for step in copied.plan)
    embedded = EmbeddedBlog(DATA).read_post(post)
    assert (embedded.statements, embedded.rows_returned) == (1, 1)
    assert copied.rows_returned == normal.rows_returned == 1 + comments


def test_a_rename_writes_once_normalised_and_once_per_copy_otherwise():
    user = 4
    posts = sum(1 for _, author, _ in DATA.posts if author == user)
    comments = sum(1 for c in DATA.comments if c[2] == user)
    documents = len({p for p, author, _ in DATA.posts if author == user}
                    | {c[1] for c in DATA.comments if c[2] == user})
    assert NormalisedBlog(DATA).rename_user(user, "new").rows_written == 1
    assert DenormalisedBlog(DATA).rename_user(user, "new").rows_written == 1 + posts + comments
    embedded = EmbeddedBlog(DATA).rename_user(user, "new")
    assert embedded.rows_written == documents
    assert any(step.startswith("SCAN posts") for step in embedded.plan)


def test_a_forgotten_copy_shows_two_names_for_one_user():
    blog = DenormalisedBlog(DATA)
    blog.rename_user(4, "Ada", update_copies=False)
    assert blog.names_shown(4) == {"Ada", "user 4"}
    blog.rename_user(4, "Ada")
    assert blog.names_shown(4) == {"Ada"}


def test_adding_a_comment_rewrites_the_whole_document_when_embedded():
    embedded = EmbeddedBlog(DATA)
    cost = embedded.add_comment(7, 2, "hello")
    (text,), = embedded.db.execute("SELECT doc FROM posts WHERE id = 7").fetchall()
    assert cost.bytes_written == len(text.encode())  # the whole document; the id is only matched
    assert NormalisedBlog(DATA).add_comment(7, 2, "hello").bytes_written == 8 + 8 + 5


def test_a_rename_writes_the_new_name_once_per_row_it_changes():
    user, name = 4, "Ada L."
    copies = (sum(1 for _, author, _ in DATA.posts if author == user)
              + sum(1 for c in DATA.comments if c[2] == user))
    assert copies > 1
    assert NormalisedBlog(DATA).rename_user(user, name).bytes_written == len(name)
    assert DenormalisedBlog(DATA).rename_user(user, name).bytes_written == len(name) * (1 + copies)


def test_only_the_embedded_store_scans_to_list_a_users_comments():
    normal = NormalisedBlog(DATA).comments_by(4)
    assert normal.plan == ["SEARCH comments USING INDEX comments_by_author (author_id=?)"]
    embedded = EmbeddedBlog(DATA).comments_by(4)
    assert embedded.plan[0] == "SCAN posts"
    assert embedded.rows_returned == normal.rows_returned == sum(1 for c in DATA.comments
                                                                 if c[2] == 4)


def test_compare_schemas_table():
    table = compare_schemas(post_id=0, user_id=0, num_users=10, num_posts=30)
    assert table.loc[("rename a user", "normalised"), "rows written"] == 1
    assert table.loc[("list a user's comments", "embedded"), "full scan"]
    assert not table.loc[("list a user's comments", "normalised"), "full scan"]
    with pytest.raises(ValueError):
        sample_blog(num_users=0)
