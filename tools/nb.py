"""The course's notebook pipeline: navigation, course map, README table, execution.

Usage (from the repository root, with the project's environment):

    python tools/nb.py update notebooks/01_estimation.py   # sync, execute, store
    python tools/nb.py update --all                        # every notebook
    python tools/nb.py nav                                 # navigation + README only

``update`` is the one way notebooks are stored: it syncs the jupytext pair,
writes the navigation lines and the course map, executes top to bottom on a fresh
kernel, applies the widget-output policy (below), and writes the .ipynb and .py.

Widget-output policy: a panel's stored output keeps only its ``text/plain`` note
(see ``sysdesign.core.panel.STATIC_NOTE``); the widget view and ``metadata.widgets``
are dropped. Widget state is rewritten with random ids on every run (diff noise)
and GitHub shows an error when that state is incomplete, so a reader on GitHub
sees the static figure drawn just above each panel plus a one-line note instead.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"

# ---------------------------------------------------------------------------
# The one setting every launch link needs: the repository's GitHub owner/name.
# Binder links, the website's address (https://<owner>.github.io/<name>/), its launch
# menu and the teachers' nbgitpuller links are all derived from it.
# DEFAULT, until the course has its public home: change it here and run
# `python tools/nb.py nav` to rewrite every link (the website reads it when built).
GITHUB_REPOSITORY = "sysdesign-course/sysdesign"
# The branch a class pulls: nbgitpuller needs a branch name (it checks that the branch
# exists), where Binder links can say HEAD.
GITHUB_BRANCH = "main"
# The JupyterHub a class uses, with nbgitpuller installed in its user image (README, "For
# teachers"). A PLACEHOLDER: a teacher sets their hub's address here and runs
# `python tools/nb.py nav` (README links) and `make site` (the website's launch menu).
JUPYTERHUB_URL = "https://hub.example.org"
# ---------------------------------------------------------------------------

BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NAV_MARK = "<!-- nav -->"
# The README's figure is copied from a stored notebook output, so it is always
# what the current code draws: (notebook, code that draws it, where it goes).
README_FIGURE = ("00_start_here.ipynb", "scaling_path_chart(",
                 ROOT / "notebooks" / "figures" / "scaling_path.png")
MAP_MARK = "<!-- course-map -->"
# The reading order of the whole course is sysdesign.core.syllabus.SYLLABUS.


def notebook_paths() -> list[Path]:
    """The course's notebooks, in reading order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def binder_url(path: str) -> str:
    """A mybinder.org link that opens JupyterLab on ``path`` (relative to the repo root)."""
    return (f"https://mybinder.org/v2/gh/{GITHUB_REPOSITORY}/HEAD"
            f"?urlpath=lab/tree/{path}")


def repository_url() -> str:
    """The course's repository on GitHub, as a class's hub clones it."""
    return f"https://github.com/{GITHUB_REPOSITORY}"


def site_url() -> str:
    """The course website on GitHub Pages (``make site``; .github/workflows/pages.yml)."""
    owner, name = GITHUB_REPOSITORY.split("/")
    return f"https://{owner}.github.io/{name}/"


def clone_dir() -> str:
    """The folder nbgitpuller clones the course into: the repository URL's last part.

    nbgitpuller's handler names it ``repo.split('/')[-1]`` (its ``targetPath`` default).
    """
    return repository_url().rstrip("/").split("/")[-1]


def nbgitpuller_url(path: str, hub: str | None = None) -> str:
    """A link that makes a JupyterHub pull the course and open JupyterLab on ``path``.

    nbgitpuller's documented format, as its link generator writes it: the hub's
    ``hub/user-redirect/git-pull`` with ``repo``, ``urlpath`` (relative to the user's
    home, so it starts with the clone's folder) and ``branch``.
    """
    from urllib.parse import urlencode

    query = urlencode({"repo": repository_url(),
                       "urlpath": f"lab/tree/{clone_dir()}/{path}",
                       "branch": GITHUB_BRANCH})
    return f"{(hub or JUPYTERHUB_URL).rstrip('/')}/hub/user-redirect/git-pull?{query}"


def _source(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def title_and_summary(nb) -> tuple[str, str]:
    """The H1 title and the one-sentence summary from a notebook's first cell."""
    first = nb.cells[0]
    lines = [line.strip() for line in _source(first).splitlines()]
    lines = lines[next((i for i, line in enumerate(lines) if line), len(lines)):]
    if first.cell_type != "markdown" or not lines or not lines[0].startswith("# "):
        raise ValueError("the first cell must be markdown starting with '# NN · Title'")
    rest = lines[1:]
    start = next((i for i, line in enumerate(rest) if line), None)
    if start is None:
        raise ValueError("the first cell needs a one-sentence summary after the title")
    # The summary is the whole first paragraph, however many source lines it wraps over.
    end = next((i for i in range(start, len(rest)) if not rest[i]), len(rest))
    return lines[0][2:].strip(), " ".join(rest[start:end])


def nav_line(index: int, names: list[str], titles: list[str]) -> str:
    """previous · contents · next, as markdown links between notebooks."""
    parts = []
    if index > 0:
        parts.append(f"[← {titles[index - 1]}]({names[index - 1]})")
    parts.append("[Contents](00_start_here.ipynb#Course-map)")
    if index + 1 < len(names):
        parts.append(f"[{titles[index + 1]} →]({names[index + 1]})")
    return " · ".join(parts)


def course_map(existing: set[str]) -> str:
    """The markdown table of every syllabus notebook, linked where it exists."""
    from sysdesign.core.syllabus import SYLLABUS

    rows = ["| # | Notebook | Status |", "|---|---|---|"]
    for lesson in SYLLABUS:
        if lesson.filename in existing:
            rows.append(f"| {lesson.number} | [{lesson.title}]({lesson.filename}) | ready |")
        else:
            rows.append(f"| {lesson.number} | {lesson.title} | coming |")
    return "\n".join(rows)


def readme_table(summaries: list[tuple[str, str, str]]) -> str:
    """The README's table of notebooks: number, title, what you do, links."""
    rows = ["| # | Notebook | What you will do | Launch |", "|---|---|---|---|"]
    for name, title, summary in summaries:
        number, _, rest = title.partition(" · ")
        path = f"notebooks/{name}"
        rows.append(f"| {number} | [{rest or title}]({path}) | {summary} | "
                    f"[![Binder]({BINDER_BADGE})]({binder_url(path)}) |")
    return "\n".join(rows)


def readme_badge() -> str:
    return f"[![Launch on Binder]({BINDER_BADGE})]({binder_url('notebooks/00_start_here.ipynb')})"


def readme_site() -> str:
    """The README's line naming the website, derived from GITHUB_REPOSITORY."""
    return f"Read the course as a website: <{site_url()}>."


def classroom_table(titles: list[tuple[str, str]]) -> str:
    """The teachers' table: one nbgitpuller link per notebook, for JUPYTERHUB_URL."""
    rows = ["| # | Notebook | Link for your class |", "|---|---|---|"]
    for name, title in titles:
        number, _, rest = title.partition(" · ")
        rows.append(f"| {number} | {rest or title} | "
                    f"[Open {number} on your JupyterHub]({nbgitpuller_url(f'notebooks/{name}')}) |")
    return "\n".join(rows)


def _replace_between(text: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(\n?<!-- {name}:end -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"README.md lacks the <!-- {name}:start/end --> markers")
    return pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2).lstrip("\n"), text)


def expected_readme(readme_text: str, notebooks: dict[Path, object]) -> str:
    """README.md as it should be, given the notebooks' titles and summaries."""
    summaries = [(p.name, *title_and_summary(nb)) for p, nb in notebooks.items()]
    text = _replace_between(readme_text, "notebooks", readme_table(summaries))
    text = _replace_between(text, "site", readme_site())
    text = _replace_between(text, "classroom",
                            classroom_table([(name, title) for name, title, _ in summaries]))
    return _replace_between(text, "binder", readme_badge())


def readme_figure(notebooks: dict[Path, object]) -> bytes:
    """The PNG bytes of the README's figure, taken from its notebook's stored output."""
    import base64

    name, code, _target = README_FIGURE
    nb = next(nb for path, nb in notebooks.items() if path.name == name)
    for cell in nb.cells:
        if cell.cell_type == "code" and code in cell.source:
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    return base64.b64decode(output["data"]["image/png"])
    raise ValueError(f"{name} has no stored figure from a cell running {code!r}")


def write_readme(notebooks: dict[Path, object]) -> None:
    """Rewrite README.md's table and badge, and its figure from the stored notebook."""
    README.write_text(expected_readme(README.read_text(encoding="utf-8"), notebooks),
                      encoding="utf-8")
    target = README_FIGURE[2]
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(readme_figure(notebooks))


def apply_navigation(notebooks: dict[Path, object]) -> None:
    """Fill every nav cell and the course map, in place."""
    names = [p.name for p in notebooks]
    titles = [title_and_summary(nb)[0] for nb in notebooks.values()]
    for index, nb in enumerate(notebooks.values()):
        line = nav_line(index, names, titles)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            source = _source(cell)
            if source.startswith(NAV_MARK):
                cell.source = f"{NAV_MARK}\n{line}"
            elif source.startswith(MAP_MARK):
                cell.source = f"{MAP_MARK}\n{course_map(set(names))}"


def apply_widget_policy(nb) -> None:
    """Keep only a panel's text note in stored outputs; drop widget state (see module doc)."""
    from sysdesign.core.panel import STATIC_NOTE

    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                if data.get("text/plain") != STATIC_NOTE:
                    raise ValueError("a widget that is not a sysdesign Panel was displayed; "
                                     f"its stored text would be {data.get('text/plain')!r}")
                del data[WIDGET_VIEW]


def execute(nb, timeout: int = 600):
    """Run a notebook top to bottom on a fresh kernel, in notebooks/."""
    from nbclient import NotebookClient

    # The kernel's own log is set to errors only: ipykernel 7 warns on every start that its
    # 127.0.0.1 TCP sockets are unencrypted, a line per notebook that buries real output.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}},
                            record_timing=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client.execute()
    return nb


def read_all() -> dict[Path, object]:
    import jupytext

    return {p: jupytext.read(p) for p in notebook_paths()}


def write_pair(nb, ipynb: Path) -> None:
    """Write the .ipynb and its .py pair from one notebook object."""
    import jupytext

    jupytext.write(nb, ipynb)
    jupytext.write(nb, ipynb.with_suffix(".py"), fmt="py:percent")


def sync(paths: list[Path]) -> None:
    """Bring each .ipynb/.py pair in step (the newer file wins), creating missing halves."""
    from jupytext.cli import jupytext as jupytext_cli

    for path in paths:
        jupytext_cli(["--sync", "--quiet", str(path)])


def cmd_nav() -> None:
    notebooks = read_all()
    apply_navigation(notebooks)
    for path, nb in notebooks.items():
        write_pair(nb, path)
    write_readme(notebooks)


def cmd_update(targets: list[Path]) -> None:
    sync(targets)
    targets = [t.with_suffix(".ipynb").resolve() for t in targets]
    notebooks = read_all()
    before = {path: [_source(c) for c in nb.cells] for path, nb in notebooks.items()}
    apply_navigation(notebooks)
    for path, nb in notebooks.items():
        if path.resolve() in targets:
            print(f"executing {path.name} ...", flush=True)
            execute(nb)
            apply_widget_policy(nb)
            write_pair(nb, path)
        elif [_source(c) for c in nb.cells] != before[path]:
            # Only a navigation line changed (a notebook was added): no re-run needed.
            write_pair(nb, path)
    write_readme(notebooks)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    update = sub.add_parser("update", help="sync, execute and store notebooks")
    update.add_argument("paths", nargs="*", type=Path)
    update.add_argument("--all", action="store_true", help="every notebook")
    sub.add_parser("nav", help="rewrite navigation, course map and README table only")
    args = parser.parse_args(argv)
    if args.command == "nav":
        cmd_nav()
    else:
        paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")) if args.all else args.paths
        if not paths:
            parser.error("name notebooks to update, or pass --all")
        cmd_update(paths)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
