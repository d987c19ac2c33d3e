"""Routing with a versioned shard map: stale routers refresh once; round trips add up."""

import pytest

from sysdesign.sharding import AnyNode, ConfigService, LogicalShards, SmartClient
from sysdesign.sharding.routing import mean_round_trips


def cluster():
    return ConfigService(LogicalShards(8, ["a", "b"]))


def test_a_fresh_client_goes_straight_to_the_owner():
    config = cluster()
    client = SmartClient(config)
    trips = [client.request(k) for k in range(50)]
    assert all(t.round_trips == 1 and t.asked == t.served_by and not t.refreshed for t in trips)
    assert config.reads == 1 and client.refreshes == 0


def test_a_move_bumps_the_version_and_a_stale_client_refreshes_once():
    config = cluster()
    client = SmartClient(config)
    assert config.version == 1
    move = config.move(0, "b")
    assert (move.source, move.target, config.version) == ("a", "b", 2)
    key = next(k for k in range(100) if config.shards.logical_for(k) == 0)
    trip = client.request(key)
    assert (trip.asked, trip.served_by, trip.round_trips, trip.refreshed) == ("a", "b", 3, True)
    assert client.map.version == 2 and config.reads == 2
    assert client.request(key).round_trips == 1  # the new map is cached now


def test_a_routing_tier_adds_a_hop_and_any_node_forwards_most_requests():
    config = cluster()
    assert mean_round_trips(SmartClient(config, tier=True), range(100)) == 2
    config = ConfigService(LogicalShards(64, 8))
    trips = mean_round_trips(AnyNode(config, seed=3), range(20_000))
    assert trips == pytest.approx(2 - 1 / 8, abs=0.01)  # 1 trip when the entry owns the key


def test_add_server_publishes_one_version_per_move():
    config = ConfigService(LogicalShards(12, 3))
    moves = config.add_server("s3")
    assert config.version == 1 + len(moves) == 4


def test_rejects_bad_input():
    with pytest.raises(TypeError):
        ConfigService({"a": 1})
    with pytest.raises(TypeError):
        SmartClient("config")
    with pytest.raises(TypeError):
        AnyNode(None)
    with pytest.raises(ValueError):
        mean_round_trips(SmartClient(cluster()), [])
    with pytest.raises(TypeError):
        mean_round_trips("router", [1])
