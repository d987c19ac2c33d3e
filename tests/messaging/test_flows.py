"""Choreography vs orchestration: message counts derived from the flow, state, failures."""

import pytest

from sysdesign.messaging import choreography, orchestration
from sysdesign.messaging.flows import STEPS


@pytest.mark.parametrize("fail_at", [None, *STEPS])
def test_message_counts_follow_from_the_flow(fail_at):
    k = len(STEPS) if fail_at is None else STEPS.index(fail_at) + 1  # steps attempted
    undone = 0 if fail_at is None else k - 1
    chor, orch = choreography(fail_at), orchestration(fail_at)
    # choreography: OrderPlaced, one event per attempted step (done or failed), one per
    # compensation; orchestration: a command and a reply for each step and compensation.
    assert len(chor["messages"]) == 1 + k + undone
    assert len(orch["messages"]) == 2 * (k + undone)
    outcome = "confirmed" if fail_at is None else "cancelled"
    assert chor["state"]["order"] == orch["state"]["status"] == outcome
    assert orch["state"]["compensated"] == list(reversed(orch["state"]["done"])) or \
        fail_at is None


def test_state_lives_in_the_services_or_in_the_orchestrator():
    chor = choreography("shipping")
    assert chor["state"] == {"order": "cancelled", "payment": "compensated",
                             "stock": "compensated", "shipping": "failed"}
    orch = orchestration("shipping")["state"]
    assert orch["done"] == ["payment", "stock"] and orch["compensated"] == ["stock", "payment"]


def test_bad_step_is_named():
    with pytest.raises(ValueError, match="fail_at"):
        choreography("billing")
