"""Real runs of each model, kept tiny: results, not timings, are checked (tests never
assert on wall time)."""

import multiprocessing

import pandas as pd
import pytest

from sysdesign.concurrency import KINDS, MODELS, cpu_task, process_pool, run_batch, runtime
from sysdesign.concurrency.experiments import conclusions, measured
from sysdesign.concurrency.timing import process_context


@pytest.fixture(scope="module")
def pool():
    pool = process_pool(2)
    yield pool
    pool.shutdown()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("model", MODELS)
def test_every_model_computes_the_same_results(model, kind, pool):
    run = run_batch(model, kind, tasks=3, workers=2, cpu_n=1000, io_s=0.001, pool=pool)
    expected = [cpu_task(1000)] * 3 if kind == "cpu" else [0.001] * 3
    assert run["results"] == expected and run["seconds"] > 0


def test_a_process_pool_is_made_when_none_is_lent():
    run = run_batch("process pool", "cpu", tasks=2, workers=1, cpu_n=10)
    assert run["results"] == [19, 19]


def test_runtime_says_which_interpreter_runs():
    info = runtime()
    assert set(info) == {"python", "free_threaded_build", "gil_enabled", "cores"}
    if not info["free_threaded_build"]:
        assert info["gil_enabled"]  # a standard build always has the GIL
    assert info["cores"] >= 1


def test_the_start_method_is_explicit_and_available():
    assert process_context().get_start_method() in multiprocessing.get_all_start_methods()


def test_measured_table_and_its_conclusions():
    result = measured(tasks=2, workers=2, cpu_n=1000, io_s=0.001, repeats=2)
    assert result["same_results"]
    assert len(result["table"]) == 8
    assert (result["table"].query("model == 'one thread'").speedup == 1).all()
    busy = result["table"].set_index("model").cores_busy
    assert busy.drop("process pool").notna().all() and busy[["process pool"]].isna().all()


def fake(speedups, busy=None, cores=4, gil=True):
    busy = busy or {}
    rows = [{"kind": k, "model": m, "speedup": s, "cores_busy": busy.get((k, m), 1.0)}
            for (k, m), s in speedups.items()]
    return {"table": pd.DataFrame(rows), "runtime": {"cores": cores, "gil_enabled": gil}}


SPEEDUPS = {("io", "thread pool"): 3.9, ("io", "asyncio"): 7.5, ("cpu", "asyncio"): 1.0,
            ("cpu", "thread pool"): 1.1, ("cpu", "process pool"): 1.9}


def test_conclusions_need_a_margin_and_guard_the_core_count():
    out = conclusions(fake(SPEEDUPS))
    assert out == {"threads beat one thread on I/O": True,
                   "asyncio beats one thread on I/O": True,
                   "asyncio keeps at most one core busy on CPU": True,
                   "threads keep at most one core busy on CPU (GIL on)": True,
                   "processes beat one thread on CPU (4 cores)": True}
    slow_io = conclusions(fake({**SPEEDUPS, ("io", "thread pool"): 1.4}))
    assert not slow_io["threads beat one thread on I/O"]  # below the 1.5x margin
    assert not conclusions(fake({**SPEEDUPS, ("cpu", "process pool"): 1.15}))[
        "processes beat one thread on CPU (4 cores)"]
    one_core = conclusions(fake(SPEEDUPS, cores=1, gil=False))
    assert not any("processes" in k or "GIL" in k for k in one_core)


def test_the_gil_claim_reads_cores_busy_not_wall_time():
    # A noisy baseline can make threads look faster on CPU; the cores they kept busy
    # cannot exceed one under the GIL, and the claim follows that ratio only.
    noisy = conclusions(fake({**SPEEDUPS, ("cpu", "thread pool"): 1.6},
                             busy={("cpu", "thread pool"): 0.4}))
    assert noisy["threads keep at most one core busy on CPU (GIL on)"]
    parallel = conclusions(fake(SPEEDUPS, busy={("cpu", "thread pool"): 3.6}))
    assert not parallel["threads keep at most one core busy on CPU (GIL on)"]
    free = conclusions(fake(SPEEDUPS, busy={("cpu", "thread pool"): 1.8}, gil=False))
    assert free["threads keep more than one core busy on CPU (GIL off, 4 cores)"]
    assert "threads keep at most one core busy on CPU (GIL on)" not in free


def test_threads_under_the_gil_keep_at_most_one_core_busy(pool):
    # A real run: CPU time / wall time of this process stays at or under one core.
    run = run_batch("thread pool", "cpu", tasks=4, workers=4, cpu_n=20_000, pool=pool)
    if runtime()["gil_enabled"]:
        assert run["cpu_seconds"] / run["seconds"] < 1.2
    assert run_batch("process pool", "cpu", tasks=2, workers=2, cpu_n=10,
                     pool=pool)["cpu_seconds"] is None


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"model": "greenlets", "kind": "cpu"}, "model must be one of"),
    ({"model": "asyncio", "kind": "gpu"}, "kind must be one of"),
    ({"model": "asyncio", "kind": "cpu", "io_s": 5}, "io_s must be"),
])
def test_bad_input_is_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        run_batch(tasks=1, workers=1, **kwargs)


def test_cores_are_the_ones_this_process_may_use():
    import os

    from sysdesign.concurrency.timing import usable_cores

    assert 1 <= usable_cores() <= (os.cpu_count() or 1)
    if hasattr(os, "sched_getaffinity"):  # an affinity mask restricts them (containers)
        assert usable_cores() == len(os.sched_getaffinity(0))
