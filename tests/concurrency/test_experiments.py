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


def test_speedup_figure_text_follows_the_interpreter_setting():
    from sysdesign.concurrency.plots import speedup_curves_view

    gil = speedup_curves_view(speedup_curves(), gil="GIL")
    assert "thread pool and asyncio: all at 1" in gil.axes[0].texts[0].get_text()
    # the bounds drawn at 16 workers, not "up to 1 / CPU share" for every model
    assert "10 for the thread pool, 16 for the process pool" in gil.alt_text
    free = speedup_curves_view(speedup_curves(gil="free-threaded"), gil="free-threaded")
    assert "thread pool" not in free.axes[0].texts[0].get_text()  # it follows the processes
    assert "processes and threads speed up" in free.alt_text
