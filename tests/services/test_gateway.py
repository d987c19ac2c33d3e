from collections import Counter

import numpy as np
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.services import STAGES, authenticate, route, sign
from sysdesign.services.experiments import gateway
from sysdesign.services.gateway import KEY, expected_max_lognormal, run, workload


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="abcxyz0123", min_size=1, max_size=12))
def test_token_mac_matches_cryptography_hmac(client):
    mac = HMAC(KEY, hashes.SHA256())
    mac.update(client.encode())
    assert sign(client) == client + "." + mac.finalize().hex()
    assert authenticate(sign(client)) == client


def test_forged_and_tampered_tokens_are_rejected():
    token = sign("alice")
    assert authenticate("alice.forged") is None
    assert authenticate("mallory" + token[5:]) is None
    assert authenticate(token[:-1] + ("0" if token[-1] != "0" else "1")) is None


def test_routing_takes_the_longest_prefix():
    assert route("/products/7") == "catalog"
    assert route("/orders/1") == "orders"
    assert route("/admin") is None


def test_every_request_ends_at_exactly_one_stage():
    result = gateway()
    rows = result["table"]
    for before, after in zip(STAGES, STAGES[1:], strict=False):
        leaving = rows.loc[before, "rejected"] + rows.loc[before, "answered"]
        assert rows.loc[after, "entered"] == rows.loc[before, "entered"] - leaving
    assert rows["rejected"].sum() + rows["answered"].sum() == result["requests"] == 2000
    assert rows.loc["auth", "rejected"] == sum(1 for _, tok, _ in workload()
                                               if tok.endswith(".forged"))


@pytest.mark.parametrize("rate", [2.0, 10.0])
def test_rate_limit_never_lets_a_client_exceed_the_token_bucket_bound(rate):
    # a client with a valid token that reached the rate limiter passes at most
    # burst + rate * seconds times; the noisy client is held to exactly that order
    result = run(rate=rate, burst=20.0)
    arrived = Counter(tok.partition(".")[0] for _, tok, _ in workload()
                      if authenticate(tok))
    passed = result["stages"]["rate_limit"]["entered"] - result["stages"]["rate_limit"]["rejected"]
    bound = sum(min(n, 20 + rate * 10) for n in arrived.values())
    assert passed <= bound
    assert passed >= sum(min(n, rate * 10) for n in arrived.values()) * 0.9


def test_cache_off_means_no_hits_and_longer_ttl_more_hits():
    assert run(cache_ttl=0.0)["stages"]["cache"]["answered"] == 0
    hits = [run(cache_ttl=t)["stages"]["cache"]["answered"] for t in (1.0, 5.0, 10.0)]
    assert hits == sorted(hits) and hits[0] > 0


def test_expected_max_of_lognormals_matches_sampling():
    rng = np.random.default_rng(0)
    draws = 20.0 * np.exp(0.5 * rng.standard_normal((200_000, 4))).max(axis=1)
    assert draws.mean() == pytest.approx(expected_max_lognormal(20.0, 0.5, 4), rel=0.01)
    assert expected_max_lognormal(20.0, 0.5, 1) == pytest.approx(20 * np.exp(0.125), rel=1e-3)


@pytest.mark.parametrize("fanout", [1, 3, 8])
def test_gateway_aggregate_latency_is_the_max_of_its_fanout_calls(fanout):
    # nothing rejected or cached: every request reaches the backend stage; /home pages wait
    # for the slowest of `fanout` calls, the others for one call
    args = {"bad_tokens": 0.0, "unknown": 0.0}
    result = run(rate=1e6, burst=1e6, cache_ttl=0.0, fanout=fanout, **args)
    ms = np.array(result["stages"]["aggregate"]["ms"])
    assert len(ms) == 2000
    home = sum(1 for _, _, path in workload(**args) if path == "/home") / len(ms)
    expected = (home * expected_max_lognormal(20.0, 0.5, fanout)
                + (1 - home) * expected_max_lognormal(20.0, 0.5, 1))
    # standard error of the mean is about 12 ms / sqrt(2000) = 0.3 ms: 4 of them is ~5 %
    assert ms.mean() == pytest.approx(expected, rel=0.05)


def test_bad_input_names_the_parameter():
    for kwargs, name in [({"rate": 0}, "rate"), ({"fanout": 0}, "fanout"),
                         ({"cache_ttl": -1}, "cache_ttl"), ({"burst": 0.5}, "burst")]:
        with pytest.raises(ValueError, match=name):
            run(**kwargs)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=12), st.text(max_size=70))
def test_any_forged_string_is_rejected_not_an_error(client, mac):
    # hmac.compare_digest raises TypeError on non-ASCII str: the gateway must answer 401
    assert authenticate(client + "." + mac) in (None, client)
    assert authenticate("alice.é") is None


def test_helpers_refuse_a_non_string():
    for call, name in [(lambda: authenticate(123), "token"), (lambda: sign(5), "client"),
                       (lambda: route(None), "path")]:
        with pytest.raises(TypeError, match=name):
            call()
