"""The claims the "Try it" answers of notebook 28 rest on."""

from sysdesign.concurrency import speedup
from sysdesign.concurrency.exercises import FETCH, MODELS, POOL_TASK
from sysdesign.concurrency.experiments import script, supervision
from sysdesign.core.exercises import evaluate, exercise


def test_28_1_free_threaded_gain_is_pool_bound_over_gil_bound():
    gil = speedup("thread pool", **POOL_TASK, gil=True)
    free = speedup("thread pool", **POOL_TASK, gil=False)
    assert (gil, free) == (5.0, 32.0)  # min(32, 1 / 0.2) and min(32, 8 / 0.2)
    assert exercise("28.1").answer() == free / gil == 6.4
    # the trap: eight CPUs instead of one would give 8, but the pool limits first
    assert evaluate("28.1", 8).status == "wrong" and evaluate("28.1", 6.4).status == "correct"


def test_28_2_asyncio_beats_pools_capped_at_eight_on_waiting_work():
    bounds = {model: speedup(model, **FETCH) for model in MODELS}
    assert bounds["thread pool"] == bounds["process pool"] == 8.0
    assert bounds["asyncio"] == 100.0 and bounds["one thread"] == 1.0
    assert exercise("28.2").answer() == "asyncio" and exercise("28.2").decide
    # a thread pool as large as the GIL's CPU limit reaches the same bound (the solution)
    assert speedup("thread pool", **{**FETCH, "workers": 100}) == 100.0


def test_28_3_the_question_script_and_five_plus_ones_never_handled():
    # the script the question prints, and the run its solution follows
    assert " ".join(script(9, 3)) == "+1 +1 boom +1 +1 boom +1 +1 +1 boom +1 +1"
    run = supervision(crashes=3, max_restarts=1)
    assert run["gave_up"] and run["counts"]["dead_letters"] == 6  # +1 +1 +1 boom +1 +1
    handled = [e for e in run["log"] if e["actor"] == "counter" and e["message"] == "+1"]
    assert len(handled) == 4 and exercise("28.3").answer() == 5
    assert evaluate("28.3", 6).status == "wrong" and evaluate("28.3", 5).status == "correct"
