"""The classroom route: nbgitpuller pulls the course into a student's home and keeps their edits.

A class's JupyterHub runs nbgitpuller when a student clicks a link from the README's
"For teachers" table. These tests run nbgitpuller's own code (its ``gitpuller`` command,
``python -m nbgitpuller.pull``, the same ``GitPuller`` the hub's handler uses) against a
local repository standing in for GitHub (a ``file://`` URL: no network), and check the
merge rules its documentation states (docs/topic/automatic-merging.md) and its source
implements (``GitPuller.update``: commit the student's changes, then
``git merge -Xours origin/<branch>``):

1. a file the teacher changed and the student did not: the teacher's version arrives;
2. the same file changed on different lines by both: both changes are kept;
3. the same lines changed by both: the student's version wins;
4. a file the student deleted: it comes back from the course, which is how a student
   resets one notebook (delete it, click the link again).

The classroom image (classroom/Dockerfile) is not built here (no registry for images);
its test checks that it installs the very pins Binder uses.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nb as pipeline  # tools/nb.py
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
GIT_IDENTITY = ["-c", "user.name=Course author", "-c", "user.email=author@example.org"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *GIT_IDENTITY, *args], cwd=repo, check=True,
                          capture_output=True, text=True).stdout


def gitpuller(url: str, target: Path) -> str:
    """What a student's click does: nbgitpuller's pull of ``url`` (main) into ``target``."""
    result = subprocess.run([sys.executable, "-m", "nbgitpuller.pull", url, "main", str(target)],
                            cwd=target.parent, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def lesson(answer: str, intro: str, hint: str) -> nbformat.NotebookNode:
    """A small notebook shaped like a lesson: prose, an exercise cell, more prose."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"# 01 · Estimation\n\n{intro}"),
        nbformat.v4.new_code_cell(f"answer = {answer}\ncheck(\"01.1\", answer)"),
        nbformat.v4.new_markdown_cell("## Between\n\nA cell that nobody changes."),
        nbformat.v4.new_markdown_cell(f"## Try it\n\n{hint}"),
    ])
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"  # stable ids, as a stored notebook has
    return nb


def write(path: Path, nb) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def source(path: Path, index: int) -> str:
    return nbformat.read(path, as_version=4).cells[index].source


@pytest.fixture
def course(tmp_path):
    """The course's repository on 'GitHub': a local repository on branch main."""
    upstream = tmp_path / "github" / pipeline.clone_dir()
    upstream.mkdir(parents=True)
    git(upstream, "init", "-q", "-b", "main")
    write(upstream / "notebooks" / "01_estimation.ipynb",
          lesson("...", "Turn traffic into servers.", "Estimate the QPS."))
    write(upstream / "notebooks" / "02_networking.ipynb",
          lesson("...", "Packets and ports.", "Count the round trips."))
    (upstream / "README.md").write_text("# sysdesign\n", encoding="utf-8")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "The course")
    return upstream


def test_gitpuller_pulls_the_course_then_merges_updates_keeping_a_students_edits(
        course, tmp_path):
    home = tmp_path / "home"  # the student's home on the hub
    home.mkdir()
    work = home / pipeline.clone_dir()  # where nbgitpuller's handler puts it
    url = course.as_uri()

    # First click: a fresh clone into an empty folder.
    gitpuller(url, work)
    assert source(work / "notebooks" / "01_estimation.ipynb", 1).startswith("answer = ...")
    assert (work / "README.md").read_text() == "# sysdesign\n"

    # The student answers the exercise and deletes the README (to 'reset' it later).
    ours = work / "notebooks" / "01_estimation.ipynb"
    nb = nbformat.read(ours, as_version=4)
    nb.cells[1].source = 'answer = 1_200  # my estimate\ncheck("01.1", answer)'
    nbformat.write(nb, ours)
    (work / "README.md").unlink()

    # The course updates: another notebook (case 1), the same notebook on other lines
    # (case 2) and on the student's very line (case 3).
    write(course / "notebooks" / "02_networking.ipynb",
          lesson("...", "Packets, ports and sockets.", "Count the round trips."))
    write(course / "notebooks" / "01_estimation.ipynb",
          lesson("None", "Turn daily users into servers.", "Estimate the peak QPS."))
    git(course, "commit", "-q", "-am", "Course update")

    # Next click: nbgitpuller commits the student's changes and merges the course in.
    log = gitpuller(url, work)
    assert "-Xours" in log  # the merge strategy its source documents

    nbformat.validate(nbformat.read(ours, as_version=4))  # still a valid notebook
    assert source(ours, 1).startswith("answer = 1_200  # my estimate")  # case 3: student wins
    assert source(ours, 0).endswith("Turn daily users into servers.")  # case 2: merged in
    assert source(ours, 3).endswith("Estimate the peak QPS.")
    assert source(work / "notebooks" / "02_networking.ipynb", 0).endswith(
        "Packets, ports and sockets.")  # case 1
    assert (work / "README.md").read_text() == "# sysdesign\n"  # case 4: deleted, restored
    assert "Automatic commit by nbgitpuller" in git(work, "log", "--format=%s")

    # Resetting one notebook: delete it and click the link again: the course's copy returns.
    ours.unlink()
    gitpuller(url, work)
    assert json.loads(ours.read_text()) == json.loads(
        (course / "notebooks" / "01_estimation.ipynb").read_text())


def test_a_students_new_file_is_renamed_not_overwritten(course, tmp_path):
    """Case 5: the course adds a file the student already made: theirs is renamed, kept."""
    home = tmp_path / "home"
    home.mkdir()
    work = home / pipeline.clone_dir()
    gitpuller(course.as_uri(), work)
    (work / "notes.md").write_text("my notes\n", encoding="utf-8")
    (course / "notes.md").write_text("course notes\n", encoding="utf-8")
    git(course, "add", "notes.md")
    git(course, "commit", "-q", "-m", "Notes")
    gitpuller(course.as_uri(), work)
    assert (work / "notes.md").read_text() == "course notes\n"
    renamed = [p for p in work.glob("notes__*.md")]
    assert len(renamed) == 1 and renamed[0].read_text() == "my notes\n"


# --- the classroom image and the teachers' links ----------------------------------------


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def test_classroom_image_installs_the_binder_pins_and_nbgitpuller():
    dockerfile = (ROOT / "classroom" / "Dockerfile").read_text()
    assert "-r binder/requirements.txt" in dockerfile  # the same pins as mybinder.org
    assert "-r classroom/requirements.txt" in dockerfile
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()  # e.g. python-3.11
    assert re.search(rf"^FROM quay\.io/jupyter/[a-z-]+-notebook:{runtime}\s*$", dockerfile, re.M)
    extra = pins(ROOT / "classroom" / "requirements.txt")
    assert extra == {"nbgitpuller": pins(ROOT / "tools" / "constraints.txt")["nbgitpuller"]}
    assert not set(extra) & set(pins(ROOT / "binder" / "requirements.txt"))


def test_readme_has_a_link_per_notebook_for_a_class_and_the_website():
    readme = pipeline.README.read_text(encoding="utf-8")
    for path in pipeline.notebook_paths():
        assert pipeline.nbgitpuller_url(f"notebooks/{path.name}") in readme
    assert pipeline.site_url() in readme
    assert "JUPYTERHUB_URL" in readme and "nbgitpuller" in readme


def test_nbgitpuller_link_format_is_the_documented_one():
    # As nbgitpuller's link generator writes it for JupyterLab (docs/_static/link_gen/link.js).
    assert pipeline.nbgitpuller_url("notebooks/01_estimation.ipynb",
                                    hub="https://hub.example.edu/") == (
        "https://hub.example.edu/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2F" + pipeline.GITHUB_REPOSITORY.replace("/", "%2F")
        + "&urlpath=lab%2Ftree%2F" + pipeline.clone_dir() + "%2Fnotebooks%2F01_estimation.ipynb"
        + "&branch=" + pipeline.GITHUB_BRANCH)
