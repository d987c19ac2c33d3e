"""Secondary indexes, local and global: same answers, different fan-out and write cost."""

import numpy as np
import pytest

from sysdesign.sharding import GlobalIndex, LocalIndex, index_costs, workload
from sysdesign.sharding.indexes import row_shard, term_shard

MSGS = workload("celebrity (1 user 1000x)", num_messages=8_000)


def build(n):
    local, glob = LocalIndex(n), GlobalIndex(n)
    for message, (user, when) in enumerate(zip(MSGS.user_id.tolist(), MSGS.timestamp.tolist(),
                                              strict=True)):
        assert local.write(message, user, when) == {row_shard(message, n)}
        touched = glob.write(message, user, when)
        assert touched == {row_shard(message, n), term_shard(user, n)}
    return local, glob


def test_both_indexes_return_each_users_latest_messages():
    local, glob = build(6)
    for user in np.unique(MSGS.user_id)[:200].tolist():
        rows = np.flatnonzero(MSGS.user_id == user)
        newest = rows[np.argsort(-MSGS.timestamp[rows], kind="stable")][:10].tolist()
        assert local.latest(user)[0] == newest == glob.latest(user)[0]
        assert local.latest(user)[1] == 6  # scatter/gather: every shard
        assert glob.latest(user, covering=True)[1] == 1
        assert 1 <= glob.latest(user)[1] <= 1 + min(10, len(rows))


def test_costs_follow_the_closed_forms():
    table = index_costs(MSGS, 8)
    assert table.loc["local (by document)", "shards per query"] == 8
    assert table.loc["global, covering", "shards per query"] == 1
    assert table.loc["local (by document)", "shards per write"] == 1
    # A write touches its row's shard and its user's index shard: the same one 1 time in 8.
    assert table.loc["global (by term)", "shards per write"] == pytest.approx(1 + 7 / 8, abs=0.02)
    # The global index puts every entry of the celebrity on one index shard.
    celebrity = float(np.mean(MSGS.user_id == 0))
    assert table.loc["global (by term)", "busiest shard's share of index writes"] >= celebrity
    assert table.loc["local (by document)", "busiest shard's share of index writes"] < 0.15


def test_rejects_bad_input():
    with pytest.raises(ValueError):
        LocalIndex(0)
    with pytest.raises(TypeError):
        GlobalIndex(2.5)
    with pytest.raises(ValueError):
        index_costs(MSGS, 4, k=0)
