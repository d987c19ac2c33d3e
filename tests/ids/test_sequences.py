"""Counters in real SQLite: per shard, offset and step (MySQL's rule), ticket servers."""

import pytest

from sysdesign.ids import CountingShard, TicketServer
from sysdesign.ids.experiments import ticket_servers


def test_independent_shard_counters_repeat():
    shards = [CountingShard() for _ in range(3)]
    made = [shard.insert("bob") for shard in shards for _ in range(4)]
    assert made == [1, 2, 3, 4] * 3


@pytest.mark.parametrize("step", [2, 3, 7])
def test_offset_and_step_follow_mysqls_series_and_never_repeat(step):
    shards = [CountingShard(offset=k, step=step) for k in range(1, step + 1)]
    made = {k: [shard.insert("x") for _ in range(5)] for k, shard in enumerate(shards, 1)}
    for offset, values in made.items():  # auto_increment_offset + N * auto_increment_increment
        assert values == [offset + n * step for n in range(5)]
    everything = [v for values in made.values() for v in values]
    assert len(set(everything)) == len(everything)
    assert all(shard.rows() == 5 for shard in shards)


def test_ticket_server_keeps_one_row_per_stub():
    server = TicketServer(offset=2, step=2)
    tickets = [server.ticket() for _ in range(50)]
    assert tickets == list(range(2, 102, 2))
    assert server.rows() == 1  # REPLACE deleted each old row
    assert server.ticket("b") == 102 and server.rows() == 2  # one series, two stubs


def test_two_ticket_servers_drift_out_of_time_order_after_an_outage():
    steady = ticket_servers(requests=40, outage=(0, 0))
    assert not steady["sorts early"].any()
    assert steady["ticket"].tolist() == list(range(1, 41))
    drifted = ticket_servers(requests=40, outage=(12, 26))
    assert drifted["ticket"].is_unique
    early = drifted[drifted["sorts early"]]
    # Only server 2's tickets after the outage can sort before older ones, and all of
    # them do: while it was down, server 1 handed out 14 tickets more than it.
    after = drifted[(drifted["request"] >= 26) & (drifted["server"] == 2)]
    assert early.index.tolist() == after.index.tolist() and len(early) == 7


@pytest.mark.parametrize("call, error, names", [
    (lambda: CountingShard(offset=0, step=2), ValueError, "offset"),
    (lambda: CountingShard(offset=3, step=2), ValueError, "offset"),
    (lambda: TicketServer(step=0), ValueError, "step"),
    (lambda: TicketServer(step=1.5), TypeError, "step"),
    (lambda: ticket_servers(requests=0), ValueError, "requests"),
])
def test_bad_input_raises_naming_what_is_wrong(call, error, names):
    with pytest.raises(error, match=names):
        call()
