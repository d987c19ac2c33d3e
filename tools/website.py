"""The course as a website: a static book built from the stored notebooks (``make site``).

Usage (from the repository root, with the project's environment):

    python tools/website.py                  # build into _build/site (git-ignored)
    python tools/website.py --out DIR        # build elsewhere (the tests build into a temp dir)

Sphinx with myst-nb and sphinx-book-theme; the configuration is book/conf.py. Nothing is
executed (``nb_execution_mode = "off"``): the pages show the outputs stored in notebooks/,
the very figures and tables a reader sees on GitHub. The build is offline and strict
(``sphinx-build -W --keep-going``: any warning fails it, all of them are reported).

The table of contents is the course map: ``sysdesign.core.syllabus.SYLLABUS`` in reading
order, filtered to the notebooks that exist, so a new notebook appears with no change here.
The source tree Sphinx reads is assembled in ``<out>-src``: a generated index.md and a copy
of each notebook under notebooks/, at the same path as in the repository (the launch
links name that path).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"  # conf.py
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "_build" / "site"


def lessons() -> list:
    """The syllabus's lessons whose notebook exists, in reading order."""
    from sysdesign.core.syllabus import SYLLABUS

    return [lesson for lesson in SYLLABUS if (NOTEBOOKS / lesson.filename).is_file()]


def index_page() -> str:
    """The home page: what the course is, the three ways in, and the course map as toctree."""
    import nb  # tools/nb.py: the one place the repository and hub settings live

    entries = "\n".join(f"notebooks/{Path(lesson.filename).stem}" for lesson in lessons())
    return f"""# sysdesign: system design you can run

An interactive course on system-design fundamentals, one Jupyter notebook per topic.
Every idea is something you run, move and measure: a cache you fill and watch evict, a
cluster you partition, a geohash grid over real cities, shard keys you skew until a shard
melts. This website shows each notebook as it is stored, with its figures and tables.

![The scaling path from one server to many, from notebook 00](notebooks/figures/scaling_path.png)

## Three ways in

- **Read it here.** Every page is a notebook with its stored results; the rocket menu at
  the top of a page opens that notebook on Binder or on your class's JupyterHub.
- **On Binder**, with nothing installed:
  [launch the course on Binder]({nb.binder_url("notebooks/00_start_here.ipynb")}).
- **In JupyterLab on your machine**: clone
  [the course's repository]({nb.repository_url()}) and run `make lab`.

```{{toctree}}
:caption: Course map
:maxdepth: 1

{entries}
```
"""


def assemble(src: Path) -> Path:
    """Write the source tree Sphinx reads: index.md and a copy of each notebook."""
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    for lesson in lessons():
        shutil.copy2(NOTEBOOKS / lesson.filename, src / "notebooks" / lesson.filename)
    shutil.copytree(NOTEBOOKS / "figures", src / "notebooks" / "figures")
    (src / "index.md").write_text(index_page(), encoding="utf-8")
    return src


def build(out: Path = DEFAULT_OUT, *, quiet: bool = True) -> subprocess.CompletedProcess:
    """Assemble the sources and run ``sphinx-build -W --keep-going``; return the process."""
    src = assemble(out.parent / f"{out.name}-src")
    if out.exists():
        shutil.rmtree(out)
    doctrees = out.parent / f"{out.name}-doctrees"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going",
               "-E", "-c", str(BOOK), "-d", str(doctrees), str(src), str(out)]
    if quiet:
        command.insert(3, "-q")
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    result = build(args.out.resolve(), quiet=True)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    seconds = time.perf_counter() - start
    if result.returncode == 0:
        print(f"built {len(lessons())} notebook pages in {seconds:.0f} s: "
              f"{args.out / 'index.html'}")
    else:
        print(f"site build failed after {seconds:.0f} s", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "tools"))
    raise SystemExit(main())
