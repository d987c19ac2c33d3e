"""Lag and back pressure: closed form (λ − cμ)t, Little's law and M/M/1, bounds."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.messaging import lag_closed_form, lag_run


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 20), st.integers(1, 8), st.integers(1, 4))
def test_deterministic_lag_grows_as_lambda_minus_c_mu_times_t(lam, mu, c):
    r = lag_run(produce_rate=lam, consume_rate=mu, consumers=c, duration=20)
    gap = r["lag"] - lag_closed_form(r["t"], lam, mu, c)
    # Off only by the messages in service and the one just sent (and fractional steps).
    assert np.all(np.abs(gap) <= c + 2)


def test_mm1_mean_lag_matches_the_closed_form_and_littles_law():
    lam, mu = 2.0, 4.0  # ρ = 0.5: mixes fast, so one seeded run of 4000 s is enough
    r = lag_run(produce_rate=lam, consume_rate=mu, consumers=1, duration=4000,
                random_times=True, drain=True, seed=0)
    rho = lam / mu
    mean_lag = r["lag"].mean()
    assert mean_lag == pytest.approx(rho / (1 - rho), rel=0.1)  # M/M/1: L = ρ/(1-ρ)
    waits = r["times"][:, 1] - r["times"][:, 0]
    throughput = len(waits) / r["t"][-1]  # every message, the drain included
    assert mean_lag == pytest.approx(throughput * waits.mean(), rel=0.03)  # L = λW


def test_bound_with_block_moves_the_backlog_into_the_producer():
    r = lag_run(produce_rate=10, consume_rate=4, consumers=2, duration=30, bound=20)
    assert r["lag"].max() <= 20 and r["rejected"] == 0
    assert r["waiting"][-1] == pytest.approx(2 * 30 - 20, abs=3)
    d = lag_run(produce_rate=10, consume_rate=4, consumers=2, duration=30, bound=20,
                policy="drop")
    assert d["waiting"].max() == 0 and d["rejected"] == pytest.approx(2 * 30 - 20, abs=3)
    assert d["accepted"] + d["rejected"] == d["produced"]


def test_slower_producer_keeps_lag_small():
    r = lag_run(produce_rate=5, consume_rate=4, consumers=2, duration=30)
    assert r["lag"].max() <= 2


@pytest.mark.parametrize(("kwargs", "text"), [
    ({"produce_rate": 0}, "produce_rate"), ({"consumers": 0}, "consumers"),
    ({"bound": 0}, "bound"), ({"policy": "shed"}, "policy"),
])
def test_bad_input_names_the_parameter(kwargs, text):
    with pytest.raises(ValueError, match=text):
        lag_run(**kwargs)
