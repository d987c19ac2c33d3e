from sysdesign.core.panel import Panel
from sysdesign.transactions import experiments, plots, widgets


def test_panels_draw_every_step():
    for factory in (widgets.two_phase_panel, widgets.saga_panel):
        panel = factory()
        assert isinstance(panel, Panel)
        values = panel.values()
        result = panel.compute(**values)
        for step in range(0, 9):
            assert panel.draw(result, **{**values, "step": step}) is not None


def test_anomaly_figure_and_tables():
    table = experiments.anomaly_table()
    assert (table["SERIALIZABLE"] == "-").all()
    assert plots.anomaly_matrix(table) is not None
    assert experiments.deadlock()["cycle"] == ["T1", "T2"]
    assert experiments.lost_update("naive").attrs["final"] == 130
