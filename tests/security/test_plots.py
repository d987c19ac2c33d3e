from sysdesign.core.exercises import evaluate
from sysdesign.core.panel import Panel
from sysdesign.security import experiments, widgets


def test_panel_draws_every_flow_and_step():
    panel = widgets.handshake_panel()
    assert isinstance(panel, Panel)
    for flow in experiments.FLOW_NAMES:
        result = experiments.handshake(flow, 50.0)
        for step in range(experiments.MAX_STEPS):
            assert panel.draw(result, step=step, flow=flow) is not None


def test_pkce_panel_draws_every_step():
    panel = widgets.pkce_panel()
    for attacker in (False, True):
        rows = experiments.pkce(attacker)
        assert len(rows) == experiments.PKCE_STEPS - (not attacker)
        assert rows[-1]["result"] == ("no token" if attacker else "ok")
        for step in range(experiments.PKCE_STEPS):
            assert panel.draw(rows, step=step, attacker_steals_code=attacker) is not None


def test_exercise_answers():
    assert evaluate("24.1", "no").status == "correct"
    assert evaluate("24.2", 320.0).status == "correct"
    assert not evaluate("24.2", 240.0).status == "correct"
