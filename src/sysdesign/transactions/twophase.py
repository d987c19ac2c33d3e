"""Two-phase commit, stepped, with the coordinator crashing at any point.

Phase 1: the coordinator asks every participant to *prepare*; a participant that votes yes
has made its changes durable and keeps its locks, and from then on may neither commit nor
abort on its own. Phase 2: the coordinator logs the decision (commit only if every vote was
yes) and sends it. A participant not yet asked may abort alone when it times out; a
prepared one is *blocked* until the coordinator comes back. On recovery the coordinator
resends a logged decision, or aborts if none was logged (safe in every 2PC variant: nobody
can have been told commit). The model logs aborts too, which presumed abort skips.

>>> trace = two_phase_commit(3, crash="after votes")
>>> trace[-2]["event"], trace[-2]["blocked"]
('coordinator is down: prepared participants wait, holding their locks', 3)
>>> trace[-1]["P1"], trace[-1]["P3"]
('aborted', 'aborted')
"""

from __future__ import annotations

from ..core import checks

CRASH_POINTS = ("none", "before prepare", "after first prepare", "after votes",
                "after decision logged", "after first decision sent")


def two_phase_commit(participants: int = 3, crash: str = "none", no_vote: int | None = None,
                     recover: bool = True) -> list[dict]:
    """One run of 2PC as a list of steps, each a snapshot of everyone's state.

    ``no_vote`` is the number (1-based) of a participant that votes no, or None. The crash
    "after first decision sent" follows the first decision message actually sent (to the
    first participant still prepared); with one participant that votes no, none is sent."""
    n = checks.integer(participants, "participants", 1, 10)
    checks.choice(crash, "crash", CRASH_POINTS)
    if no_vote is not None:
        checks.integer(no_vote, "no_vote", 1, n, hint="a participant's number, or None")
    names = [f"P{i}" for i in range(1, n + 1)]
    state = {p: "working" for p in names}
    run = {"coordinator": "up", "log": "-", "messages": 0}
    trace: list[dict] = []

    def snap(event: str) -> None:
        down = run["coordinator"] == "down"
        trace.append({"step": len(trace), "event": event, "coordinator": run["coordinator"],
                      "log": run["log"], **state, "messages": run["messages"],
                      "locks held": sum(s in ("working", "prepared") for s in state.values()),
                      "blocked": sum(s == "prepared" for s in state.values()) if down else 0})

    def crash_now() -> None:
        run["coordinator"] = "down"
        unasked = [p for p in names if state[p] == "working"]
        for p in unasked:
            state[p] = "aborted"  # not asked yet: it may time out and abort alone
        snap("coordinator crashes" + (f"; {', '.join(unasked)} (never asked to prepare) "
                                      "time out and abort" if unasked else ""))
        waiting = any(state[p] == "prepared" for p in names)
        snap("coordinator is down" + (": prepared participants wait, holding their locks"
                                      if waiting else ""))
        if recover:
            run["coordinator"] = "up"
            decision = "committed" if run["log"] == "commit" else "aborted"
            for p in names:
                if state[p] == "prepared":
                    state[p] = decision
                    run["messages"] += 2
            found = f"its log says {run['log']}" if run["log"] != "-" else "no decision in its log"
            snap(f"coordinator recovers, {found}: "
                 + (f"sends {run['log'] if run['log'] != '-' else 'abort'} to the prepared"
                    if waiting else "nothing to send"))

    snap("transaction has done its work on every participant")
    if crash == "before prepare":
        crash_now()
        return trace
    for i, p in enumerate(names, start=1):
        run["messages"] += 2
        state[p] = "aborted" if no_vote == i else "prepared"
        snap(f"prepare -> {p}; {p} votes {'no and aborts' if no_vote == i else 'yes'}")
        if crash == "after first prepare" and i == 1:
            crash_now()
            return trace
    if crash == "after votes":
        crash_now()
        return trace
    run["log"] = "abort" if no_vote else "commit"
    snap(f"coordinator writes '{run['log']}' to its log: the decision is made")
    if crash == "after decision logged":
        crash_now()
        return trace
    for p in names:
        if state[p] == "prepared":  # a participant that voted no has aborted already
            state[p] = "committed" if run["log"] == "commit" else "aborted"
            run["messages"] += 2
            snap(f"{run['log']} -> {p}; {p} acknowledges and releases its locks")
            if crash == "after first decision sent":  # the first one actually sent
                crash_now()
                return trace
    snap("done")
    return trace


def is_safe(trace: list[dict]) -> bool:
    """No step has one participant committed while another aborted."""
    for row in trace:
        outcomes = {v for k, v in row.items() if k.startswith("P") and k[1:].isdigit()}
        if {"committed", "aborted"} <= outcomes:
            return False
    return True
