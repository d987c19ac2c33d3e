"""The notebook's tables, the panels' figures and the exercises' answers."""

from __future__ import annotations

import pytest

from sysdesign.core.exercises import evaluate, exercise
from sysdesign.core.style import CourseFigure
from sysdesign.dns import experiments, plots
from sysdesign.dns.exercises import EXERCISES, MOVE_OPTIONS


def test_negative_caching_cuts_queries_to_authoritative_servers():
    table = experiments.negative_caching()
    on, off = table.loc["on"], table.loc["off"]
    assert on["lookups"] == off["lookups"] and on["NXDOMAIN answers"] == off["NXDOMAIN answers"]
    assert on["queries to authoritative servers"] < off["queries to authoritative servers"]
    assert on["mean latency of NXDOMAIN (ms)"] < off["mean latency of NXDOMAIN (ms)"]


def test_compression_saves_bytes_in_every_response():
    table = experiments.compression_savings()
    assert (table["bytes"] < table["bytes without compression"]).all()


def test_the_wire_table_covers_every_byte():
    table = experiments.wire_table("www_a")
    assert table["bytes"].str.replace(" ", "").str.len().sum() // 2 == 118
    assert table["meaning"].str.startswith("pointer").sum() == 5  # the five answer owners


def test_the_records_table_has_every_type_the_lesson_names():
    assert set(experiments.records_table()["type"]) == {"A", "AAAA", "CNAME", "MX", "NS",
                                                        "TXT", "SOA"}


@pytest.mark.parametrize("view, model, kwargs", [
    (plots.lookups_view, experiments.lookups, {"ttl_s": 60.0, "alpha": 0.5}),
    (plots.migration_view, experiments.migration, {"old_ttl_s": 3600.0, "new_ttl_s": 60.0,
                                                   "lead_s": 0.0}),
    (plots.traffic_view, experiments.traffic, {"policy": "latency", "ttl_s": 0.0}),
    (plots.cold_lookup_view, experiments.cold_lookup, {"warm": "TLD known", "at_ms": 40}),
])
def test_views_draw_figures_with_alt_text(view, model, kwargs):
    shown = view(model(**kwargs), **kwargs)
    figure = shown[0] if isinstance(shown, list) else shown
    assert isinstance(figure, CourseFigure) and len(figure.alt_text.split()) > 10


def test_single_name_figure():
    fig = plots.single_name(experiments.single_name_table())
    assert "λT/(1+λT)" in fig.alt_text


def test_exercises_accept_the_solutions_and_hint_at_known_mistakes():
    assert {e.id for e in EXERCISES} == {"04.1", "04.2", "04.3"}
    assert any(e.decide for e in EXERCISES)
    assert evaluate("04.1", 1 / 7).status == "correct"
    assert evaluate("04.1", 1 / 6).status == "wrong"
    assert evaluate("04.2", exercise("04.2").answer()).status == "correct"
    assert 0.8 < exercise("04.2").answer() < 0.95
    assert evaluate("04.2", 0.0).status == "wrong"
    assert evaluate("04.3", MOVE_OPTIONS[1]).status == "correct"
    assert evaluate("04.3", MOVE_OPTIONS[0]).status == "wrong"


def test_bytes_without_compression_equal_what_each_compressed_name_saved(monkeypatch):
    """Independent of the size formula: every name our parser reads (owners, and names
    inside CNAME, NS, MX and SOA data) takes (end - start) bytes in the message but
    len(encode_name(name)) written in full; the differences add up to the saving."""
    from sysdesign.dns import wire, zone

    table = experiments.compression_savings().set_index("query")
    read_name = wire.read_name
    for stem, qname, qtype, _ in zone.QUERIES:
        raw = zone.shipped(stem)
        saved = []

        def counting(data, offset, _saved=saved):
            name, end = read_name(data, offset)
            _saved.append(len(wire.encode_name(name)) - (end - offset))
            return name, end

        monkeypatch.setattr(wire, "read_name", counting)
        wire.parse(raw)
        monkeypatch.setattr(wire, "read_name", read_name)
        row = table.loc[f"{qname} {qtype}"]
        assert row["bytes"] == len(raw) and sum(saved) > 0
        assert row["bytes without compression"] - row["bytes"] == sum(saved)


def test_traffic_table_matches_the_model_runs():
    table = experiments.traffic_table().set_index(["answers", "TTL (s)"])
    latency, rr = experiments.traffic("latency", 300.0), experiments.traffic("round robin")
    assert table.loc[("latency", 300), "mean round trip (ms)"] == round(latency.mean_rtt_ms)
    assert table.loc[("round robin", 300), "mean round trip (ms)"] == round(rr.mean_rtt_ms)
    assert round(latency.mean_rtt_ms) < round(rr.mean_rtt_ms) / 4
    assert table.loc[("round robin", 0), "one-minute shares, any server"] == "33% to 33%"
    weighted = experiments.traffic("weighted", 300.0)
    assert abs(weighted.shares[0] - 0.5) > 0.05  # misses 2 : 1 : 1 over the hour
    assert latency.shares.max() > 0.5  # most requests on one server


def test_latency_answers_load_europe_because_the_two_biggest_resolvers_are_there():
    """The prose explains the 63 % on eu-west by where the biggest resolvers are. Rebuild the
    run's resolvers (sizes, then regions, from the seed as ``split`` draws them) and check
    that the rebuild is the model's own: Europe's users are exactly the share eu-west got."""
    import numpy as np

    from sysdesign.core.workloads import zipf_probabilities
    from sysdesign.dns import traffic

    run = experiments.traffic("latency", 300.0)
    rng = np.random.default_rng(0)
    sizes = zipf_probabilities(20, 1.0)[rng.permutation(20)]
    region = rng.choice(len(traffic.REGIONS), 20, p=traffic.REGION_SHARE)
    assert np.allclose(sizes, run.resolver_sizes)
    europe = traffic.REGIONS.index("Europe")
    assert sizes[region == europe].sum() == pytest.approx(run.shares[1])
    assert run.shares.argmax() == 1 and run.shares[1] > 0.6
    assert all(region[np.argsort(-sizes)[:2]] == europe)
