"""Friendly checks for the notebooks' "Try it" exercises.

A check never raises: it prints what is right or what to look at again, so a
learner who has not answered yet sees a hint instead of a traceback.
"""

from __future__ import annotations

import math

PLACEHOLDER = ...  # what an exercise cell holds before the learner answers


def check(answer, expected, *, name: str = "your answer", rel_tol: float = 0.01,
          hint: str = "") -> bool:
    """Compare an answer with the expected value; print feedback and return True if right.

    Numbers match within ``rel_tol`` (1 % by default), so rounding is forgiven.

    >>> check(...,  42)
    Not answered yet: replace the ... with your answer and run the cell again.
    False
    >>> check(41.9, 42)
    Correct: 41.9 is right.
    True
    >>> check(50, 42, hint="count the slots again")
    Not quite: 50 is not right. Hint: count the slots again.
    False
    """
    if answer is PLACEHOLDER or answer is None:
        print("Not answered yet: replace the ... with your answer and run the cell again.")
        return False
    if _matches(answer, expected, rel_tol):
        print(f"Correct: {answer!r} is right.")
        return True
    print(f"Not quite: {answer!r} is not right." + (f" Hint: {hint}." if hint else ""))
    return False


def _matches(answer, expected, rel_tol: float) -> bool:
    if isinstance(expected, bool) or isinstance(answer, bool):
        return answer is expected
    if isinstance(expected, (int, float)) and isinstance(answer, (int, float)):
        return math.isclose(answer, expected, rel_tol=rel_tol, abs_tol=1e-12)
    if isinstance(expected, (set, frozenset)):
        try:
            return set(answer) == expected
        except TypeError:
            return False
    if isinstance(expected, str) and isinstance(answer, str):
        return answer.strip().lower() == expected.strip().lower()
    return answer == expected
