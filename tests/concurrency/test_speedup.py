"""The speed-up bound and its simulation: closed forms, SimPy, and hypothesis."""

import math

import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdesign.concurrency import MODELS, parallelism, simulate, speedup

ms = st.integers(0, 20).map(float)


def simpy_makespan(tasks, workers, cpu, wait, cpus):
    """The same batch in SimPy: a FIFO resource of ``cpus`` CPUs and ``workers`` workers."""
    env = simpy.Environment()
    cpu_slots = simpy.Resource(env, capacity=cpus)
    todo = list(range(tasks))

    def worker():
        while todo:
            todo.pop()
            with cpu_slots.request() as slot:
                yield slot
                yield env.timeout(cpu)
            yield env.timeout(wait)

    for _ in range(min(workers, tasks)):
        env.process(worker())
    env.run()
    return env.now


def test_the_gil_caps_threads_at_one_cpu():
    assert speedup("thread pool", workers=16, cpu_share=1.0, cores=8, gil=True) == 1.0
    assert speedup("thread pool", workers=16, cpu_share=1.0, cores=8, gil=False) == 8.0
    assert speedup("process pool", workers=16, cpu_share=1.0, cores=8) == 8.0


def test_waiting_work_lets_threads_overlap_up_to_one_over_the_cpu_share():
    assert speedup("thread pool", workers=4, cpu_share=0.1, cores=1) == 4.0
    assert speedup("thread pool", workers=64, cpu_share=0.1, cores=1) == 10.0
    assert speedup("asyncio", workers=1, cpu_share=0.1, cores=8) == 10.0
    assert speedup("asyncio", workers=1, cpu_share=0.0, cores=8) == math.inf
    assert speedup("one thread", workers=64, cpu_share=0.0, cores=8) == 1.0


def test_a_process_pool_on_one_core_cannot_speed_up_cpu_work():
    assert speedup("process pool", workers=8, cpu_share=1.0, cores=1) == 1.0
    run = simulate("process pool", tasks=16, workers=8, cpu_ms=5, wait_ms=0, cores=1)
    assert run["speedup"] == 1.0


@given(model=st.sampled_from(MODELS), tasks=st.integers(1, 40), workers=st.integers(1, 12),
       cpu=ms, wait=ms, cores=st.integers(1, 8), gil=st.booleans())
@settings(max_examples=150, deadline=None)
def test_simulation_matches_simpy_and_never_beats_the_bound(model, tasks, workers, cpu, wait,
                                                             cores, gil):
    if cpu + wait == 0:
        return
    run = simulate(model, tasks=tasks, workers=workers, cpu_ms=cpu, wait_ms=wait,
                   cores=cores, gil=gil)
    k, p = parallelism(model, workers=workers, cores=cores, gil=gil)
    k = tasks if k == math.inf else k
    assert run["makespan_ms"] == pytest.approx(simpy_makespan(tasks, k, cpu, wait, p))
    bound = speedup(model, workers=workers, cpu_share=cpu / (cpu + wait), cores=cores,
                    gil=gil)
    assert run["speedup"] <= bound + 1e-9
    assert 0 <= run["cpu_busy"] <= 1 + 1e-9


@given(tasks=st.integers(1, 60), cpu=ms, wait=ms)
def test_asyncio_batch_takes_all_the_cpu_then_one_wait(tasks, cpu, wait):
    # Closed form: every coroutine starts at once; their CPU parts run one after another
    # and the waits overlap, so the last one finishes at tasks * cpu + wait.
    if cpu + wait == 0:
        return
    run = simulate("asyncio", tasks=tasks, workers=1, cpu_ms=cpu, wait_ms=wait, cores=4)
    assert run["makespan_ms"] == pytest.approx(tasks * cpu + wait)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(("cpu", "wait"), [(1, 0), (1, 9), (3, 7), (0, 1)])
@pytest.mark.parametrize("workers", [1, 2, 4, 8, 16])
def test_a_long_batch_comes_within_ten_percent_of_the_bound(model, cpu, wait, workers):
    run = simulate(model, tasks=400, workers=workers, cpu_ms=cpu, wait_ms=wait, cores=4)
    bound = speedup(model, workers=workers, cpu_share=cpu / (cpu + wait), cores=4)
    if math.isinf(bound):  # pure waits under asyncio: all 400 overlap
        assert run["speedup"] == 400
    else:
        assert run["speedup"] >= 0.9 * bound


@pytest.mark.parametrize(("call", "match"), [
    (lambda: speedup("fibers", workers=1, cpu_share=0.5, cores=1), "model must be one of"),
    (lambda: speedup("asyncio", workers=0, cpu_share=0.5, cores=1), "workers must be"),
    (lambda: speedup("asyncio", workers=1, cpu_share=50, cores=1), "cpu_share must be"),
    (lambda: speedup("asyncio", workers=1, cpu_share=0.5, cores=0), "cores must be"),
    (lambda: simulate("asyncio", tasks=1, workers=1, cpu_ms=0, wait_ms=0, cores=1),
     "cpu_ms and wait_ms"),
    (lambda: simulate("asyncio", tasks=0, workers=1, cpu_ms=1, wait_ms=0, cores=1),
     "tasks must be"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_gil_must_be_a_bool():
    with pytest.raises(TypeError, match="gil must be True or False"):
        speedup("thread pool", workers=1, cpu_share=0.5, cores=1, gil="yes")
