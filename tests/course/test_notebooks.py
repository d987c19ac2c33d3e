"""Checks on the stored notebooks that nbval does not make.

nbval re-runs each notebook and compares text outputs; it passes a notebook
stored unexecuted, ignores images and execution counts, and knows nothing of
jupytext pairs, navigation or what GitHub shows. These tests cover that, reading the
stored notebooks only: the one execution per test run is nbval's, and the plugin
tools/nbfigures.py checks the figures during it.
"""

from __future__ import annotations

import copy
import re
import statistics
import subprocess
import sys

import jupytext
import nb as pipeline  # tools/nb.py
import nbformat
import pytest
from nbfigures import MEASURED, figures_differ, stale_figures

from sysdesign.core.panel import STATIC_NOTE

PATHS = pipeline.notebook_paths()
IDS = [p.stem for p in PATHS]
RAW_WIDGET_REPR = re.compile(r"^(interactive|VBox|HBox|GridBox|Output|\w+Slider|Dropdown)\(")


def load(path):
    return jupytext.read(path)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def test_there_are_notebooks():
    names = [p.name for p in PATHS]
    assert "00_start_here.ipynb" in names and "01_estimation.ipynb" in names


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_stored_executed_in_order_without_errors(path):
    cells = code_cells(load(path))
    counts = [c.execution_count for c in cells]
    assert None not in counts, "stored with unexecuted code cells: run tools/nb.py update"
    assert counts == list(range(1, len(cells) + 1)), "execution counts are not 1..N"
    errors = [c.source[:60] for c in cells for o in c.outputs if o.output_type == "error"]
    assert not errors, f"stored with error outputs in: {errors}"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_paired_script_in_sync(path):
    pair = path.with_suffix(".py")
    assert pair.exists(), f"{pair.name} (the jupytext pair) is missing"
    ipynb, script = load(path), jupytext.read(pair)
    cells = [(c.cell_type, c.source) for c in ipynb.cells]
    assert cells == [(c.cell_type, c.source) for c in script.cells], (
        f"{path.name} and {pair.name} differ: run tools/nb.py update {pair}")


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_github_sees_no_widget_errors_or_raw_reprs(path):
    nb = load(path)
    assert "widgets" not in nb.metadata, "widget state stored: run tools/nb.py update"
    panels = 0
    for cell in code_cells(nb):
        for output in cell.outputs:
            data = output.get("data", {})
            text = data.get("text/plain", "") or output.get("text", "")
            assert pipeline.WIDGET_VIEW not in data, "a widget view is stored"
            assert "Error displaying widget" not in text
            assert not RAW_WIDGET_REPR.match(text), f"a raw widget repr is stored: {text[:60]}"
            if text == STATIC_NOTE:
                panels += 1
                assert cell.source.startswith("# NBVAL_IGNORE_OUTPUT"), (
                    "a panel cell must start with # NBVAL_IGNORE_OUTPUT")
    if panels:
        images = [o for c in code_cells(nb) for o in c.outputs
                  if "image/png" in o.get("data", {})]
        assert images, "the notebook has panels but no stored figure for GitHub readers"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_skeleton(path):
    nb = load(path)
    title, summary = pipeline.title_and_summary(nb)
    assert re.match(r"\d\d · ", title), f"title must read 'NN · Title', got {title!r}"
    # A summary cut at a line break reads "... what each policy does to" in the README.
    assert summary.endswith((".", "?", "!")), f"summary must be a whole sentence: {summary!r}"
    assert path.name.startswith(title[:2])
    sources = [c.source for c in nb.cells]
    assert sources[1].startswith(pipeline.NAV_MARK) and sources[-1].startswith(pipeline.NAV_MARK)
    headings = {line[3:].strip() for s in sources for line in s.splitlines()
                if line.startswith("## ")}
    needed = {"Summary"} if path.name.startswith("00") else {"Summary", "Try it"}
    assert needed <= headings, f"missing sections: {needed - headings}"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_cells_stay_short(path):
    lengths = [len(c.source.strip().splitlines()) for c in code_cells(load(path))]
    assert max(lengths) <= 15, "a code cell is longer than 15 lines: move logic into src/"
    assert statistics.median(lengths) <= 5, "code cells are long on the whole (median > 5)"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_only_real_measurements_escape_comparison(path):
    # nbval compares every output except in cells tagged as measured on this machine
    # (timings, a load test). Each must say so, and they stay few: everything else in a
    # notebook is seeded and re-runs to the same text and figures.
    measured = [c for c in code_cells(load(path)) if MEASURED in c.metadata.get("tags", [])]
    for cell in measured:
        assert "# Measured:" in cell.source, (
            f"a cell tagged {MEASURED} must say what it measures in a '# Measured:' comment:\n"
            f"{cell.source}")
    assert len(measured) <= 4, f"{len(measured)} cells escape nbval's comparison; at most 4 may"


def test_navigation_and_readme_are_current():
    notebooks = {p: load(p) for p in PATHS}
    expected = copy.deepcopy(notebooks)
    pipeline.apply_navigation(expected)
    for path in PATHS:
        stored = [c.source for c in notebooks[path].cells]
        assert stored == [c.source for c in expected[path].cells], (
            f"{path.name}: navigation or course map is stale: run tools/nb.py nav")
    readme = pipeline.README.read_text(encoding="utf-8")
    assert readme == pipeline.expected_readme(readme, notebooks), (
        "README.md's notebook table or badge is stale: run tools/nb.py nav")
    figure = pipeline.README_FIGURE[2]
    assert figure.read_bytes() == pipeline.readme_figure(notebooks), (
        f"{figure.name} differs from the figure stored in the notebook: run tools/nb.py nav")


def test_nbval_runs_check_the_figures_too(request):
    assert request.config.pluginmanager.has_plugin("nbfigures"), (
        "tools/nbfigures.py is not loaded: see addopts in pyproject.toml")


def test_figure_comparison_catches_a_changed_figure():
    import base64

    from sysdesign.core import style

    def png(color):
        fig, ax = style.figure()
        ax.plot([0, 1], [0, 1], color=color, lw=4)
        return base64.b64encode(style.png_bytes(fig)).decode()

    red, blue = png("red"), png("blue")
    assert figures_differ(red, red) is None and figures_differ(red, blue) is not None
    out = [{"output_type": "display_data", "data": {"image/png": red}}]
    assert stale_figures(out, out) is None
    assert "stale" in stale_figures(out, [{"output_type": "display_data",
                                           "data": {"image/png": blue}}])
    assert "drew 0 figure(s) but 1" in stale_figures(out, [])
    described = [{**out[0], "metadata": {"image/png": {"alt": "A red line rising."}}}]
    assert "alt text of figure 1 is stale" in stale_figures(described, out)


def test_a_stale_figure_fails_the_nbval_run(tmp_path):
    """End to end: a notebook whose stored picture is not what its code draws fails."""
    from nbclient import NotebookClient

    cell = nbformat.v4.new_code_cell(
        "from sysdesign.core import style\n"
        "fig, ax = style.figure()\n"
        "ax.plot([0, 1], [0, 1], color='red', lw=4)\n"
        "fig")
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    NotebookClient(nb, kernel_name="python3").execute()
    cell.source = cell.source.replace("red", "blue")  # the code changed, the picture did not
    path = tmp_path / "stale.ipynb"

    def nbval_run():
        nbformat.write(nb, path)
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-c", str(pipeline.ROOT / "pyproject.toml"),
             "--rootdir", str(pipeline.ROOT), str(path)],
            cwd=pipeline.ROOT, capture_output=True, text=True, timeout=300)

    result = nbval_run()
    assert result.returncode == 1, result.stdout[-2000:]
    assert "stored figure 1 is stale" in result.stdout

    # A cell tagged as a real measurement may draw a different picture each run.
    cell.metadata["tags"] = [MEASURED]
    result = nbval_run()
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_html_export_shows_every_figure_and_table(path):
    """What a reader gets from nbconvert (no execution): every stored figure and table."""
    from nbconvert import HTMLExporter

    nb = load(path)
    exporter = HTMLExporter()
    html, _ = exporter.from_notebook_node(nb)
    template, _ = exporter.from_notebook_node(jupytext.reads("", fmt="py:percent"))
    outputs = [o for c in code_cells(nb) for o in c.outputs]
    images = sum("image/png" in o.get("data", {}) for o in outputs)
    tables = sum("<table" in o.get("data", {}).get("text/html", "") for o in outputs)
    own = template.count("data:image/png;base64,")  # the template's own icons
    assert html.count("data:image/png;base64,") - own == images
    assert html.count("<table") >= tables
    if path.name != "00_start_here.ipynb":
        assert images > 0, "a lesson without a single stored figure"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_relative_links_resolve(path):
    """A link to another notebook or file must not be dead for a reader on GitHub."""
    for cell in load(path).cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", cell.source):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (path.parent / target).exists(), f"dead link to {target}"


# --- accessibility of what is stored ------------------------------------------------------

PLACEHOLDER_ALT = "No description has been provided for this image"
VAGUE_LINKS = {"here", "click here", "this", "this link", "link", "more", "read more"}


def headings(nb) -> list[int]:
    """The level of every markdown heading, in order (code fences skipped)."""
    levels = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            elif not fenced and (match := re.match(r"(#{1,6}) \S", line)):
                levels.append(len(match.group(1)))
    return levels


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_one_title_and_no_skipped_heading_levels(path):
    levels = headings(load(path))
    assert levels.count(1) == 1 and levels[0] == 1, "one H1, the title, first"
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"a heading jumps from level {before} to {after}"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_links_say_where_they_go(path):
    for cell in load(path).cells:
        if cell.cell_type == "markdown":
            for text in re.findall(r"\[([^\]]+)\]\(", cell.source):
                assert text.strip().lower() not in VAGUE_LINKS, f"link text {text!r}"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_every_figure_has_alt_text_in_the_classic_export(path):
    """nbconvert's classic template reads alt text from output metadata (lab's does not)."""
    from nbconvert import HTMLExporter

    nb = load(path)
    images = [o for c in code_cells(nb) for o in c.outputs if "image/png" in o.get("data", {})]
    for output in images:
        alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
        assert len(alt.split()) >= 6, f"a figure without a real alt text: {alt!r}"
    html, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    tags = re.findall(r"<img [^>]*src=\"data:image/png;base64,[^>]*>", html)
    assert len(tags) == len(images)
    assert PLACEHOLDER_ALT not in html
    assert all(re.search(r'alt="[^"]{20,}"', tag) for tag in tags)


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_stored_tables_show_every_cell_whole(path):
    """pandas cuts a cell at 50 characters ("..."), on GitHub too: a reader loses the text."""
    cut = []
    for cell in code_cells(load(path)):
        for output in cell.outputs:
            html = output.get("data", {}).get("text/html", "")
            cut += [text.strip()[-40:] for text in
                    re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)
                    if text.strip().endswith("...")]
    assert not cut, f"table cells cut short: {cut}"
