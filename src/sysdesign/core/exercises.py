"""The "Try it" checker: ``check("09.1", answer)``, with kind and specific feedback.

A learner's exercise cell holds only a placeholder and the call::

    answer = ...
    check("09.1", answer)

The expected answer, how close counts as right, and hints for known wrong answers live in
the topic's ``exercises.py`` as :class:`Exercise` objects, computed from the model where
that makes sense. So no answer is visible in the notebook, and a test can prove that each
worked solution is accepted and each known wrong answer is not.

A check never raises for a learner's answer and never returns a bare True/False (which a
reader on GitHub would take for a verdict): it prints one friendly line.

>>> quiz = Exercise("09.2", expected=3, hint="the read and write quorums must overlap",
...                 wrong={2: "with R = 2, a read can miss the one replica the write reached"})
>>> for attempt in (..., 3, 2, 3.2, 7):
...     print(judge(quiz, attempt))
Exercise 09.2: not answered yet. Replace the ... with your answer and run the cell again.
Exercise 09.2: correct.
Exercise 09.2: not quite. With R = 2, a read can miss the one replica the write reached.
Exercise 09.2: close (within 10 %), but not right. Check your rounding and units.
Exercise 09.2: not quite. Hint: the read and write quorums must overlap.
"""

from __future__ import annotations

import importlib
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from . import checks, units
from .syllabus import lesson

PLACEHOLDER = ...  # what an exercise cell holds before the learner answers
STATUSES = ("unanswered", "correct", "close", "wrong")


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id ("NN.k"), the expected answer, and how to judge an attempt.

    - ``expected``: the answer, or a function that computes it from the model (called only
      when an answer is judged, so importing the module stays cheap).
    - ``hint``: the general hint for a wrong answer; it must not give the answer away.
    - ``wrong``: known wrong answers (or a function returning them), each with a targeted
      hint that says what that number is, e.g. "that is the minority side's size".
    - ``tolerance``: relative error still counted correct (numbers only).
    - ``close``: relative error reported as "close" (numbers only).
    - ``options``: the choices of a decide-or-predict question; answers must be one of them.
    - ``decide``: True when the exercise asks the learner to decide or predict (choose a
      design, predict a curve's direction, find a breaking input) rather than compute.
    """

    id: str
    expected: object
    hint: str
    wrong: Mapping | Callable[[], Mapping] = field(default_factory=dict)
    tolerance: float = 1e-6
    close: float = 0.1
    options: tuple | None = None
    decide: bool = False

    def __post_init__(self):
        number, _, part = self.id.partition(".") if isinstance(self.id, str) else ("", "", "")
        if not (part.isdigit() and len(number) == 2 and number.isdigit()):
            raise ValueError(f"id must read 'NN.k' (lesson number, exercise number), "
                             f"got {self.id!r}")
        lesson(number)  # raises for an id that names no lesson
        checks.number(self.tolerance, "tolerance", 0)
        checks.number(self.close, "close", 0)
        if not isinstance(self.hint, str) or not self.hint.strip():
            raise ValueError(f"hint must be a sentence for exercise {self.id}, got {self.hint!r}")
        if self.options is not None and len(self.options) < 2:
            raise ValueError(f"options must list two or more choices, got {self.options!r}")

    def answer(self):
        """The expected answer (computed from the model if ``expected`` is a function)."""
        return self.expected() if callable(self.expected) else self.expected

    def known_wrong(self) -> dict:
        """Known wrong answers, each with its targeted hint."""
        return dict(self.wrong() if callable(self.wrong) else self.wrong)


@dataclass(frozen=True)
class Feedback:
    """A check's conclusion: one of :data:`STATUSES`, and the line shown to the learner."""

    status: str
    message: str

    def __str__(self) -> str:
        return self.message


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _normal(value):
    """Answers compared loosely: text without case or extra spaces, collections as sets."""
    if isinstance(value, str):
        return " ".join(value.lower().split())
    if isinstance(value, (set, frozenset, list, tuple)):
        try:
            return frozenset(_normal(item) for item in value)
        except TypeError:  # unhashable items: compare as they are
            return value
    return value


def _relative_error(answer: float, expected: float) -> float:
    return abs(answer - expected) / max(abs(expected), 1e-12)


def same(answer, expected, tolerance: float = 0.0) -> bool:
    """Do two answers match? Numbers within ``tolerance`` (relative), the rest loosely."""
    if _is_number(expected) or _is_number(answer):
        return (_is_number(answer) and _is_number(expected)
                and _relative_error(float(answer), float(expected)) <= tolerance)
    if isinstance(expected, bool) or isinstance(answer, bool):
        return isinstance(answer, bool) and isinstance(expected, bool) and answer == expected
    try:
        return bool(_normal(answer) == _normal(expected))
    except (TypeError, ValueError):  # e.g. comparing arrays: not an answer we understand
        return False


def judge(exercise: Exercise, answer) -> Feedback:
    """Judge one answer to ``exercise``; never raises for a learner's answer."""
    tag = f"Exercise {exercise.id}"
    if answer is PLACEHOLDER or answer is None:
        return Feedback("unanswered", f"{tag}: not answered yet. Replace the ... with your "
                                      "answer and run the cell again.")
    expected = exercise.answer()
    if exercise.options is not None and not any(same(answer, o) for o in exercise.options):
        listed = ", ".join(repr(option) for option in exercise.options)
        return Feedback("wrong", f"{tag}: {answer!r} is not one of the choices; answer with "
                                 f"one of {listed}.")
    wrong = exercise.known_wrong()
    # A known wrong answer given exactly is named first, even inside the tolerance: it lets
    # an exercise accept 69 and 70 but still explain why 71 cannot be.
    for known, why in wrong.items():
        if same(answer, known):
            return Feedback("wrong", f"{tag}: not quite. {_sentence(why)}")
    if same(answer, expected, exercise.tolerance):
        return Feedback("correct", f"{tag}: correct.")
    for known, why in wrong.items():
        if same(answer, known, exercise.tolerance):
            return Feedback("wrong", f"{tag}: not quite. {_sentence(why)}")
    if _is_number(expected) and _is_number(answer):
        if _relative_error(float(answer), float(expected)) <= exercise.close:
            return Feedback("close", f"{tag}: close (within {units.percent(exercise.close)}), "
                                     "but not right. Check your rounding and units.")
    elif _is_number(expected):
        return Feedback("wrong", f"{tag}: the answer is a number; got "
                                 f"{type(answer).__name__} {answer!r}.")
    return Feedback("wrong", f"{tag}: not quite. Hint: {_sentence(exercise.hint, capital=False)}")


def _sentence(text: str, *, capital: bool = True) -> str:
    """The text as a sentence: a full stop at the end, a capital first letter if asked."""
    text = text.strip()
    if capital:
        text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def exercises_of(package: str) -> dict[str, Exercise]:
    """Every exercise a topic package defines (``sysdesign.<package>.exercises``), by id."""
    module = importlib.import_module(f"sysdesign.{package}.exercises")
    return {item.id: item for item in module.EXERCISES}


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id, found in its lesson's topic package."""
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a string like '09.1', got {exercise_id!r}")
    package = lesson(exercise_id.partition(".")[0]).package
    registry = exercises_of(package)
    if exercise_id not in registry:
        known = ", ".join(sorted(registry)) or "none"
        raise ValueError(f"exercise_id {exercise_id!r} is not defined in "
                         f"sysdesign.{package}.exercises (it defines: {known})")
    return registry[exercise_id]


def evaluate(exercise_id: str, answer) -> Feedback:
    """Judge ``answer`` to exercise ``exercise_id`` and return the feedback (no printing)."""
    return judge(exercise(exercise_id), answer)


def check(exercise_id: str, answer) -> None:
    """Print friendly feedback on ``answer`` to exercise ``exercise_id`` ("NN.k").

    One line (not answered yet, correct, close, or a hint); nothing is returned, so an
    unanswered cell never shows a bare ``False``.
    """
    print(evaluate(exercise_id, answer))
