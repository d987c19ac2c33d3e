"""The course in a real browser: JupyterLab in headless Chromium runs every notebook.

For each notebook in notebooks/ (found automatically) the checker opens it in JupyterLab,
restarts the kernel and runs all cells, then fails on error outputs, widgets that did not
display, images that do not load and panels whose output ignores their controls. A
full-page screenshot per notebook lands in tests/browser-results/ for a person to look at.

Three fixture notebooks in tests/browser/fixtures/ prove the checker: it passes working
panels and reports broken panels, stored tracebacks and errors raised when the cells run.

Run only this test: .venv/bin/python -m pytest tests/course/test_browser.py (add
-k 06_caching for one notebook, -rP to see what was moved and how long each step took).
Needs Debian's Chromium (apt-get install chromium); skips without it, fails without it in CI.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from tests.ci import skip_or_fail

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NOTEBOOKS = ROOT / "notebooks"
FIXTURES = HERE / "browser" / "fixtures"
RESULTS = ROOT / "tests" / "browser-results"

sys.path.insert(0, str(HERE / "browser"))
labcheck = importlib.import_module("labcheck")

pytestmark = pytest.mark.browser
MUST_RUN = "the browser test"  # named when CI is set and it cannot run




def course_notebooks() -> list:
    found = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))
    return found or [pytest.param(None, marks=pytest.mark.skip(reason="notebooks/ is empty"))]


def serve_copy(target: Path) -> Path:
    """A copy of notebooks/ (with times kept, as in a clone) and the fixtures, for Lab to serve.

    Lab autosaves what it opens: working on a copy keeps notebooks/ untouched.
    """
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    if NOTEBOOKS.is_dir():
        shutil.copytree(NOTEBOOKS, target / "notebooks", ignore=ignore)
    shutil.copytree(FIXTURES, target / "fixtures", ignore=ignore)
    if (ROOT / "jupytext.toml").is_file():  # pairs each .ipynb with its .py, as for a learner
        shutil.copy2(ROOT / "jupytext.toml", target / "jupytext.toml")
    return target


class Lab:
    """One JupyterLab server and one headless Chromium shared by every test here."""

    def __init__(self, server, page):
        self.server = server
        self.page = page

    def check(self, notebook: str, **options) -> labcheck.Report:
        shot = (RESULTS / notebook).with_suffix(".png")
        report = labcheck.check_notebook(self.page, notebook, screenshot=shot,
                                         **options)
        print(describe(report))  # shown with -rP or -s: phases and what was moved
        return report


@pytest.fixture(scope="module")
def lab():
    executable = labcheck.find_chromium()
    if executable is None:
        skip_or_fail(MUST_RUN, "browser test needs Chromium and none was found: install Debian's "
                     "(sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail(MUST_RUN, "the playwright package is not installed (pip install -e '.[dev]')")
    with tempfile.TemporaryDirectory(prefix="sysdesign-browser-") as tmp:
        with labcheck.LabServer(serve_copy(Path(tmp))) as server:
            with sync_playwright() as playwright:
                browser = labcheck.launch_browser(playwright, executable)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                try:
                    yield Lab(server, labcheck.open_lab(context, server))
                finally:
                    context.close()
                    browser.close()


def describe(report: labcheck.Report) -> str:
    lines = [f"{report.notebook}: {len(report.problems)} problem(s) in {report.seconds:.0f} s "
             f"(screenshot: {report.screenshot})"]
    lines += [f"  - {problem}" for problem in report.problems]
    lines += [f"  moved: {moved}" for moved in report.panels_moved]
    lines.append(f"  seconds per phase: {report.phases}")
    return "\n".join(lines)


@pytest.mark.parametrize("notebook", course_notebooks())
def test_notebook_runs_and_every_panel_responds(lab, notebook):
    report = lab.check(f"notebooks/{notebook}")
    assert not report.problems, describe(report)


def test_checker_passes_working_panels(lab):
    # Every control, so each kind of control the checker can move is shown to work.
    report = lab.check("fixtures/good_panel.ipynb", every_control=True)
    assert not report.problems, describe(report)
    assert report.widgets == 3
    assert len(report.panels_moved) == 2 + 1 + 5, report.panels_moved


def test_checker_catches_broken_panels(lab):
    report = lab.check("fixtures/broken_panel.ipynb")
    found = "\n".join(report.problems)
    assert "panel in cell 4: output did not change" in found, describe(report)  # frozen view
    assert "panel in cell 5: output did not change" in found, describe(report)  # model raises
    assert "cell 7: a widget failed to display" in found, describe(report)  # no front end
    assert report.panels_moved == []


def test_checker_catches_stored_and_new_errors(lab):
    report = lab.check("fixtures/stored_error.ipynb")
    assert report.problems == [
        "as stored, cell 2: error output ZeroDivisionError: division by zero",
        "after run all, cell 3: error output KeyError: 'tape seek'",
    ], describe(report)
