"""Leases, fencing tokens and clock skew."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.coordination import experiments, leases


def test_paused_client_writes_after_its_lease_without_fencing():
    log = leases.lock_run(pause=15)
    assert leases.stale_writes(log) == 1
    assert log[-1]["who"] == "client 1" and log[-1]["accepted"] is True


def test_fencing_token_rejects_the_stale_write():
    log = leases.lock_run(pause=15, fencing=True)
    assert leases.stale_writes(log) == 0
    assert log[-1]["accepted"] is False and log[-1]["token"] == leases.FIRST_TOKEN
    tokens = [r["token"] for r in log if r["event"].startswith("granted")]
    assert tokens == [33, 34]


@pytest.mark.parametrize("pause_at, pause", [(2.5, 15.0), (0.0, 15.0), (1.5, 0.2)])
def test_the_pause_starts_at_pause_at_and_lasts_pause_seconds(pause_at, pause):
    # also between client 1's whole-second writes, and at time 0
    log = leases.lock_run(pause=pause, pause_at=pause_at)
    paused = [r["time"] for r in log if r["event"].startswith("paused")]
    resumed = [r["time"] for r in log if r["event"].startswith("resumes")]
    assert paused == [pause_at] and resumed == [pause_at + pause]
    assert not any(r["who"] == "client 1" and r["event"].startswith("write")
                   and pause_at < r["time"] < pause_at + pause for r in log)


def test_no_pause_once_the_client_has_given_up_its_lease():
    # with a 50% margin client 1 stops writing after 1 s; a pause at 1.5 s changes nothing
    log = leases.lock_run(lease=2.0, pause=5.0, pause_at=1.5, margin=0.5)
    assert not any(r["event"].startswith(("paused", "resumes")) for r in log)
    assert leases.stale_writes(log) == 0


def test_short_pause_is_harmless():
    assert leases.stale_writes(leases.lock_run(pause=3)) == 0


@settings(max_examples=60, deadline=None)
@given(pause=st.floats(0, 30), skew=st.floats(0, 0.5), lease=st.floats(2, 20))
def test_fencing_never_lets_an_old_holder_overwrite_the_new_one(pause, skew, lease):
    log = leases.lock_run(lease=lease, pause=pause, pause_at=min(1.5, lease), skew=skew,
                          fencing=True)
    assert leases.overwrites(log) == 0
    unfenced = leases.lock_run(lease=lease, pause=pause, pause_at=min(1.5, lease), skew=skew)
    assert leases.stale_writes(log) <= leases.stale_writes(unfenced)


def test_fencing_only_acts_once_storage_has_seen_the_new_token():
    # the old holder's write lands after the new grant but before the new holder's first
    # write: the storage has not seen token 34 yet, so it accepts 33 (Kleppmann's scheme
    # orders writes; it does not make the old holder's lease last less)
    log = leases.lock_run(lease=2.0, pause=0, skew=0.5, fencing=True)
    assert leases.stale_writes(log) == 1 and leases.overwrites(log) == 0


def test_without_fencing_the_paused_client_overwrites():
    assert leases.overwrites(leases.lock_run(pause=15)) == 1


@pytest.mark.parametrize("skew", [0.01, 0.1, 0.2, 0.4])
def test_stale_writes_match_the_closed_form_window(skew):
    # client 1 writes at whole seconds 1, 2, ...; those in [lease, lease + window) are stale
    lease = 10.0
    window = leases.unsafe_window(lease, skew)
    assert window == pytest.approx(lease * skew / (1 - skew))
    expected = sum(1 for t in range(1, 100) if lease <= t < lease + window)
    assert leases.stale_writes(leases.lock_run(lease=lease, pause=0, skew=skew)) == expected


def test_a_margin_larger_than_the_skew_makes_it_safe():
    table = experiments.skew_table(margin=0.25)
    assert (table["stale writes accepted"] == 0).all()
    assert leases.unsafe_window(10, 0.2, margin=0.2) == 0


@pytest.mark.parametrize("kwargs, name", [
    ({"lease": 0}, "lease"), ({"skew": 1.0}, "skew"), ({"pause": -1}, "pause"),
    ({"margin": 1}, "margin"),
])
def test_lock_run_checks_its_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        leases.lock_run(**kwargs)
