"""The model package: every concept is named by `retro.model`, and a command that needs only
lessons never builds the other concepts' classes."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import retro.model
from retro.model import action, decision, kudos, lesson, review, rules, sprint, team

MODULES = [rules, team, sprint, review, action, kudos, lesson, decision]


def _public(module: object) -> set[str]:
    """The names a module of the model defines at its top (classes, functions, constants)."""
    tree = ast.parse(Path(module.__file__).read_text())  # type: ignore[attr-defined]
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {name for name in names if not name.startswith("_")}


def test_the_package_names_every_concept_of_its_modules() -> None:
    every = set().union(*(_public(m) for m in MODULES))
    assert set(retro.model.__all__) == every
    for module in MODULES:
        for name in _public(module):
            assert getattr(retro.model, name) is getattr(module, name), name
    assert set(retro.model.__all__) <= set(dir(retro.model))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Retrospective'"):
        retro.model.Retrospective  # noqa: B018
    with pytest.raises(ImportError):
        from retro.model import Retrospective  # type: ignore[attr-defined]  # noqa: F401


def test_lessons_alone_never_build_reviews_sprints_or_teams() -> None:
    """What a lesson search right after a write imports to check the changed partition."""
    code = (
        "import sys\n"
        "from retro.model import Lesson\n"
        "from retro.store import base, derive, index, search\n"
        "print(sorted(m for m in sys.modules if m.startswith(('retro.model', 'retro.formats'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['retro.model', 'retro.model.lesson', 'retro.model.rules']"


def test_logging_a_lesson_never_builds_reviews_sprints_or_teams(tmp_path: Path) -> None:
    """`retro log` on a store builds a lesson and nothing else of the domain."""
    from retro.store import Store

    store = tmp_path / "store"
    Store(store).init("Platform", by="ana")
    code = (
        "import sys\n"
        "from retro.cli import cli\n"
        f"cli.main(['--store', {str(store)!r}, '--as', 'ana', 'log', 'x'], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('retro.model', 'retro.formats'))))\n"
    )
    env = {**os.environ, "RETRO_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip().splitlines()[-1] == (
        "['retro.model', 'retro.model.lesson', 'retro.model.rules']"
    )
