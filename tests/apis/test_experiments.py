"""Scenarios and panel computes: the numbers the notebook prints, checked."""

import pytest

from sysdesign.apis import experiments, plots
from sysdesign.core import style


def test_side_by_side_and_repeat_effects():
    table = experiments.side_by_side()
    assert len(table) == 9 and (table["RPC status"] == 200).all()
    repeats = experiments.repeat_effects()
    assert repeats.loc["PUT /items/456", "state after 2 = after 1"]
    assert repeats.loc["DELETE /items/456", "state after 2 = after 1"]
    assert repeats.loc["DELETE /items/456", "2nd status"] == 404  # same effect, new answer
    assert not repeats.loc["POST /persons/1234/items", "state after 2 = after 1"]


def test_pagination_table():
    table = experiments.pagination_table(inserts=2)
    assert table.loc["offset", "rows shown twice"] == 6
    assert table.loc["cursor", "rows shown twice"] == 0


def test_size_table_ratios():
    table = experiments.size_table(100)
    assert table.loc["JSON", "raw vs JSON"] == 1.0
    assert table.loc["Protobuf", "raw vs JSON"] < 0.5


def test_fetch_table():
    table = experiments.fetch_table()
    assert table.loc["HTTP requests", "GraphQL"] == 1
    assert table.loc["database queries", "GraphQL + loader"] == 4
    assert table.loc["database queries", "GraphQL"] == 2 + 5 + 15


def test_n_plus_one_grows_linearly_without_the_loader():
    result = experiments.n_plus_one(10, 3)
    assert result.without == [2 + p + 3 * p for p in result.posts]
    assert set(result.with_loader[1:]) == {4}


@pytest.mark.parametrize("scenario", list(experiments.SCENARIOS))
def test_scenarios_charge_as_described(scenario):
    without = experiments.scenario_run(scenario, False).charges_per_payment[0]
    with_key = experiments.scenario_run(scenario, True).charges_per_payment[0]
    if scenario == "request lost":
        assert (without, with_key) == (1, 1)
    elif scenario == "retry after the key expired":
        assert (without, with_key) == (2, 2)
    else:
        assert (without, with_key) == (2, 1)


def test_retry_timeline_clamps_its_step():
    shown = experiments.retry_timeline(step=99, scenario="request lost", use_keys=True)
    assert shown.step == len(shown.run.notes) - 1


def test_retries_trade_off():
    result = experiments.retries()
    assert result.with_keys.double_charged <= result.without.double_charged
    assert result.double_by_retention == sorted(result.double_by_retention, reverse=True)
    assert result.keys_by_retention == sorted(result.keys_by_retention)
    assert result.double_by_retention[-1] == 0


def test_figures_have_alt_text():
    figures = [plots.payload_view(experiments.payload(50)),
               plots.n_plus_one_chart(experiments.n_plus_one(5, 2)),
               plots.retry_timeline_view(experiments.retry_timeline()),
               plots.retries_view(experiments.retries())]
    assert all(len(fig.alt_text.split()) > 10 for fig in figures)


def test_the_reused_retries_figure_draws_like_a_fresh_one():
    for values in ({"loss": 0.4, "duplicate": 0.2, "retries": 0, "retention": 10.0}, {}):
        result = experiments.retries(**values)
        retention = values.get("retention", 1000.0)
        reused = style.png_bytes(plots.retries_view(result, retention=retention))
        plots._RETRIES_FIGURES.clear()
        fresh = style.png_bytes(plots.retries_view(result, retention=retention))
        assert reused == fresh


def test_status_table():
    table = experiments.status_table()
    assert table.loc["RPC", "status contradicts the body"] == 2
    assert table.loc["REST", "status contradicts the body"] == 0


def test_retry_summary_shows_payments_given_up_yet_charged():
    table = experiments.retry_summary()
    assert table.loc["double-charged payments", "idempotency key"] == 0
    assert table.loc["double-charged payments", "no key"] > 0
    given_up = table.loc["given up on, yet charged", "no key"]
    assert given_up == 200 - table.loc["confirmed to the client", "no key"] > 0


def test_three_styles_side_by_side():
    table = experiments.three_styles()
    received = table.loc["bytes received"]
    assert received["gRPC"] < received["GraphQL + loader"] < received["REST"]
    assert (table.loc["round trips", ["GraphQL + loader", "gRPC"]] == 1).all()
    assert table.loc["HTTP requests", "REST"] == experiments.fetch_table().loc[
        "HTTP requests", "REST"]


def test_timeline_alt_text_counts_only_what_is_drawn():
    run = experiments.scenario_run("response lost", False)
    first_charge = next(i for i, (_, who, what) in enumerate(run.notes)
                        if who == "server" and what.startswith("charge"))
    early = plots.retry_timeline_view(experiments.retry_timeline(
        step=first_charge, scenario="response lost", use_keys=False)).alt_text
    # the response leaves (and is lost) at 20 ms too, so it is drawn
    assert "shown up to 20 ms: 2 messages, 1 lost; the client sends 1 attempt and the " \
           "server charges the card 1 time (2 at the end)" in early
    last = plots.retry_timeline_view(experiments.retry_timeline(
        scenario="response lost", use_keys=False)).alt_text
    assert "4 messages, 1 lost; the client sends 2 attempts and the server charges the " \
           "card 2 times (2 at the end)" in last


def test_size_table_needs_a_record_to_divide_by():
    with pytest.raises(ValueError, match="n must be an integer"):
        experiments.size_table(0)
