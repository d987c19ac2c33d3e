"""The scenarios behind the notebook's speed-up figure."""

from sysdesign.concurrency.experiments import REACTOR_VS_PROACTOR, speedup_curves


def test_speedup_curves_hold_both_kinds_of_work_and_stay_under_the_bound():
    table = speedup_curves(cpu_share=0.1, cores=4, gil="GIL")["table"]
    assert set(table.work) == {"CPU-bound", "mixed"}
    assert (table.simulated <= table.bound + 1e-9).all()
    cpu = table[(table.work == "CPU-bound") & (table.workers == 16)].set_index("model")
    assert cpu.loc["thread pool", "bound"] == 1 and cpu.loc["process pool", "bound"] == 4
    free = speedup_curves(cpu_share=1.0, cores=4, gil="free-threaded")["table"]
    assert free.query("model == 'thread pool' and workers == 16").bound.max() == 4


def test_reactor_vs_proactor_table_has_both_columns():
    assert list(REACTOR_VS_PROACTOR.columns) == ["reactor (readiness)", "proactor (completion)"]
