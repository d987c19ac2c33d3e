"""The scaling path: every step points at a notebook of the course, and it draws."""

from __future__ import annotations

from sysdesign.core.syllabus import lesson
from sysdesign.scaling import SCALING_PATH, Step
from sysdesign.scaling.plots import scaling_path_chart


def test_every_step_names_a_lesson_of_the_course():
    assert len(SCALING_PATH) == 10
    for step in SCALING_PATH:
        assert isinstance(step, Step) and step.name and step.adds and step.fixes
        lesson(step.notebook)  # raises for a number the syllabus does not have


def test_chart_draws_one_box_per_step():
    fig = scaling_path_chart()
    ax = fig.axes[0]
    assert len(ax.patches) == len(SCALING_PATH)
    assert fig._repr_png_()
