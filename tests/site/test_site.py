"""The course website (`make site`): built once here, then read page by page.

One module on purpose: `make test` runs pytest-xdist with ``--dist loadscope``, which keeps a
module's tests on one worker, so the build (about a minute) happens once per run and every
test below reads it. The build runs tools/website.py exactly as `make site` does, into a
temporary folder, offline, with ``sphinx-build -W --keep-going``.

The accessibility scan runs axe-core (bundled by axe-playwright-python) in Debian's
Chromium through Playwright, on every page served from 127.0.0.1; like the browser test,
it skips without Chromium outside CI and fails without it in CI.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import http.server
import importlib
import json
import re
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import nb as pipeline  # tools/nb.py
import pytest
import website  # tools/website.py

from tests.ci import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
LESSONS = website.lessons()
IDS = [Path(lesson.filename).stem for lesson in LESSONS]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book") / "site"
    start = time.perf_counter()
    result = website.build(out, quiet=False)
    print(f"site build: {time.perf_counter() - start:.0f} s")
    if result.returncode != 0:
        pytest.fail("sphinx-build -W failed:\n" + result.stderr[-4000:], pytrace=False)
    (out.parent / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return out


class Page(HTMLParser):
    """The parts of a built page the tests read: images, links, ids, tables, headings."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.images: list[dict] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tables = 0
        self.h1: list[str] = []
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "img":
            self.images.append(attrs)
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "table":
            self.tables += 1
        elif tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


@functools.cache
def read_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def page_of(site: Path, lesson) -> Path:
    return site / "notebooks" / f"{Path(lesson.filename).stem}.html"


def stored_outputs(lesson) -> list[dict]:
    notebook = json.loads((ROOT / "notebooks" / lesson.filename).read_text(encoding="utf-8"))
    return [output for cell in notebook["cells"] if cell["cell_type"] == "code"
            for output in cell.get("outputs", [])]


def test_build_passes_strict_without_running_a_notebook(site):
    log = (site.parent / "build.log").read_text(encoding="utf-8")
    assert "build succeeded" in log and "WARNING" not in log
    assert "Executing notebook" not in log  # myst-nb's words when it runs one
    assert (site / "index.html").is_file()


def test_the_table_of_contents_is_the_course_map(site):
    """Syllabus order, only the notebooks that exist: a new notebook needs no site change."""
    links = [link for link in read_page(site / "index.html").links
             if re.fullmatch(r"notebooks/\d\d_\w+\.html", link)]
    expected = [f"notebooks/{stem}.html" for stem in IDS]
    assert list(dict.fromkeys(links)) == expected
    on_disk = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(lesson.filename for lesson in LESSONS) == on_disk, (
        "a notebook in notebooks/ is missing from sysdesign.core.syllabus")


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_every_notebook_has_a_page_titled_like_it(site, lesson):
    import jupytext

    title, _summary = pipeline.title_and_summary(
        jupytext.read(ROOT / "notebooks" / lesson.filename))
    page = read_page(page_of(site, lesson))
    # The theme repeats the title in a print-only header: every H1 is the notebook's title.
    assert {" ".join(h.split()).rstrip("#").strip() for h in page.h1} == {title}


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_every_stored_figure_appears_with_its_alt_text(site, lesson):
    """Each stored PNG is on the page (same bytes, in order) with the alt text stored with it."""
    outputs = [o for o in stored_outputs(lesson) if "image/png" in o.get("data", {})]
    page = read_page(page_of(site, lesson))
    shown = [img for img in page.images if img.get("src", "").startswith("../_images/")]
    assert len(shown) == len(outputs)
    for number, (output, img) in enumerate(zip(outputs, shown, strict=True), start=1):
        data = base64.b64decode(output["data"]["image/png"])
        image = site / "notebooks" / unquote(img["src"])
        assert image.read_bytes() == data, f"figure {number} is not the stored one"
        alt = output["metadata"]["image/png"]["alt"]
        assert img.get("alt") == " ".join(alt.split()), f"figure {number}'s alt text"
        assert hashlib.sha256(data).hexdigest() in img["src"]


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_every_stored_table_appears(site, lesson):
    tables = sum(o.get("data", {}).get("text/html", "").count("<table")
                 for o in stored_outputs(lesson))
    assert read_page(page_of(site, lesson)).tables >= tables


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_launch_menu_opens_this_notebook_on_binder_and_jupyterhub(site, lesson):
    path = f"notebooks/{lesson.filename}"
    links = read_page(page_of(site, lesson)).links
    assert pipeline.binder_url(path) in links
    assert pipeline.nbgitpuller_url(path) in links
    # nbgitpuller's documented link: <hub>/hub/user-redirect/git-pull?repo=&urlpath=&branch=
    hub = next(link for link in links if "/git-pull?" in link)
    parts = urlsplit(hub)
    assert f"{parts.scheme}://{parts.netloc}" == pipeline.JUPYTERHUB_URL.rstrip("/")
    assert parts.path == "/hub/user-redirect/git-pull"
    owner, name = pipeline.GITHUB_REPOSITORY.split("/")
    assert parse_qs(parts.query) == {
        "repo": [f"https://github.com/{owner}/{name}"],
        "urlpath": [f"lab/tree/{name}/{path}"],
        "branch": [pipeline.GITHUB_BRANCH]}
    binder = urlsplit(pipeline.binder_url(path))
    assert binder.path == f"/v2/gh/{owner}/{name}/HEAD"
    assert parse_qs(binder.query) == {"urlpath": [f"lab/tree/{path}"]}
    assert f"https://github.com/{owner}/{name}" in links  # the repository button


def test_links_between_pages_resolve(site):
    """Every relative link lands on a built file, and on an element with its #anchor."""
    dead = []
    for path in [site / name for name in built_pages(site)]:
        for link in read_page(path).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("mailto:"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                dead.append(f"{path.relative_to(site)} -> {link}")
            elif parts.fragment and target.suffix == ".html" and \
                    unquote(parts.fragment) not in read_page(target).ids:
                dead.append(f"{path.relative_to(site)} -> {link} (no such anchor)")
    assert not dead, "\n".join(dead[:20])


# --- accessibility: axe-core in Debian's Chromium ------------------------------------------

sys.path.insert(0, str(ROOT / "tests" / "course" / "browser"))
labcheck = importlib.import_module("labcheck")
BLOCKING = ("serious", "critical")
MUST_RUN = "the accessibility scan"  # named when CI is set and it cannot run




def built_pages(site: Path) -> list[str]:
    """Every page of the site; _static/ holds the theme's Jinja macro files, not pages."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] != "_static")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def describe(violation: dict) -> str:
    targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"][:3]]
    return (f"{violation['impact']}: {violation['id']} ({violation['help']}) "
            f"on {len(violation['nodes'])} element(s), e.g. {targets}")


@pytest.mark.browser  # skipped with the browser test by -m "not browser"
def test_axe_finds_no_serious_or_critical_violation_on_any_page(site):
    executable = labcheck.find_chromium()
    if executable is None:
        skip_or_fail(MUST_RUN, "the accessibility scan needs Chromium: install Debian's "
                     "(sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium")
    try:
        from axe_playwright_python.sync_playwright import Axe
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail(MUST_RUN, "axe-playwright-python is not installed (pip install -e '.[dev]')")

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = built_pages(site)
    found, axe = {}, Axe()
    try:
        with sync_playwright() as playwright:
            browser = labcheck.launch_browser(playwright, executable)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            # Offline by construction: anything not served from 127.0.0.1 is refused.
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith(base) or
                          route.request.url.startswith("data:") else route.abort())
            page = context.new_page()
            for name in pages:
                page.goto(f"{base}/{name}", wait_until="load")
                results = axe.run(page)
                bad = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
                if bad:
                    found[name] = [describe(v) for v in bad]
            context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"axe {axe_version()} scanned {len(pages)} pages")
    assert len(pages) >= len(LESSONS) + 1
    assert not found, "\n".join(f"{name}:\n  " + "\n  ".join(v) for name, v in found.items())


def axe_version() -> str:
    from axe_playwright_python import sync_playwright as module

    script = Path(module.__file__).with_name("axe.min.js").read_text(encoding="utf-8")[:40]
    return html.unescape(script.split("axe ")[-1].split()[0]) if "axe " in script else "?"


def test_pages_workflow_publishes_what_make_site_builds():
    """Publishing is one documented step: .github/workflows/pages.yml (not run here)."""
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert re.search(r"run: make site\s*$", workflow, re.M)
    assert "actions/upload-pages-artifact@" in workflow and "actions/deploy-pages@" in workflow
    assert re.search(r"path: _build/site\s*$", workflow, re.M)
    assert website.DEFAULT_OUT == ROOT / "_build" / "site"
    assert "pages.yml" in pipeline.README.read_text(encoding="utf-8")
