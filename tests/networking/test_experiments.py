"""The scenarios the notebook prints: numbers a reader sees, derived here."""

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sysdesign.networking import exercises, experiments, http2, pageload, transport
from sysdesign.networking.experiments import (
    BASES,
    MAP_CELLS,
    STEP_MESSAGES,
    address_map,
    tcp_steps,
)


@given(st.sampled_from(BASES), st.integers(8, 30), st.integers(8, 32))
def test_address_map_matches_ipaddress(base, prefix, new_prefix):
    result = address_map(base, prefix, new_prefix)
    network = ipaddress.ip_network(f"{base}/{prefix}", strict=False)
    assert str(result.block) == str(network)
    assert result.clamped == (new_prefix < prefix)
    assert result.count == 2 ** (max(new_prefix, prefix) - prefix)
    assert len(result.shown) == min(result.count, MAP_CELLS)
    assert result.shown[0].first == int(network.network_address)
    assert result.shown[-1].last == int(network.broadcast_address)
    assert result.private == next((b for b in ("10.0.0.0/8", "172.16.0.0/12",
                                               "192.168.0.0/16")
                                   if network.subnet_of(ipaddress.ip_network(b))), None)


def test_address_map_default_is_sixteen_private_slash_20s():
    result = address_map()
    assert (str(result.block), result.count, result.usable_each) == ("10.0.0.0/16", 16, 4094)
    assert result.private == "10.0.0.0/8"
    assert address_map("203.0.113.0", 24, 26).private is None


def test_subnet_table_shows_first_rows_and_the_last():
    table = experiments.subnet_table("10.0.0.0/16", 24)
    assert list(table.index) == [0, 1, 2, 3, 255]
    assert table.loc[255, "subnet"] == "10.0.255.0/24"
    assert set(table["usable hosts"]) == {254}


def test_packet_tables_cover_every_field_and_layer():
    fields = experiments.packet_fields()
    assert len(fields) == len(experiments.shipped_packet().spans) == 28
    assert "valid" in fields.set_index("field").loc["header checksum", "value"]
    layers = experiments.layers_table()
    assert list(layers["header"]) == ["Ethernet", "IPv4", "TCP", "HTTP"]
    assert list(layers["bytes"]) == [14, 20, 32, 78] and sum(layers["bytes"]) == 144
    assert list(layers["OSI layer"].str[0]) == ["2", "3", "4", "5"]


def test_hpack_tables_printed_in_the_notebook():
    savings = experiments.hpack_savings()
    assert list(savings["HTTP/1.1 header bytes"]) == [329, 325]
    assert list(savings["HPACK bytes"]) == [183, 16]
    frames = experiments.h2_frames()
    assert list(frames["length"]) == [42, 183, 16] and list(frames["stream"]) == [0, 1, 3]
    blocks = experiments.hpack_blocks()
    assert blocks.iloc[3]["request 1: sent as"] == "index 5 (static)"  # :path /index.html
    assert sum(blocks["bytes "]) == 16


def test_transport_numbers_in_the_prose():
    tcp, udp = experiments.message_delays("tcp"), experiments.message_delays("udp")
    assert (tcp.lost, udp.lost, udp.messages - udp.lost) == (0, 10, 490)
    assert max(udp.delays) == min(udp.delays) == 50.0  # one one-way trip
    assert max(tcp.delays) == 270.0 and min(tcp.delays) == 50.0
    assert sum(d == 50.0 for d in tcp.delays) == 377  # "three in four just as fast"
    assert (tcp.on_time(150), udp.on_time(150)) == (463, 490)
    sweep = experiments.goodput_vs_loss()
    assert all(0.6 < p.ratio < 1.3 for p in sweep)  # near Mathis, below C = 1.22 at the ends
    # "C between 0.72 and 1.07 ... none at 0.5 % and 1 %, two at 2 % and 26 at 5 %"
    assert [f"{p.ratio:.2f}" for p in sweep] == ["0.97", "1.07", "0.97", "0.72"]
    assert [p.timeouts for p in sweep] == [0, 0, 2, 26]
    assert all(a.simulated > b.simulated for a, b in zip(sweep, sweep[1:], strict=False))


def test_tcp_vs_udp_panel_model():
    run = experiments.tcp_vs_udp()
    assert run.tcp == experiments.message_delays("tcp")  # the notebook's stream at defaults
    assert run.bulk[0].loss == 0.02 and run.bulk[0].predicted == pytest.approx(
        transport.mathis_throughput(0.02))
    # When TCP's loss-limited goodput is below the stream's rate, the backlog grows:
    slow = experiments.tcp_vs_udp(0.08, 300.0)
    assert slow.bulk[0].simulated < 1460 / 0.040  # less than one message per 40 ms
    assert max(slow.tcp.delays) > 10_000 and max(slow.udp.delays) == 150.0
    fast = experiments.tcp_vs_udp(0.005, 20.0)
    assert fast.bulk[0].simulated > 1460 / 0.040 and max(fast.tcp.delays) < 500


def test_mathis_curve_is_the_formula():
    assert experiments.mathis_curve([0.01])[0] == pytest.approx(
        1460 / 0.1 * (1.5 ** 0.5) / 0.1)


def test_step_through_story():
    whole = tcp_steps()
    assert whole.delivered == STEP_MESSAGES and whole.duration == 850.0
    assert whole.counters["lost"] == 3 and whole.counters["retransmitted"] == 4
    lost = [a.label for a in whole.arrows if a.lost]
    assert lost == ["#7", "#8", "#7"]
    assert [n[1] for n in whole.notes] == ["(timer expired)", "#9 #10 #11 wait: a gap before"]
    early = tcp_steps(575)
    assert early.delivered == 7 and early.cwnd == 2.5
    assert tcp_steps(0).delivered == 0 and tcp_steps(0).cwnd == 1.0
    udp = tcp_steps(protocol="UDP")
    assert not any(a.kind == "retransmit" for a in udp.arrows) and udp.cwnd == 0.0


@given(st.sampled_from(experiments.STEP_LOSSES), st.integers(0, 9),
       st.sampled_from(["TCP", "UDP"]))
def test_step_arrows_are_consistent(loss, seed, protocol):
    steps = tcp_steps(loss=loss, seed=seed, protocol=protocol)
    data = [a for a in steps.arrows if a.kind in ("data", "retransmit")]
    assert sum(a.lost for a in data) == steps.counters.get("lost", 0)  # SYNs counted apart
    assert all(a.end - a.start == 50.0 for a in steps.arrows)
    assert {a.label for a in data if a.kind == "data"} <= {f"#{i}" for i in range(12)}


def test_waterfall_and_flows_use_the_models():
    fall = experiments.waterfall()
    assert list(fall.loads) == list(pageload.PROTOCOLS)
    times = [load.page_load_time for load in fall.loads.values()]
    assert times == sorted(times, reverse=True)  # 1.1 slowest, 3 fastest at these defaults
    summary = experiments.waterfall_table(fall).set_index("protocol")
    assert list(summary["page loaded (ms)"]) == [1006, 664, 564]
    loaded = summary["page loaded (ms)"]
    assert loaded["HTTP/2"] - loaded["HTTP/3"] == 100  # the round trip HTTP/3 saves
    assert (summary.loc["HTTP/2", "average file done (ms)"]
            - summary.loc["HTTP/3", "average file done (ms)"]) == 157
    assert summary.loc["HTTP/3", "held back in buffers (packet-ms)"] < (
        summary.loc["HTTP/2", "held back in buffers (packet-ms)"] / 10)
    assert list(summary["connections"]) == [6, 1, 1]
    # Of those 157 ms, one round trip is the handshake: with the connection already open
    # the page finishes at the same moment and only head-of-line blocking is left (57 ms).
    opened = experiments.open_connections_table().set_index("protocol")
    assert opened.loc["HTTP/2", "page loaded (ms)"] == opened.loc["HTTP/3", "page loaded (ms)"]
    hol = (opened.loc["HTTP/2", "average file done (ms)"]
           - opened.loc["HTTP/3", "average file done (ms)"])
    assert hol == 57 and 157 - hol == 100
    assert list(opened["held back in buffers (packet-ms)"]) == list(
        summary["held back in buffers (packet-ms)"][1:])
    table = experiments.flow_table()
    assert list(table["done (ms)"]) == [540, 440, 340, 240]
    assert list(table["round trips before the request"]) == [3, 2, 1, 0]


def test_exercise_answers():
    answers = {e.id: e.answer() for e in exercises.EXERCISES}
    assert answers["02.1"] == "/23" and answers["02.2"] == "TCP"
    assert answers["02.3"] == pytest.approx(0.04)
    assert transport.mathis_throughput(answers["02.3"]) == pytest.approx(
        transport.mathis_throughput(0.01) / 2)


def test_exercise_02_2_numbers_and_its_answer_is_not_the_figures():
    """02.2 moves the figure's stream to a 10 ms path; its answer flips and is not a lucky seed."""
    assert exercises.CALL_RTT_MS == 10.0
    at_100 = [experiments.message_delays(p).on_time(150) for p in ("tcp", "udp")]
    assert at_100[0] < at_100[1]  # the figure: UDP wins at 100 ms
    tcp = experiments.message_delays("tcp", rtt=10.0)
    udp = experiments.message_delays("udp", rtt=10.0)
    assert (tcp.on_time(150), udp.on_time(150), udp.lost) == (498, 490, 10)  # the solution
    # a lost frame waits for three later frames (3 x 40 ms), then 1.5 round trips
    assert sorted(set(tcp.delays))[-3] == 3 * 40 + 1.5 * 10 == 135.0
    assert max(experiments.message_delays("tcp").delays) == 3 * 40 + 1.5 * 100 == 270.0
    assert sorted(tcp.delays)[-2:] == [165.0, 205.0]  # the two late: a timeout and the next
    for seed in range(8):  # TCP wins at every seed, with room to spare under the deadline
        ours = experiments.message_delays("tcp", rtt=10.0, seed=seed)
        theirs = experiments.message_delays("udp", rtt=10.0, seed=seed)
        assert ours.on_time(140) > theirs.on_time(150), seed


def test_transport_panel_default_is_the_single_run_the_prose_compares():
    """The notebook: the panel's bulk run at 2 %/100 ms gives C = 1.16, the sweep 0.97."""
    point = experiments.tcp_vs_udp().bulk[0]
    assert f"{point.ratio:.2f}" == "1.16" and round(point.simulated / 1000) == 119
    assert f"{experiments.goodput_vs_loss()[2].ratio:.2f}" == "0.97"


def test_http1_header_text_counts_as_the_table_says():
    assert len(http2.http1_request("/index.html")) == 329


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: address_map(prefix=33), ValueError, "prefix"),
    (lambda: address_map("10.0.0.300"), ValueError, "dotted"),
    (lambda: tcp_steps(protocol="SCTP"), ValueError, "protocol"),
    (lambda: tcp_steps(loss=1.0), ValueError, "loss"),
    (lambda: tcp_steps(time_ms=-1), ValueError, "time_ms"),
    (lambda: experiments.message_delays("quic"), ValueError, "protocol"),
    (lambda: experiments.subnet_table(rows=0), ValueError, "rows"),
    (lambda: experiments.tcp_vs_udp(loss=0), ValueError, "loss"),
    (lambda: experiments.tcp_vs_udp(rtt=-5), ValueError, "rtt"),
    (lambda: experiments.tcp_vs_udp(seed="a"), TypeError, "seed"),
])
def test_bad_input_names_the_parameter(call, error, words):
    with pytest.raises(error, match=words):
        call()
