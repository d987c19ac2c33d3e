"""The syllabus: one lesson per number, each naming an importable-looking package."""

import re

import pytest

from sysdesign.core.syllabus import SYLLABUS, lesson


def test_numbers_are_consecutive_and_files_are_well_named():
    assert [item.number for item in SYLLABUS] == [f"{i:02d}" for i in range(len(SYLLABUS))]
    for item in SYLLABUS:
        assert re.fullmatch(r"\d\d_[a-z_]+\.ipynb", item.filename)
        assert item.package.isidentifier() and item.package != "core"


def test_lesson_lookup():
    assert lesson("09").package == "replication"
    with pytest.raises(ValueError, match="number must be a lesson number"):
        lesson("99")
