"""Every "Try it" exercise: keyed by id, answer hidden, solution accepted, wrong ones refused.

For each notebook: its exercise cells read exactly ``answer = ...`` then
``check("NN.k", answer)``; the topic's ``exercises.py`` defines the same ids; at least two
exercises, one of them asking the learner to decide or predict. For each exercise: the worked
solution (the ```python block in the ``<details>`` right after the cell) runs on its own and
``check`` accepts its answer, and the checker refuses the placeholder and every known wrong
answer. So a solution and its checker cannot drift apart. And no question shows the very
call whose result is its answer.
"""

from __future__ import annotations

import ast
import re

import jupytext
import nb as pipeline  # tools/nb.py
import pytest

from sysdesign.core.exercises import evaluate, exercises_of
from sysdesign.core.syllabus import lesson

PATHS = pipeline.notebook_paths()
CELL = re.compile(r'answer = \.\.\.\ncheck\("(\d\d\.\d+)", answer\)')
SOLUTION = re.compile(r"<details>\s*<summary>Solution</summary>(.*?)</details>", re.S)
CODE = re.compile(r"```python\n(.*?)```", re.S)


def prompt_of(nb, exercise_id: str) -> str:
    """The question of an exercise: the markdown before its cell, after the previous one."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and f'check("{exercise_id}", answer)' in cell.source:
            text = nb.cells[index - 1].source
            for start in ("## Try it", "</details>"):
                text = text[text.rfind(start) + len(start):] if start in text else text
            return text
    raise LookupError(exercise_id)


def answer_calls(solution: str) -> list[str]:
    """Every call in the expression a worked solution assigns to ``answer``.

    >>> answer_calls("answer = len(runs(3)) + 1")
    ['len(runs(3))', 'runs(3)']
    """
    calls = []
    for node in ast.walk(ast.parse(solution)):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "answer"
                                                for t in node.targets):
            calls += [ast.unparse(n) for n in ast.walk(node.value) if isinstance(n, ast.Call)]
    return calls


def exercise_cells(nb) -> list[tuple[str, str]]:
    """(exercise id, its solution's code) for every exercise cell of a notebook."""
    found = []
    for index, cell in enumerate(nb.cells):
        code = "\n".join(line for line in cell.source.strip().splitlines()
                         if not line.lstrip().startswith("#"))
        if cell.cell_type != "code" or not re.search(r"^check\(", code, re.M):
            continue
        match = CELL.fullmatch(code.strip())
        assert match, f"an exercise cell must read exactly `answer = ...` and " \
                      f"`check(\"NN.k\", answer)`, got:\n{cell.source}"
        following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
        details = SOLUTION.search(following.source) if following is not None else None
        assert details, f"{match.group(1)}: the next cell needs a <details> Solution block"
        blocks = CODE.findall(details.group(1))
        assert len(blocks) == 1, f"{match.group(1)}: the solution needs one ```python block"
        found.append((match.group(1), blocks[0]))
    return found


CASES = []
for path in PATHS:
    for exercise_id, solution in exercise_cells(jupytext.read(path)):
        CASES.append(pytest.param(exercise_id, solution, id=exercise_id))


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_has_its_exercises_keyed_by_id(path):
    number = path.name[:2]
    ids = [exercise_id for exercise_id, _ in exercise_cells(jupytext.read(path))]
    assert len(ids) >= 2, "a notebook needs at least two exercises"
    assert all(i.startswith(number + ".") for i in ids), ids
    assert len(set(ids)) == len(ids), f"an exercise id is used twice: {ids}"
    defined = {i: e for i, e in exercises_of(lesson(number).package).items()
               if i.startswith(number + ".")}
    assert set(ids) == set(defined), (
        f"the notebook asks {sorted(ids)}, exercises.py defines {sorted(defined)}")
    assert any(defined[i].decide for i in ids), (
        "at least one exercise must ask the learner to decide or predict (decide=True)")


def shown_calls(nb, exercise_id: str, solution: str) -> list[str]:
    """Calls of the solution's answer that its question already shows (spaces ignored)."""
    squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    question = squeeze(prompt_of(nb, exercise_id))
    return [call for call in answer_calls(solution) if squeeze(call) in question]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_question_does_not_show_the_call_that_answers_it(path):
    """The prompt may name a tool, but not the very call whose result is the answer."""
    nb = jupytext.read(path)
    for exercise_id, solution in exercise_cells(nb):
        shown = shown_calls(nb, exercise_id, solution)
        assert not shown, f"{exercise_id}: the question shows the answer's call {shown}"


def test_the_prompt_check_catches_a_call_shown_in_the_question():
    nb = jupytext.reads(
        "# %% [markdown]\n# ## Try it\n# **1.** How many? Check with\n# `count(6,\n# 4)`.\n"
        "# %%\nanswer = ...\ncheck(\"03.1\", answer)\n", fmt="py:percent")
    assert shown_calls(nb, "03.1", "answer = count(6, 4).total") == ["count(6, 4)"]
    assert shown_calls(nb, "03.1", "answer = count(6, 5).total") == []
    assert shown_calls(nb, "03.1", "x = count(6, 4)\nanswer = 3") == []


@pytest.mark.parametrize(("exercise_id", "solution"), CASES)
def test_solution_is_accepted_and_wrong_answers_are_not(exercise_id, solution):
    namespace: dict = {}
    exec(compile(solution, f"<solution {exercise_id}>", "exec"), namespace)
    assert "answer" in namespace, "the solution must assign `answer`"
    feedback = evaluate(exercise_id, namespace["answer"])
    assert feedback.status == "correct", f"the worked solution is refused: {feedback}"
    assert evaluate(exercise_id, ...).status == "unanswered"
    from sysdesign.core.exercises import exercise

    item = exercise(exercise_id)
    wrong = item.known_wrong()
    assert wrong, "list at least one known wrong answer with a targeted hint"
    for answer, _hint in wrong.items():
        assert evaluate(exercise_id, answer).status == "wrong", answer
    assert not re.search(r"[A-Za-z_]\w*\(", item.hint), (
        f"the general hint shows a call that computes the answer: {item.hint!r}")
