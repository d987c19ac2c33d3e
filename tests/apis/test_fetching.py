"""REST calls against one GraphQL query executed by graphql-core, with and without a loader."""

import asyncio

import pytest
from graphql import graphql_sync, parse, validate
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.apis import (
    SCHEMA,
    SCREEN_QUERY,
    Database,
    DataLoader,
    expected_queries,
    fetch_graphql,
    fetch_grpc,
    fetch_rest,
    run_graphql,
)


def test_the_query_is_valid_against_the_schema():
    assert validate(SCHEMA, parse(SCREEN_QUERY)) == []
    bad = validate(SCHEMA, parse("{ user(id: 1) { password } }"))
    assert bad and "password" in str(bad[0])


def test_rest_and_graphql_give_the_same_screen():
    rest = fetch_rest(Database())
    for batching in (False, True):
        assert fetch_graphql(Database(), batching=batching).screen == rest.screen


def test_rest_over_fetches_and_needs_many_round_trips():
    db = Database(posts=5, comments=3)
    rest = fetch_rest(db)
    authors = {c["author_id"] for c in db.comments.values()}
    assert len(rest.requests) == 2 + 5 + len(authors)
    assert rest.round_trips == 3
    assert rest.response_bytes > 5 * rest.needed_bytes
    graph = fetch_graphql(Database(posts=5, comments=3))
    assert graph.round_trips == 1 and graph.response_bytes < rest.response_bytes


@given(posts=st.integers(0, 8), comments=st.integers(0, 4), users=st.integers(1, 12))
def test_query_counts_match_the_closed_form(posts, comments, users):
    db = Database(users=users, posts=posts, comments=comments)
    authors = len({c["author_id"] for c in db.comments.values()})
    naive = run_graphql(Database(users=users, posts=posts, comments=comments), batching=False)
    batched = run_graphql(db, batching=True)
    assert naive.errors == [] and batched.errors == []
    assert naive.data == batched.data
    assert naive.total_queries == expected_queries(posts, comments, authors, batching=False)
    assert batched.total_queries == expected_queries(posts, comments, authors, batching=True)
    # the resolvers run the same number of times either way: batching changes the queries
    assert naive.resolver_calls == batched.resolver_calls
    assert naive.resolver_calls["author"] == posts * comments


def test_sync_execution_agrees_with_async_without_a_loader():
    from sysdesign.apis.fetching import Context

    db = Database()
    result = graphql_sync(SCHEMA, SCREEN_QUERY, context_value=Context(db, batching=False),
                          variable_values={"id": 1})
    assert result.errors is None
    assert result.data == run_graphql(Database(), batching=True).data


def test_dataloader_batches_one_tick_and_caches():
    calls = []

    def batch(keys):
        calls.append(list(keys))
        return [k * 10 for k in keys]

    async def main():
        loader = DataLoader(batch)
        first = await asyncio.gather(*(loader.load(k) for k in (1, 2, 2, 3)))
        again = await loader.load(2)
        later = await loader.load(4)
        return first, again, later

    assert asyncio.run(main()) == ([10, 20, 20, 30], 20, 40)
    assert calls == [[1, 2, 3], [4]]


def test_database_rejects_bad_sizes():
    with pytest.raises(ValueError, match="users"):
        Database(users=0)


def test_runs_inside_a_running_event_loop_as_in_jupyter():
    async def inside():
        return run_graphql(Database(), batching=True).total_queries

    assert asyncio.run(inside()) == 4


@given(posts=st.integers(0, 6), comments=st.integers(0, 4), users=st.integers(1, 12))
def test_grpc_gives_the_same_screen_in_one_call(posts, comments, users):
    from sysdesign.apis.fetching import screen_classes

    def db():
        return Database(users=users, posts=posts, comments=comments)

    grpc, rest = fetch_grpc(db()), fetch_rest(db())
    assert grpc.screen == rest.screen == fetch_graphql(db()).screen
    authors = len({c["author_id"] for c in db().comments.values()})
    assert grpc.db_queries == expected_queries(posts, comments, authors, batching=True)
    assert grpc.round_trips == 1 and len(grpc.requests) == 1
    # the body is one length-prefixed message: 5 bytes, then exactly the Screen's bytes,
    # here rebuilt from the REST client's screen
    from google.protobuf import json_format
    user = rest.screen["user"]
    expected = json_format.ParseDict({"name": user["name"], "posts": user["posts"]},
                                     screen_classes()["Screen"]())
    assert grpc.response_bytes == 5 + expected.ByteSize()


def test_grpc_framing_round_trip_and_errors():
    from sysdesign.apis.fetching import grpc_frame, screen_classes, screen_from_grpc

    classes = screen_classes()
    message = classes["Screen"](name="Ann", posts=[classes["Post"](title="Hi")])
    framed = grpc_frame(message.SerializeToString())
    assert framed[0] == 0 and int.from_bytes(framed[1:5], "big") == message.ByteSize()
    assert screen_from_grpc(framed) == {"user": {"name": "Ann", "posts": [
        {"title": "Hi", "comments": []}]}}
    with pytest.raises(ValueError, match="data"):
        screen_from_grpc(framed[:-1])
