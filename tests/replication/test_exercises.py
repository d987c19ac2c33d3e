"""The "Try it" answers of notebooks 09 and 10 follow from closed forms."""

import math

from sysdesign.core.exercises import evaluate, exercise
from sysdesign.replication.clocks import later_write_loses


def test_the_gap_for_a_one_percent_loss_solves_the_triangular_tail():
    # Ex 09.2: (2s - g)^2 / (8 s^2) = 0.01 with s = 20 ms gives g = s (2 - sqrt(0.08)).
    answer = exercise("09.2").answer()
    assert math.isclose(answer, 20.0 * (2 - math.sqrt(0.08)), rel_tol=1e-9)
    assert math.isclose(later_write_loses(20.0, answer), 0.01, rel_tol=1e-6)
    assert later_write_loses(20.0, answer - 1.0) > 0.01 > later_write_loses(20.0, answer + 1.0)
    assert evaluate("09.2", round(answer, 1)).status == "correct"
    for wrong in (40.0, 39.2, 85.86, 5.66):
        assert evaluate("09.2", wrong).status == "wrong", wrong


def test_a_later_write_that_saw_the_survivor_loses_nothing_more():
    # Ex 10.3: book and lamp concurrent (one lost); the pen, written after both arrived,
    # saw the survivor. Written at once, all three would conflict and two would be lost.
    from sysdesign.replication.exercises import _lost_in_three_datacentres

    assert exercise("10.3").answer() == _lost_in_three_datacentres(50.0) == 1
    assert _lost_in_three_datacentres(0.0) == 2
    assert evaluate("10.3", 2).status == "wrong"
