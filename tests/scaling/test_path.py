"""The scaling path: Xu's order, a lesson for every step, an architecture that grows step by
step, labels generated from the syllabus, and the example's numbers from the estimator."""

from __future__ import annotations

import math

import pytest

from sysdesign.core.syllabus import lesson
from sysdesign.estimation import URL_SHORTENER, estimate
from sysdesign.scaling import SCALING_PATH, Step, architecture, example_lines, lesson_label
from sysdesign.scaling.example import DB_SERVER_BYTES, path_table
from sysdesign.scaling.plots import architecture_chart, scaling_path_chart

XU_ORDER = ["Single server", "Separate database", "Vertical scaling", "Horizontal scaling",
            "Database replication", "Cache", "CDN", "Stateless web tier",
            "Multiple data centres", "Message queue", "Logs, metrics, automation", "Sharding",
            "Microservices"]


def test_the_steps_follow_xu_chapter_one_and_name_a_lesson_each():
    assert [step.name for step in SCALING_PATH] == XU_ORDER
    for step in SCALING_PATH:
        assert isinstance(step, Step) and step.adds and step.fixes
        lesson(step.lesson)


def test_steps_point_to_lessons_that_cover_them():
    by_name = {step.name: step.lesson for step in SCALING_PATH}
    # Notebook 00 itself covers the first server and vertical scaling (the growing picture);
    # data centres belong with disaster recovery (08), not with CAP (09).
    assert by_name["Single server"] == by_name["Vertical scaling"] == "00"
    assert by_name["Multiple data centres"] == "08"
    assert by_name["Sharding"] == "11" and by_name["Cache"] == "06"


def test_an_unknown_lesson_is_refused():
    with pytest.raises(ValueError, match="number must be a lesson number"):
        Step("Teleport", "a", "b", "99")


def test_lesson_labels_come_from_the_syllabus_and_mark_missing_notebooks():
    existing = {"00_start_here.ipynb", "06_caching.ipynb"}
    assert lesson_label("06", existing) == "06 · Caching"
    assert lesson_label("07", existing) == "07 · Content delivery networks (coming)"
    assert lesson_label("00", existing).startswith("00 · Start here")


def test_architecture_grows_step_by_step():
    previous = set()
    for number in range(1, len(SCALING_PATH) + 1):
        drawing = architecture(number)
        step = SCALING_PATH[number - 1]
        boxes = set(drawing.boxes)
        assert boxes == (previous - set(step.drop)) | {b.key for b in step.boxes}
        assert drawing.new == {b.key for b in step.boxes} | {k for k, _ in step.change}
        assert all(a in boxes and b in boxes for a, b in drawing.links)
        assert all(number in drawing.history[key] for key in drawing.new)
        previous = boxes
    last = architecture(len(SCALING_PATH))
    assert {"lb", "cache", "cdn", "sessions", "queue", "ops", "shards", "dc2"} <= set(last.boxes)
    assert last.boxes["web"].many and "Services" in last.boxes["web"].label


def test_vertical_then_horizontal_scaling():
    assert architecture(3).boxes["web"].big and architecture(3).boxes["db"].big
    after = architecture(4)
    assert after.boxes["web"].many and not after.boxes["web"].big
    assert ("users", "lb") in after.links and ("users", "web") not in after.links


def test_architecture_refuses_steps_off_the_path():
    with pytest.raises(ValueError, match="step must be an integer in 1..13"):
        architecture(0)


def test_example_lines_carry_the_estimators_numbers():
    e = estimate(URL_SHORTENER)
    lines = example_lines()
    assert len(lines) == len(SCALING_PATH)
    peak = e.peak_read_qps + e.peak_write_qps
    assert f"{peak:,.0f} requests/s" in lines[0]
    assert lines[3].startswith(f"{e.servers} web servers")
    # At the peak the servers run below the 70 % they are planned for (2,546 / 4,000 = 64 %).
    load = peak / (e.servers * URL_SHORTENER.server_qps)
    assert load <= URL_SHORTENER.target_utilization
    assert f"at {round(load * 100)} % of their capacity" in lines[3]
    assert f"{e.peak_read_qps:,.0f} reads/s" in lines[4]
    # A shard holds one copy of its part of the data; its replicas hold the other copies.
    shards = math.ceil(e.storage_provisioned / URL_SHORTENER.replication_factor
                       / DB_SERVER_BYTES)
    assert f"{shards} shards of {URL_SHORTENER.replication_factor} servers" in lines[11]
    assert f"{shards * URL_SHORTENER.replication_factor} in all" in lines[11]
    assert "8.77 hours" in lines[2]  # one machine at 99.9 %, a 365.25-day year


def test_path_table_has_a_row_per_step_with_its_lesson():
    table = path_table({"06_caching.ipynb"})
    assert len(table) == len(SCALING_PATH)
    assert table.loc["6. Cache", "covered in"] == "06 · Caching"
    assert table.loc["9. Multiple data centres", "covered in"].endswith("(coming)")


def test_map_marks_lessons_without_a_notebook_as_coming():
    fig = scaling_path_chart({"06_caching.ipynb", "11_sharding.ipynb"})
    texts = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
    assert "→ 06 · Caching" in texts
    assert any(t.startswith("→ 07 · Content delivery") and t.endswith("(coming)")
               for t in texts)
    assert not any("09 ·" in t for t in texts)
    assert "3 of them point to notebooks that exist" in fig.alt_text
    every = {f"{lesson(s.lesson).filename}" for s in SCALING_PATH}
    assert "all 13 point to notebooks that exist." in scaling_path_chart(every).alt_text
    assert len(fig.axes[0].patches) == len(SCALING_PATH)


def test_architecture_chart_draws_every_box_and_describes_the_step():
    drawing = architecture(6)
    fig = architecture_chart(drawing, "an example line")
    assert "Step 6 of 13: Cache" in fig.axes[0].get_title()
    assert "This step adds or changes: Cache (memory)" in fig.alt_text
    assert "an example line" in fig.alt_text
    assert "Sites:" not in fig.alt_text
    assert "Sites: Data centre 1, Data centre 2" in architecture_chart(architecture(13)).alt_text


def _luminance(rgb) -> float:
    """WCAG 2 relative luminance of an sRGB colour (components 0..1)."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_label_on_the_map_is_readable_on_its_box():
    from matplotlib.colors import to_rgba

    fig = scaling_path_chart({"06_caching.ipynb"})
    ax = fig.axes[0]
    fills = []
    for patch in ax.patches:  # each box's fill, blended over the white page
        *rgb, alpha = to_rgba(patch.get_facecolor())
        alpha *= patch.get_alpha() if patch.get_alpha() is not None else 1
        fills.append([alpha * c + (1 - alpha) for c in rgb])
    for text in ax.texts:
        ink = _luminance(to_rgba(text.get_color()))
        for fill in fills:
            light, dark = sorted((ink, _luminance(fill)), reverse=True)
            assert (light + 0.05) / (dark + 0.05) >= 4.5, text.get_text()
