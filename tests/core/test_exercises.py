"""The exercise checker: friendly, specific feedback; nothing raised, no bare booleans."""

import numpy as np
import pytest

from sysdesign.core import exercises
from sysdesign.core.exercises import Exercise, judge, same

NUMBER = Exercise("10.1", expected=lambda: 0.25, hint="count the stale reads",
                  wrong={0.75: "that is the share of fresh reads"}, tolerance=0.01, close=0.2)
CHOICE = Exercise("09.3", expected="CP", options=("CP", "AP"), decide=True,
                  hint="which side can still reach a majority?",
                  wrong={"AP": "an AP store answers on both sides, and diverges"})


@pytest.mark.parametrize(("answer", "status"), [
    (..., "unanswered"), (None, "unanswered"), (0.25, "correct"), (0.2502, "correct"),
    (np.float64(0.25), "correct"), (0.28, "close"), (0.75, "wrong"), (0.9, "wrong"),
    ("0.25", "wrong"), (True, "wrong"),
])
def test_numbers(answer, status):
    assert judge(NUMBER, answer).status == status


def test_messages_are_kind_and_specific():
    assert "not answered yet" in str(judge(NUMBER, ...))
    assert "share of fresh reads" in str(judge(NUMBER, 0.75))
    assert "within 20 %" in str(judge(NUMBER, 0.28))
    assert "Hint: count the stale reads." in str(judge(NUMBER, 0.9))
    assert "is a number" in str(judge(NUMBER, "0.25"))


def test_a_known_wrong_answer_inside_the_tolerance_is_still_named():
    bound = Exercise("05.2", expected=70, tolerance=0.015, hint="count the window",
                     wrong={71: "too many: 70 fit", 60: "that forgets the timeout"})
    assert [judge(bound, a).status for a in (69, 70, 70.5, 71, 72, 75, 60)] == [
        "correct", "correct", "correct", "wrong", "wrong", "close", "wrong"]
    assert "Too many: 70 fit." in str(judge(bound, 71))


@pytest.mark.parametrize(("answer", "status"), [
    ("CP", "correct"), (" cp ", "correct"), ("AP", "wrong"), ("CA", "wrong"), (1, "wrong"),
])
def test_choices(answer, status):
    feedback = judge(CHOICE, answer)
    assert feedback.status == status
    if answer == "CA":
        assert "not one of the choices" in feedback.message


def test_same_compares_loosely_but_not_wrongly():
    assert same({1, 2}, [2, 1]) and same("Write-Back", "write-back")
    assert not same(1, True) and not same(True, 1) and same(True, True)
    same(np.array([1, 2]), [1, 2])  # an array is not an answer we understand: no exception


def test_check_prints_one_line_and_returns_nothing(monkeypatch, capsys):
    monkeypatch.setattr(exercises, "exercise", lambda exercise_id: NUMBER)
    assert exercises.check("10.1", ...) is None
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize(("options", "error"), [
    (dict(id="9.1"), "id must read 'NN.k'"), (dict(id="99.1"), "lesson number"),
    (dict(hint=" "), "hint must be a sentence"), (dict(options=("A",)), "two or more"),
    (dict(tolerance=-1), "tolerance must be"),
])
def test_bad_definitions_are_refused(options, error):
    fields = dict(id="10.2", expected=1, hint="a hint") | options
    with pytest.raises(ValueError, match=error):
        Exercise(**fields)


def test_unknown_ids_name_what_exists():
    with pytest.raises(TypeError, match="exercise_id must be a string"):
        exercises.exercise(9.1)
    with pytest.raises(ValueError, match="number must be a lesson number"):
        exercises.exercise("99.1")
