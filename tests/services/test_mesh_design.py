import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.services import (
    PLANES,
    Checkout,
    CoupledCheckout,
    InMemoryOrders,
    Outbox,
    attempt_success,
    sidecar,
    success_rate,
)
from sysdesign.services.experiments import sidecar_grid


@pytest.mark.parametrize("retries, timeout", [(0, 50.0), (1, 100.0), (3, 30.0), (2, math.inf)])
def test_sidecar_simulation_matches_closed_form(retries, timeout):
    run = sidecar(retries=retries, timeout_ms=timeout, requests=40_000)
    p = success_rate(retries=retries, timeout_ms=timeout)
    sd = math.sqrt(p * (1 - p) / run["requests"])
    assert abs(run["success_rate"] - p) <= 4 * sd + 1e-9
    # attempts per request: sum over k of P(first k tries all fail) = geometric series
    q = attempt_success(timeout_ms=timeout)
    mean_attempts = sum((1 - q) ** k for k in range(retries + 1))
    assert run["attempts"] / run["requests"] == pytest.approx(mean_attempts, rel=0.02)


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 1), st.integers(0, 9), st.floats(1, 1000))
def test_more_retries_or_longer_timeouts_never_lower_success(p, r, t):
    assert success_rate(p, r + 1, t) >= success_rate(p, r, t) - 1e-12
    assert success_rate(p, r, 2 * t) >= success_rate(p, r, t) - 1e-12


def test_no_retries_one_attempt_each_and_the_grid_agrees():
    assert sidecar(retries=0, requests=100)["attempts"] == 100
    for (t, r), row in sidecar_grid().items():  # the notebook's table: 20,000 requests a row
        p = row["closed form"]
        assert abs(row["success"] - p) <= 4 * math.sqrt(p * (1 - p) / 20_000) + 1e-9, (t, r)


def test_more_retries_never_cost_less_in_the_notebook_table():
    # common random numbers: per request, another retry can only turn a failure into a
    # success, add an attempt and add time, so every column grows with retries
    grid = sidecar_grid()
    for t in (50.0, 100.0, 400.0):
        rows = [grid[(t, r)] for r in (0, 1, 2, 3)]
        for column in ("success", "attempts/request", "p99 ms"):
            values = [row[column] for row in rows]
            assert values == sorted(values), (t, column, values)
        assert rows[3]["attempts/request"] > rows[0]["attempts/request"]


def test_three_planes_named():
    assert set(PLANES) == {"data plane", "control plane", "management plane"}


def test_checkout_runs_with_fakes_and_the_coupled_one_cannot():
    orders, outbox = InMemoryOrders(), Outbox()
    shop = Checkout(orders, outbox)
    assert [shop.place("ann", 10), shop.place("bo", 5.5)] == [1, 2]
    assert outbox.sent[1] == ("bo", "order 2 placed: 5.50")
    with pytest.raises(ConnectionError):
        CoupledCheckout().place("ann", 10)
    with pytest.raises(ValueError, match="total"):
        shop.place("ann", 0)


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="p_error"):
        success_rate(p_error=1.5)
    with pytest.raises(ValueError, match="retries"):
        sidecar(retries=-1)
    with pytest.raises(ValueError, match="requests"):  # was an IndexError from np.percentile
        sidecar(requests=0)
