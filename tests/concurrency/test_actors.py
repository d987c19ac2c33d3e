"""Actors, mailboxes and supervisors: unit tests and invariants under hypothesis.

Our contract for a crash: the message being handled is lost (counted in ``lost``); the
messages behind it stay in the mailbox (Akka's restart keeps the mailbox); a restart
replaces the actor by a fresh one from its factory. A supervisor that exceeds its restart
intensity stops its children, and their messages become dead letters. So every message
sent is exactly one of: processed, lost, pending, dead letter.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.concurrency import STRATEGIES, Actor, ActorSystem, Auditor, Counter
from sysdesign.concurrency.experiments import script, supervision


def counter_system(strategy="one_for_one", max_restarts=3, within=50, **kw):
    system = ActorSystem(**kw)
    sup = system.supervisor(strategy, max_restarts=max_restarts, within=within)
    system.spawn("counter", lambda: Counter(report_to="auditor"), supervisor=sup)
    system.spawn("auditor", Auditor, supervisor=sup)
    return system, sup


def test_one_message_per_step_in_round_robin_order():
    system, _ = counter_system()
    for message in ["+1", "+1"]:
        system.tell("counter", message)
    order = []
    while (entry := system.step()) is not None:
        order.append((entry["actor"], entry["message"]))
    assert order == [("counter", "+1"), ("auditor", ("count", 1)),
                     ("counter", "+1"), ("auditor", ("count", 2))]
    assert system.state("auditor") == {"last": 2, "highest": 2}


def test_a_restart_resets_state_and_keeps_the_mailbox():
    system, _ = counter_system()
    for message in ["+1", "+1", "boom", "+1"]:
        system.tell("counter", message)
    system.run()
    crash = next(e for e in system.log if e["outcome"] != "ok")
    assert crash["restarted"] == ["counter"]
    assert crash["states"]["counter"] == {"count": 0}
    assert system.state("counter") == {"count": 1}  # the '+1' behind 'boom' was handled
    assert system.state("auditor")["highest"] == 2  # another actor keeps its own state
    assert system.counts() == {"sent": 7, "processed": 6, "lost": 1, "dead_letters": 0,
                               "restarts": 1, "pending": 0}


def test_one_for_all_restarts_the_siblings_too():
    system, _ = counter_system("one_for_all")
    for message in ["+1", "+1", "boom"]:
        system.tell("counter", message)
    system.run()
    assert system.log[-1]["restarted"] == ["counter", "auditor"]
    assert system.state("auditor") == {"last": 0, "highest": 0}


def test_rest_for_one_restarts_only_the_later_children():
    system, _ = counter_system("rest_for_one")
    system.tell("auditor", "not a pair")  # the auditor cannot unpack it: it crashes
    system.tell("counter", "+1")
    system.run()
    crashes = [e for e in system.log if e["outcome"] != "ok"]
    assert [e["restarted"] for e in crashes] == [["auditor"]]
    assert system.state("counter") == {"count": 1}
    system.tell("counter", "boom")
    system.run()
    assert system.log[-1]["restarted"] == ["counter", "auditor"]


def test_past_the_restart_intensity_the_supervisor_stops_its_children():
    system, sup = counter_system(max_restarts=1)
    for message in ["boom", "+1", "boom", "+1", "+1"]:
        system.tell("counter", message)
    system.run()
    assert sup.gave_up and system.stopped == {"counter", "auditor"}
    assert system.counts()["dead_letters"] == 2
    system.tell("counter", "+1")  # sent to a stopped actor: a dead letter
    assert system.counts()["dead_letters"] == 3


def test_restarts_outside_the_window_do_not_count():
    system, sup = counter_system(max_restarts=1, within=3)
    for message in ["boom", "+1", "+1", "+1", "boom"]:
        system.tell("counter", message)
    system.run()
    assert not sup.gave_up and system.counts()["restarts"] == 2


def test_an_unsupervised_actor_stays_dead():
    system = ActorSystem()
    system.spawn("lonely", Counter)
    for message in ["boom", "+1"]:
        system.tell("lonely", message)
    system.run()
    assert system.stopped == {"lonely"} and system.counts()["dead_letters"] == 1


def test_messages_are_copied_on_send():
    class Keeper(Actor):
        def __init__(self):
            self.seen = []

        def receive(self, message, ctx):
            self.seen.append(message)

    system = ActorSystem()
    system.spawn("keeper", Keeper)
    note = ["original"]
    system.tell("keeper", note)
    note.append("changed after sending")
    system.run()
    assert system.state("keeper") == {"seen": [["original"]]}


def test_random_schedule_repeats_with_its_seed():
    def run(seed):
        system, _ = counter_system(schedule="random", seed=seed)
        for message in script(6, 2):
            system.tell("counter", message)
        system.run()
        return [(e["actor"], e["message"]) for e in system.log]

    assert run(3) == run(3)


@given(messages=st.lists(st.sampled_from(["+1", "boom"]), max_size=25),
       strategy=st.sampled_from(STRATEGIES), max_restarts=st.integers(0, 4),
       within=st.integers(1, 30), schedule=st.sampled_from(["round_robin", "random"]),
       seed=st.integers(0, 5), stop_early=st.integers(0, 60))
@settings(max_examples=200, deadline=None)
def test_every_message_is_accounted_for(messages, strategy, max_restarts, within, schedule,
                                        seed, stop_early):
    system, sup = counter_system(strategy, max_restarts, within, schedule=schedule,
                                 seed=seed)
    for message in messages:
        system.tell("counter", message)
    system.run(max_steps=stop_early)
    c = system.counts()
    assert c["sent"] == c["processed"] + c["lost"] + c["pending"] + c["dead_letters"]
    system.run()
    c = system.counts()
    assert c["pending"] == 0
    assert c["sent"] == c["processed"] + c["lost"] + c["dead_letters"]
    crashes = [e for e in system.log if e["outcome"] != "ok"]
    assert c["lost"] == len(crashes)  # only the message in hand at a crash is lost
    for entry in crashes:  # each restarted actor starts from its factory's state
        for name in entry["restarted"]:
            fresh = {"counter": {"count": 0}, "auditor": {"last": 0, "highest": 0}}[name]
            assert entry["states"][name] == fresh
    if not sup.gave_up:
        # Closed form: the count is the number of '+1' after the last 'boom'.
        tail = messages[len(messages) - messages[::-1].index("boom"):] if "boom" in messages \
            else messages
        assert system.state("counter") == {"count": tail.count("+1")}
        assert c["dead_letters"] == 0 and c["lost"] == messages.count("boom")


def test_the_notebook_scenario():
    run = supervision()
    assert run["counts"] == {"sent": 20, "processed": 18, "lost": 2, "dead_letters": 0,
                             "restarts": 2, "pending": 0}
    assert run["log"][-1]["states"] == {"counter": {"count": 3},
                                        "auditor": {"last": 3, "highest": 3}}
    assert supervision(at_step=5)["at"] == 5 and supervision(at_step=999)["at"] == 19
    gave_up = supervision(max_restarts=1)
    assert gave_up["gave_up"] and gave_up["counts"]["dead_letters"] == 3


def test_script_spreads_the_crashes():
    assert script(9, 2) == ["+1"] * 3 + ["boom"] + ["+1"] * 3 + ["boom"] + ["+1"] * 3
    assert script(3, 0) == ["+1"] * 3


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda s: s.supervisor("one_for_some"), ValueError, "strategy must be one of"),
    (lambda s: s.supervisor(max_restarts=-1), ValueError, "max_restarts must be"),
    (lambda s: s.spawn("", Counter), ValueError, "name must be"),
    (lambda s: s.spawn("x", 3), TypeError, "factory must be callable"),
    (lambda s: s.spawn("x", lambda: 3), TypeError, "factory must return an Actor"),
    (lambda s: s.tell("nobody", "+1"), ValueError, "to must name an actor"),
    (lambda s: s.run(max_steps=-1), ValueError, "max_steps must be"),
    (lambda s: s.spawn("x", Counter, supervisor="one_for_one"), TypeError,
     "supervisor must be a Supervisor"),
    (lambda s: s.state("nobody"), ValueError, "name must name an actor"),
    (lambda s: script(-1, 2), ValueError, "increments must be"),
    (lambda s: script(3, -1), ValueError, "crashes must be"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call(ActorSystem())


def test_names_are_unique_and_schedules_known():
    system = ActorSystem()
    system.spawn("a", Counter)
    with pytest.raises(ValueError, match="name must be new"):
        system.spawn("a", Counter)
    with pytest.raises(ValueError, match="schedule must be one of"):
        ActorSystem(schedule="fair")


def test_the_intensity_counts_supervisor_restarts_not_actors_restarted():
    # The notebook's strategy table: one_for_all restarts two actors per crash (4 in all)
    # yet stays within max_restarts=3, because each crash is one restart of the supervisor.
    one, every = supervision(strategy="one_for_one"), supervision(strategy="one_for_all")
    assert every["counts"]["restarts"] == 2 * one["counts"]["restarts"] == 4
    assert not every["gave_up"] and every["counts"]["processed"] == one["counts"]["processed"]
    assert supervision(strategy="one_for_all", max_restarts=1)["gave_up"]


def test_the_panels_time_slider_ends_at_the_longest_runs_last_step():
    from sysdesign.concurrency.widgets import LAST_STEP

    longest = max(len(supervision(crashes=4, max_restarts=r, strategy=s)["log"]) - 1
                  for r in range(5) for s in STRATEGIES)  # the panel's slider ranges
    assert LAST_STEP == longest
