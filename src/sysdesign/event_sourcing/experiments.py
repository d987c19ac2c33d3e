"""The scenarios notebook 19 runs, shared with its panels and tests.

Every store here is real SQLite (in memory, or a temporary file when two connections
race); times come from a simulated clock in milliseconds, so every run repeats exactly.
"""

from __future__ import annotations

import contextlib
import os
import random
import tempfile
import time

import pandas as pd

from ..core import checks
from ..core.events import Simulator
from . import account
from .account import deposit, load, open_account, replay, withdraw
from .projection import Projection, rebuild
from .store import ConcurrencyError, Event, EventStore
from .upcasting import upcast

ACCOUNTS = ("acct-1", "acct-2", "acct-3", "acct-4")


# --- two writers racing ---------------------------------------------------------------

@contextlib.contextmanager
def shared_file_stores(n: int = 2):
    """``n`` EventStores (``n`` SQLite connections) on one temporary file, removed after."""
    folder = tempfile.mkdtemp(prefix="es19-")
    path = os.path.join(folder, "events.db")
    ticks = iter(range(10**9))
    stores = [EventStore(path, clock=lambda: float(next(ticks))) for _ in range(n)]
    try:
        yield stores
    finally:
        for store in stores:
            store.close()
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)


def race() -> pd.DataFrame:
    """Two clerks on two connections load one account, then both try to append."""
    rows = []
    with shared_file_stores(2) as (a, b):
        open_account(a, "acct-1", "ada")
        a.append("acct-1", 1, [Event("Deposited", {"cents": 10_000, "currency": "USD"}, 3)])
        seen = {}
        for name, store in (("A", a), ("B", b)):
            state, version, _ = load(store, "acct-1")
            seen[name] = version
            rows.append((name, "load", version, f"balance {state['balance']}"))
        a.append("acct-1", seen["A"], [Event("Withdrawn", {"cents": 7_000, "currency": "USD"}, 2)])
        rows.append(("A", f"append withdraw 7000, expected {seen['A']}", seen["A"] + 1, "ok"))
        try:
            b.append("acct-1", seen["B"],
                     [Event("Withdrawn", {"cents": 5_000, "currency": "USD"}, 2)])
        except ConcurrencyError as error:
            rows.append(("B", f"append withdraw 5000, expected {seen['B']}", error.actual,
                         "ConcurrencyError"))
        state, version, _ = load(b, "acct-1")
        rows.append(("B", "reload", version, f"balance {state['balance']}"))
        try:
            withdraw(b, "acct-1", 5_000, retries=0)
            verdict = "ok"
        except account.Overdraft as error:
            verdict = f"refused: {error}"
        rows.append(("B", "decide again: withdraw 5000", version, verdict))
        final, version, _ = load(a, "acct-1")
        rows.append(("-", "final", version, f"balance {final['balance']}"))
    return pd.DataFrame(rows, columns=["writer", "step", "stream version", "result"])


def interleaved_writers(order, deposits: int = 2) -> dict:
    """Writers take turns by ``order`` (a list of writer numbers), each depositing
    ``deposits`` times as load, then append (reloading after a conflict).

    Returns the stream's versions, the number of deposits stored, how many each writer
    made, how many conflicts there were, and how many stored events were decided on a
    state older than the one just before them (a lost update: must be 0). Used by the
    property tests.
    """
    deposits = checks.integer(deposits, "deposits", 1)
    writers = sorted(set(order))
    with EventStore(clock=lambda: 0.0) as store:
        open_account(store, "acct-1", "ada")
        loaded: dict[int, int | None] = dict.fromkeys(writers)
        done = dict.fromkeys(writers, 0)
        conflicts, stale_decisions = 0, 0
        for turn in list(order) + [w for w in writers for _ in range(4 * deposits)]:
            if done[turn] == deposits:
                continue
            if loaded[turn] is None:  # step 1: load the stream
                loaded[turn] = load(store, "acct-1")[1]
                continue
            try:  # step 2: append with the version loaded
                new = store.append("acct-1", loaded[turn],
                                   [Event("Deposited", {"cents": 100 + turn, "currency": "USD"},
                                          3)])
                done[turn] += 1
                stale_decisions += new != loaded[turn] + 1  # decided on an older state?
            except ConcurrencyError:
                conflicts += 1
            loaded[turn] = None
        events = store.read("acct-1")
    return {"versions": [e.version for e in events],
            "deposits stored": sum(e.type == "Deposited" for e in events),
            "by writer": {w: sum(e.data.get("cents") == 100 + w for e in events)
                          for w in writers},
            "conflicts": conflicts, "stale decisions stored": stale_decisions}


# --- one account's history: replay, time travel, snapshots ----------------------------

def account_history(events: int = 60, *, seed: int = 19, gap_ms: float = 1000.0,
                    store: EventStore | None = None, snapshot_every: int = 0) -> EventStore:
    """An account with ``events`` events (opening first), one every ``gap_ms`` on average.

    Deposits and withdrawals are random (a withdrawal never overdraws). With
    ``snapshot_every`` > 0 a snapshot is saved every that many versions.
    """
    events = checks.integer(events, "events", 1)
    snapshot_every = checks.integer(snapshot_every, "snapshot_every", 0)
    rng = random.Random(seed)
    clock = {"now": 0.0}
    if store is None:
        store = EventStore(clock=lambda: clock["now"])
    open_account(store, "acct-1", "ada")
    state = replay(e for e in store.read("acct-1"))
    if snapshot_every == 1:  # the loop below starts at version 2
        store.save_snapshot("acct-1", 1, state)
    for version in range(2, events + 1):
        clock["now"] += rng.expovariate(1 / gap_ms)
        cents = rng.randrange(100, 5_000, 100)
        if state["balance"] >= cents and rng.random() < 0.4:
            event = Event("Withdrawn", {"cents": cents, "currency": "USD"}, 2)
        else:
            event = Event("Deposited", {"cents": cents, "currency": "USD"}, 3)
        store.append("acct-1", version - 1, [event])
        state = account.apply(state, event)
        if snapshot_every and version % snapshot_every == 0:
            store.save_snapshot("acct-1", version, state)
    return store


def history(events: int = 60, snapshot_every: int = 10, version: int = 45) -> dict:
    """Balance at every version, and the events read to rebuild ``version`` with and
    without snapshots (panel and figure). Version 0 is before the account was opened."""
    version = checks.integer(version, "version", 0, events)
    with account_history(events, snapshot_every=snapshot_every) as store:
        stored = store.read("acct-1")
        balances, state = [], None
        for event in stored:
            state = replay([upcast(event)], state)
            balances.append(state["balance"])
        full, _, read_full = load(store, "acct-1", to_version=version)
        snap, _, read_snap = load(store, "acct-1", to_version=version, snapshots=True)
        assert full == snap
        found = store.latest_snapshot("acct-1", at_or_before=version)
    return {"versions": [e.version for e in stored], "balances": balances,
            "times_s": [e.recorded_at / 1000 for e in stored],
            "snapshots": ([] if not snapshot_every else
                          list(range(snapshot_every, events + 1, snapshot_every))),
            "version": version, "state": full, "read full": read_full,
            "read with snapshot": read_snap, "snapshot used": found[0] if found else 0}


def events_read(events: int = 1000, snapshot_every: int = 100) -> pd.DataFrame:
    """Events read to load the newest state, with and without snapshots (deterministic)."""
    with account_history(events, snapshot_every=snapshot_every) as store:
        full = load(store, "acct-1")
        snap = load(store, "acct-1", snapshots=True)
    assert full[0] == snap[0]
    return pd.DataFrame({"events read": [full[2], snap[2]], "balance (cents)":
                         [full[0]["balance"], snap[0]["balance"]]},
                        index=["full replay", f"snapshot every {snapshot_every}"])


def time_loads(events: int = 5000, snapshot_every: int = 100, repeat: int = 5) -> pd.DataFrame:
    """Measured: best-of-``repeat`` wall time to load the newest state, full vs snapshot."""
    repeat = checks.integer(repeat, "repeat", 1)
    with account_history(events, snapshot_every=snapshot_every) as store:
        best = {}
        for name, snapshots in (("full replay", False), ("with snapshot", True)):
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                load(store, "acct-1", snapshots=snapshots)
                times.append(time.perf_counter() - start)
            best[name] = min(times) * 1000
    return pd.DataFrame({f"best of {repeat} (ms)": best}).round(2)


# --- schema evolution ------------------------------------------------------------------

def legacy_store() -> EventStore:
    """An account whose deposits were written in schemas 1, 2 and 3 over the years."""
    store = EventStore(clock=lambda: 0.0)
    open_account(store, "acct-1", "ada")
    store.append("acct-1", 1, [Event("Deposited", {"amount": 12.5}, 1)])
    store.append("acct-1", 2, [Event("Deposited", {"cents": 2_000}, 2)])
    store.append("acct-1", 3, [Event("Withdrawn", {"cents": 500}, 1)])
    store.append("acct-1", 4, [Event("Deposited", {"cents": 300, "currency": "USD"}, 3)])
    return store


def upcasting_table(store: EventStore) -> pd.DataFrame:
    """Each stored event as written and as the reader sees it after upcasting."""
    rows = []
    for event in store.read("acct-1"):
        now = upcast(event)
        rows.append({"version": event.version, "type": event.type,
                     "stored schema": event.schema, "stored data": str(event.data),
                     "read as schema": now.schema, "read as": str(now.data)})
    return pd.DataFrame(rows).set_index("version")


# --- CQRS: an asynchronous projection and its lag ---------------------------------------

def cqrs(writes: int = 40, write_gap_ms: float = 25.0, poll_ms: float = 100.0,
         apply_ms: float = 2.0, read_after_ms: float = 50.0, t: int = 600,
         seed: int = 19) -> dict:
    """Clients write every ``write_gap_ms`` on average; a projector polls the store,
    applies each new event in ``apply_ms``, then waits ``poll_ms`` before polling again.
    Each client reads its own account ``read_after_ms`` after writing: stale if the
    projection is still behind.

    Returns per-write lags, the head and checkpoint positions over time, and the read
    model at time ``t`` (ms).
    """
    writes = checks.integer(writes, "writes", 1)
    write_gap_ms = checks.number(write_gap_ms, "write_gap_ms", 0, lo_open=True)
    poll_ms = checks.number(poll_ms, "poll_ms", 0, lo_open=True)
    apply_ms = checks.number(apply_ms, "apply_ms", 0)
    read_after_ms = checks.number(read_after_ms, "read_after_ms", 0)
    t = checks.number(t, "t", 0)
    sim = Simulator(seed=seed)
    store = EventStore(clock=lambda: sim.now)
    view = Projection(store)
    for name in ACCOUNTS:
        open_account(store, name, name.replace("acct", "owner"))
    log: list[dict] = []
    visible: dict[int, float] = {}
    head_steps, checkpoint_steps = [(0.0, store.head())], [(0.0, 0)]
    snapshot: dict = {}

    def write(k: int) -> None:
        name = ACCOUNTS[sim.rng.randrange(len(ACCOUNTS))]
        version = deposit(store, name, 100 * sim.rng.randrange(1, 20))
        position = store.head()
        log.append({"write": k, "account": name, "version": version, "position": position,
                    "written_ms": sim.now})
        head_steps.append((sim.now, position))
        sim.schedule(read_after_ms, read, name, version, len(log) - 1)
        if k + 1 < writes:
            sim.schedule(sim.rng.expovariate(1 / write_gap_ms), write, k + 1)

    def read(name: str, version: int, index: int) -> None:
        log[index]["stale read"] = view.version_of(name) < version

    def poll() -> None:
        pending = store.read_all(after_position=view.position)
        for i, event in enumerate(pending, start=1):
            sim.schedule(apply_ms * i, apply, event)
        sim.schedule(apply_ms * len(pending) + poll_ms, poll)

    def apply(event) -> None:
        view.apply(event)
        visible[event.position] = sim.now
        checkpoint_steps.append((sim.now, event.position))

    def take_snapshot() -> None:
        snapshot.update(head=store.head(), checkpoint=view.position, rows=view.rows())

    view.catch_up()  # the openings are already projected at time 0
    checkpoint_steps[0] = (0.0, view.position)
    sim.schedule(0.0, write, 0)
    sim.schedule(poll_ms, poll)
    sim.at(t, take_snapshot)
    end = sim.run_until(lambda: len(log) == writes and view.position == store.head()
                        and all("stale read" in row for row in log)
                        and sim.now >= t, deadline=1e9)
    assert end
    frame = pd.DataFrame(log)
    frame["visible_ms"] = frame["position"].map(visible)
    frame["lag_ms"] = frame["visible_ms"] - frame["written_ms"]
    rebuilt = rebuild(store)
    same = rebuilt.rows() == view.rows()
    store.close(), view.close(), rebuilt.close()
    return {"writes": frame, "head": head_steps, "checkpoint": checkpoint_steps,
            "at t": snapshot, "end_ms": sim.now, "rebuilt equals live": same}


def read_your_writes(poll_ms: float = 100.0, apply_ms: float = 2.0) -> pd.DataFrame:
    """A deposit of 2500 cents onto 5000, then two reads of the read model: at once, and
    after waiting until the projection reflects the write's version (read-your-writes)."""
    sim = Simulator(seed=19)
    store = EventStore(clock=lambda: sim.now)
    view = Projection(store)
    open_account(store, "acct-1", "ada")
    deposit(store, "acct-1", 5_000)
    view.catch_up()

    def poll() -> None:  # the rule of cqrs(): wait poll_ms after the batch is applied
        pending = store.read_all(after_position=view.position)
        for i, event in enumerate(pending, start=1):
            sim.schedule(apply_ms * i, view.apply, event)
        sim.schedule(apply_ms * len(pending) + poll_ms, poll)

    sim.schedule(poll_ms, poll)
    sim.advance(poll_ms / 2)  # half a polling interval later, the client writes
    version = deposit(store, "acct-1", 2_500)
    rows = [("read at once", sim.now, version, view.balance("acct-1"),
             view.version_of("acct-1"))]
    caught = sim.run_until(lambda: view.version_of("acct-1") >= version,
                           deadline=sim.now + 10 * poll_ms)
    rows.append(("read after waiting for version >= " + str(version), sim.now, version,
                 view.balance("acct-1") if caught else None, view.version_of("acct-1")))
    store.close(), view.close()
    return pd.DataFrame(rows, columns=["step", "time (ms)", "write's version",
                                       "balance read (cents)", "read model's version"]
                        ).set_index("step")


# --- when event sourcing costs more than it gives ----------------------------------------

def crud_vs_events(updates: int = 1000) -> pd.DataFrame:
    """A counter updated ``updates`` times: one CRUD row versus an event stream."""
    import sqlite3
    updates = checks.integer(updates, "updates", 1)
    crud = sqlite3.connect(":memory:")
    crud.execute("CREATE TABLE counters (id TEXT PRIMARY KEY, value INTEGER)")
    crud.execute("INSERT INTO counters VALUES ('c', 0)")
    for _ in range(updates):
        crud.execute("UPDATE counters SET value = value + 1 WHERE id = 'c'")
    crud_rows = crud.execute("SELECT COUNT(*) FROM counters").fetchone()[0]
    crud.close()
    with EventStore(clock=lambda: 0.0) as store:
        store.append("c", 0, [Event("Opened", {"owner": "counter"})])
        for version in range(1, updates + 1):
            store.append("c", version, [Event("Deposited", {"cents": 1, "currency": "USD"}, 3)])
        rows = len(store.raw_rows())
        _, _, read = load(store, "c")
        try:
            store.db.execute("DELETE FROM events WHERE stream_id = 'c'")
            erased = "yes"
        except Exception as error:  # the trigger refuses
            erased = f"no: {error}"
    return pd.DataFrame({"rows stored": [crud_rows, rows],
                         "rows read for the current value": [1, read],
                         "can erase the customer's data": ["yes: DELETE", erased]},
                        index=["CRUD table", "event stream"])


# --- the store as a table ------------------------------------------------------------------

def events_frame(events) -> pd.DataFrame:
    """Recorded events as a table, one row each, by global position."""
    return pd.DataFrame([{"position": e.position, "stream": e.stream_id, "version": e.version,
                          "type": e.type, "schema": e.schema, "data": str(e.data),
                          "recorded at (ms)": e.recorded_at} for e in events]
                        ).set_index("position")


def tamper(store: EventStore) -> dict[str, str]:
    """Try to change history behind the store's back; what SQLite answers to each try."""
    import sqlite3
    attempts = {
        "UPDATE an amount": "UPDATE events SET data = '{\"cents\": 1}' WHERE position = 2",
        "DELETE an event": "DELETE FROM events WHERE position = 2",
        "INSERT a second version 2": "INSERT INTO events (stream_id, version, type, data, "
                                     "recorded_at) SELECT stream_id, 2, 'Deposited', data, 0 "
                                     "FROM events WHERE position = 2",
    }
    answers = {}
    for name, sql in attempts.items():
        try:
            store.db.execute(sql)
            answers[name] = "accepted"
        except sqlite3.DatabaseError as error:
            answers[name] = f"{type(error).__name__}: {error}"
    return answers
