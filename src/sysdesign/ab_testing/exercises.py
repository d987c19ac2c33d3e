"""The "Try it" exercises of notebook 27 (A/B testing): answers computed from the models."""

from __future__ import annotations

from ..core.exercises import Exercise
from .pitfalls import srm_check
from .stats import sample_size

SRM_SPLIT = (10_300, 9_700)


def _srm_verdict() -> str:
    """Is a 10,300 / 9,700 split of a 50/50 experiment a sample ratio mismatch (p < 0.001)?"""
    return "mismatch" if srm_check(*SRM_SPLIT)["p_value"] < 0.001 else "fine"


EXERCISES = [
    Exercise(
        id="27.1",
        expected=lambda: sample_size(0.05, 0.005),
        hint="sample_size takes the lift in the same units as the baseline (an absolute "
             "change in the rate): what is 10 % of a 5 % rate?",
        wrong={sample_size(0.05, 0.1): "that is a lift of 10 percentage points; 10 % of 5 % "
                                        "is 0.005 in absolute terms",
               2 * sample_size(0.05, 0.005): "the function returns users per group already; "
                                             "the question asks per group"},
    ),
    Exercise(
        id="27.2",
        expected=_srm_verdict,
        options=("fine", "mismatch"),
        decide=True,
        hint="run the SRM check on the two counts and compare its p-value with 0.001",
        wrong={"fine": "3 % off looks small, but on 20,000 users a fair 50/50 split is that "
                       "far off much less than once in a thousand experiments"},
    ),
    Exercise(
        id="27.3",
        expected=lambda: "always-valid",
        options=("naive", "fixed", "always-valid"),
        decide=True,
        hint="which rule keeps false positives at or below 5 % however often you look?",
        wrong={"naive": "stopping at the first p < 0.05 is exactly what inflates false "
                        "positives (the red line)",
               "fixed": "a fixed horizon is valid, but it forbids stopping early: the "
                        "question lets the team stop on any day"},
    ),
]
