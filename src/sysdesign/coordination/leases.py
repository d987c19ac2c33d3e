"""A lock service with leases and fencing tokens, after Chubby (Burrows 2006) and
Kleppmann's "How to do distributed locking" (2016).

Times are seconds of real time. The lock service grants a lease of ``lease`` seconds with a
fencing token that grows by one with each grant. Client 1 takes the lock at 0, then pauses
(a garbage-collection stop, say) at ``pause_at`` for ``pause`` seconds (unless it has
already given up its lease by then); when it resumes it writes without checking anything,
believing it still holds the lock. Client 2 asks for the
lock at ``lease`` and writes once it has it. The storage either accepts every write, or,
with ``fencing``, rejects a write whose token is lower than one it has already seen.

With ``skew`` the first client's clock runs slow by that fraction: it believes its lease
lasts until its own clock reads ``lease``, which is ``lease / (1 - skew)`` real seconds. It
does check its lease, and writes every second while it believes the lease holds.

>>> [row["event"] for row in lock_run(pause=0) if row["accepted"] is False]
[]
"""

from __future__ import annotations

from ..core import checks
from ..core.events import Simulator

FIRST_TOKEN = 33  # Kleppmann's figure starts at 33


def lock_run(*, lease=10.0, pause=15.0, pause_at=2.0, fencing=False, skew=0.0,
             margin=0.0) -> list[dict]:
    """Run the two clients and return the log: time, who, event, token, accepted or not."""
    lease = checks.number(lease, "lease", 0, lo_open=True, hint="seconds")
    pause = checks.number(pause, "pause", 0, hint="seconds")
    pause_at = checks.number(pause_at, "pause_at", 0, lease, hint="seconds, within the lease")
    skew = checks.fraction(skew, "skew", hi_open=True)
    margin = checks.fraction(margin, "margin", hi_open=True)
    sim = Simulator(seed=0)
    log: list[dict] = []
    service = {"holder": None, "expires": 0.0, "token": FIRST_TOKEN - 1}
    storage = {"max_token": 0, "value": None}

    def record(who, event, token=None, accepted=None):
        log.append({"time": round(sim.now, 3), "who": who, "event": event, "token": token,
                    "accepted": accepted})

    def acquire(who):
        if service["holder"] not in (None, who) and sim.now < service["expires"]:
            record(who, "lock busy")
            return None
        service["holder"], service["expires"] = who, sim.now + lease
        service["token"] += 1
        record(who, f"granted lease until {service['expires']:g} s", service["token"])
        return service["token"]

    def write(who, token, data):
        ok = not fencing or token >= storage["max_token"]
        if ok:
            storage["max_token"] = max(storage["max_token"], token)
            storage["value"] = data
        record(who, f"write {data!r}" + ("" if ok else " rejected: stale token"), token, ok)

    # client 1: its clock reads real time * (1 - skew); it trusts the lease until that reads
    # lease * (1 - margin)
    first = {"token": None, "paused": False, "stopped": False}
    believed_end = lease * (1 - margin) / (1 - skew)  # real time its clock says "expired"

    def c1_start():
        first["token"] = acquire("client 1")
        if pause:
            sim.at(pause_at, c1_pause)  # the pause starts at pause_at exactly
        sim.schedule(1.0, c1_tick)

    def c1_pause():
        if first["stopped"]:  # it had already given up the lease: nothing to resume
            return
        first["paused"] = True
        record("client 1", f"paused for {pause:g} s")
        sim.at(pause_at + pause, c1_resume)

    def c1_tick():
        if first["paused"]:  # frozen: this write happens only when it resumes
            return
        if sim.now < believed_end:
            write("client 1", first["token"], f"c1@{sim.now:g}")
            sim.schedule(1.0, c1_tick)
        else:
            first["stopped"] = True

    def c1_resume():
        record("client 1", "resumes, still thinks it holds the lock")
        write("client 1", first["token"], f"c1@{sim.now:g}")

    def c2_start():
        token = acquire("client 2")
        if token is None:
            sim.schedule(1.0, c2_start)
            return
        sim.schedule(0.5, write, "client 2", token, f"c2@{sim.now + 0.5:g}")

    sim.at(0.0, c1_start)
    sim.at(lease, c2_start)
    sim.run()
    log.sort(key=lambda row: row["time"])
    return log


def stale_writes(log) -> int:
    """Writes accepted from client 1 after client 2 was granted the lock."""
    granted = [row["time"] for row in log if row["who"] == "client 2"
               and row["event"].startswith("granted")]
    if not granted:
        return 0
    return sum(1 for row in log if row["who"] == "client 1" and row["accepted"]
               and row["time"] >= granted[0])


def overwrites(log) -> int:
    """Writes accepted from client 1 after a write of client 2 was accepted (lost updates)."""
    firsts = [row["time"] for row in log if row["who"] == "client 2" and row["accepted"]]
    if not firsts:
        return 0
    return sum(1 for row in log if row["who"] == "client 1" and row["accepted"]
               and row["time"] > firsts[0])


def unsafe_window(lease, skew, margin=0.0) -> float:
    """Seconds during which a client with a clock slow by ``skew`` writes after its lease
    ended: lease * (1 - margin) / (1 - skew) - lease, or 0 if that is negative."""
    lease = checks.number(lease, "lease", 0, lo_open=True)
    skew = checks.fraction(skew, "skew", hi_open=True)
    margin = checks.fraction(margin, "margin", hi_open=True)
    return max(0.0, lease * (1 - margin) / (1 - skew) - lease)
