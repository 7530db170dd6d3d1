"""Damaged stores: every command refuses them in one line that names the file and says what to
do, shows no traceback and changes no byte; `retro doctor` explains, `--repair` restores.

The damage is done to each kind of store file in turn (the catalogue, which every command
reads, then the team, a review, a sprint and a lessons file, each under the commands that need
it): empty, truncated, invalid JSON, JSON of the wrong shape, documents missing their fields, a
newer schema, binary, a folder where the file belongs, and the catalogue missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from retro.store import Store
from retro.transfer import dump
from tests.reliability.conftest import (
    ok,
    ok_json,
    one_line_error,
    picture,
    runner_for,
    subprocess_env,
)

# --- a store with one of everything, made through the CLI ------------------------------------


@dataclass
class World:
    """A store with one of each object, and where its files are."""

    path: Path
    ids: dict[str, str]
    files: dict[str, Path]
    export: Path


def build_world(root: Path) -> World:
    path = root / "store"
    by_ana = runner_for(path)

    def run(*args: str, **kwargs: Any) -> Any:
        return by_ana(*args, user="ana", **kwargs)

    ok(run, "init", "--name", "Platform", "--purpose", "Ship small, safe changes")
    ok(run, "member", "add", "bob")
    ok(run, "agreement", "add", "Reviews within a day")
    ids: dict[str, str] = {}
    ids["sprint"] = ok_json(run, "sprint", "new", "S1", "--start", "today", "--end", "+2w")["id"]
    ids["goal"] = ok_json(
        run, "goal", "add", ids["sprint"], "Cut p95", "--baseline", "400", "--target", "200"
    )["id"]
    ids["checkin"] = ok_json(run, "checkin", ids["goal"], "300", "--confidence", "6")["id"]
    ids["review"] = ok_json(run, "review", "new", "Retro", "--format", "ssc")["id"]
    ids["card"] = ok_json(run, "card", "add", ids["review"], "start", "Pairing")["id"]
    ok(run, "card", "add", ids["review"], "stop", "Friday deploys")
    ok(run, "review", "phase", ids["review"], "group")
    ids["intent"] = ok_json(run, "intent", "add", ids["review"], "Ship v2", "--actual", "v1")["id"]
    ids["action"] = ok_json(run, "action", "add", ids["review"], "Fix CI", "--owner", "bob")["id"]
    ids["kudos"] = ok_json(run, "kudos", "add", ids["review"], "bob", "Great pairing")["id"]
    ids["lesson"] = ok_json(run, "log", "Flags help", "-t", "deploy")["id"]
    ids["decision"] = ok_json(
        run, "decision", "add", "Trunk", "--expect", "calm merges", "--review", "+4w",
        "--baseline", "12", "--target", "3",
    )["id"]  # fmt: skip
    ok(run, "log", "Small batches", "-t", "flow")
    export = root / "export.json"
    ok(run, "export", "team", "--format", "json", "-o", str(export))
    lesson_files = sorted((path / "lessons").rglob("*.json"))
    assert len(lesson_files) == 1
    files = {
        "catalogue": path / "store.json",
        "team": path / "team.json",
        "review": path / "reviews" / f"{ids['review']}.json",
        "sprint": path / "sprints" / f"{ids['sprint']}.json",
        "lessons": lesson_files[0],
    }
    return World(path, ids, files, export)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Built once; each test works on a copy."""
    return build_world(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def world(pristine: World, tmp_path: Path) -> World:
    path = tmp_path / "store"
    shutil.copytree(pristine.path, path)
    files = {k: path / v.relative_to(pristine.path) for k, v in pristine.files.items()}
    return World(path, pristine.ids, files, pristine.export)


# --- the damage --------------------------------------------------------------------------------


def _newer(p: Path) -> None:
    data = json.loads(p.read_bytes())
    data["_meta"]["file"]["schema"] = 99
    p.write_text(json.dumps(data))


def _hollow(p: Path) -> None:
    """Keep the file's frame, but strip every document down to its id."""
    data = json.loads(p.read_bytes())
    for name, table in data.items():
        if name != "_meta":
            data[name] = {key: {"id": key} for key in table}
    p.write_text(json.dumps(data))


def _folder(p: Path) -> None:
    p.unlink()
    p.mkdir()
    (p / "stray").write_text("x")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "empty": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    "invalid json": lambda p: p.write_bytes(b'{"_meta": {"file": nope}}'),
    "wrong shape": lambda p: p.write_text('{"_meta": [1, 2], "store": "three"}'),
    "hollow documents": _hollow,
    "newer schema": _newer,
    "binary": lambda p: p.write_bytes(bytes(range(256)) * 4),
    "a folder": _folder,
}

# (argv, the files it must read). Every store command reads the catalogue.
READS: list[tuple[str, set[str]]] = [
    ("formats", {"team"}),
    ("purpose", {"team"}),
    ("purpose --history --json", {"team"}),
    ("member list", {"team"}),
    ("agreement list", {"team"}),
    ("review list", {"review"}),
    ("review show {review}", {"review", "team"}),
    ("review show {review} --json", {"review"}),
    ("sprint list", {"sprint"}),
    ("sprint show {sprint}", {"sprint"}),
    ("action list", {"review"}),
    ("action list --json", {"review"}),
    ("drift {review}", {"review"}),
    ("drift {sprint}", {"sprint", "team"}),
    ("drift", {"sprint", "team"}),
    ("lessons", {"lessons"}),
    ("lessons -s flags --json", {"lessons"}),
    ("export {review}", {"review", "team"}),
    ("export {sprint}", {"sprint", "team"}),
    ("export lessons", {"lessons"}),
    ("export team", {"team", "review", "sprint", "lessons"}),
    ("export team --format json", {"team", "review", "sprint", "lessons"}),
]
WRITES: list[tuple[str, set[str]]] = [
    ("purpose 'A new north star'", {"team"}),
    ("member add carla", {"team"}),
    ("agreement add 'No Friday deploys'", {"team"}),
    ("demo --into-current --yes", {"team"}),
    ("review new 'Another retro'", set()),
    ("review phase {review} vote", {"review"}),
    ("review edit {review} --title Renamed", {"review"}),
    ("review delete {review} --yes", {"review"}),
    ("card add {review} start 'More pairing'", {"review", "team"}),
    ("card edit {card} 'Pairing daily'", {"review"}),
    ("card move {card} stop", {"review", "team"}),
    ("card promote {card}", {"review"}),
    ("intent add {review} 'Ship v3'", {"review"}),
    ("intent rate {intent} met", {"review"}),
    ("kudos add {review} carla 'Thanks'", {"review"}),
    ("pulse {review} 4", {"review"}),
    ("action add {review} 'Write docs'", {"review"}),
    ("action done {action}", {"review"}),
    ("sprint new S2 --start today --end +1w", set()),
    ("sprint edit {sprint} --title Renamed", {"sprint"}),
    ("goal add {sprint} 'Fewer pages' --baseline 9 --target 3", {"sprint"}),
    ("checkin {goal} 250", {"sprint"}),
    ("goal rate {goal} met", {"sprint"}),
    ("log 'Another lesson'", {"lessons"}),
    # Import skips what the store holds already by id, without reading it.
    ("import {export}", {"team"}),
]
COMMANDS = READS + WRITES


def argv(world: World, template: str) -> list[str]:
    import shlex

    return shlex.split(template.format(**world.ids, export=world.export))


def expect_refusal(line: str, path: Path, damage: str) -> None:
    """The one line names the damaged file and says what to do about it."""
    assert str(path) in line, line
    if damage == "newer schema":
        assert "newer retro" in line and "upgrade retro" in line, line
    else:
        assert "retro doctor" in line, line
    assert "nothing was changed" in line.lower(), line


TARGETS = ["catalogue", "team", "review", "sprint", "lessons"]
CASES = [(t, d) for t in TARGETS for d in DAMAGE] + [("catalogue", "missing")]


@pytest.mark.parametrize(("target", "damage"), CASES, ids=[f"{t}-{d}" for t, d in CASES])
def test_every_command_refuses_a_damaged_file_and_changes_nothing(
    world: World, target: str, damage: str
) -> None:
    path = world.files[target]
    if damage == "missing":
        path.unlink()
    else:
        DAMAGE[damage](path)
    run = runner_for(world.path)
    before = picture(world.path)
    damaged = world.path.parent / "damaged"
    shutil.copytree(world.path, damaged, symlinks=True)
    refused = 0
    for template, reads in COMMANDS:
        outcome = run(*argv(world, template))
        needed = target == "catalogue" or target in reads
        if needed or outcome.code != 0:
            line = one_line_error(outcome)
            expect_refusal(line, path, damage)
            assert picture(world.path) == before, f"{template} changed the store"
            refused += 1
        else:
            # It did not need the damaged file: it may work, but must leave that file alone.
            # (Then the damaged store is put back, so each command meets the same store.)
            rel = str(path.relative_to(world.path))
            assert picture(world.path).get(rel) == before.get(rel), f"{template} touched {rel}"
            shutil.rmtree(world.path)
            shutil.copytree(damaged, world.path, symlinks=True)
    # `retro init` over it refuses too (a store is there), and names the folder.
    line = one_line_error(run("init"))
    assert "already a retro store" in line
    assert picture(world.path) == before
    assert refused >= 1
    print(f"damaged stores: {target}/{damage}: {refused + 1} commands refused it")


# --- the doctor ---------------------------------------------------------------------------------

DOCTOR_CASES = [
    (t, d) for t in ["catalogue", "team", "review", "sprint", "lessons"] for d in DAMAGE
]


@pytest.mark.parametrize(
    ("target", "damage"), DOCTOR_CASES, ids=[f"{t}-{d}" for t, d in DOCTOR_CASES]
)
def test_doctor_explains_and_repair_restores(world: World, target: str, damage: str) -> None:
    path = world.files[target]
    run = runner_for(world.path)
    # One more write to the file first, so that its last good version is in the backup.
    touch = {
        "catalogue": None,
        "team": ["member", "add", "dora"],
        "review": ["action", "add", world.ids["review"], "One more"],
        "sprint": ["checkin", world.ids["goal"], "280"],
        "lessons": ["log", "One more lesson"],
    }[target]
    older = dump(Store(world.path))
    if touch:
        ok(run, *touch)
    good = dump(Store(world.path))
    DAMAGE[damage](path)
    before = picture(world.path)

    checked = run("doctor")
    assert checked.code == 1 and checked.exception is None
    assert "Traceback" not in checked.stdout + checked.stderr
    problems = [line for line in checked.stdout.splitlines() if line.startswith("problem: ")]
    assert any(str(path) in line for line in problems), checked.stdout
    assert picture(world.path) == before, "checking wrote to the store"

    repaired = run("doctor", "--repair")
    assert repaired.exception is None
    if damage == "newer schema":
        # A newer retro's file is never replaced by an older backup.
        assert repaired.code == 1
        assert "upgrade retro" in repaired.stdout
        assert path.read_bytes() == before[str(path.relative_to(world.path))]
        return
    assert repaired.code == 0, repaired.stdout
    assert f"repaired: {path}" in repaired.stdout
    assert ok_json(run, "doctor")["healthy"]
    # The last good backup, with what could be saved of the last write (all of it, when its
    # documents are still whole in the damaged file): nothing older is lost.
    assert dump(Store(world.path)) in (good, older), "the repair lost or changed documents"
    kept = list((world.path / ".backup" / "damaged").iterdir())
    assert kept, "the damaged file was not kept"
    # Every command works again.
    for template, _ in READS:
        ok(run, *argv(world, template))


def test_missing_catalogue_is_written_anew(world: World) -> None:
    world.files["catalogue"].unlink()
    run = runner_for(world.path)
    checked = run("doctor")
    assert checked.code == 1 and "the catalogue is missing" in checked.stdout
    assert ok_json(run, "doctor", "--repair")["healthy"]
    ok(run, "review", "list")


@pytest.mark.parametrize("target", ["review", "lessons"])
def test_repair_keeps_documents_written_since_the_backup(world: World, target: str) -> None:
    """The backup is the version before the last write; a truncated file still holds that last
    write's document whole, and the repair keeps it."""
    run = runner_for(world.path)
    if target == "review":
        new = ok_json(run, "card", "add", world.ids["review"], "start", "Written last")["id"]
    else:
        new = ok_json(run, "log", "Written last", "-t", "late")["id"]
    good = dump(Store(world.path))
    path = world.files[target]
    raw = path.read_bytes()
    assert new.encode() in raw
    assert new.encode() not in (world.path / ".backup" / path.relative_to(world.path)).read_bytes()
    # Cut the end off the file: in a review that damages its header (the last table); in a
    # lessons file it leaves every lesson whole but the file unclosed.
    cut = len(raw) - 20 if target == "review" else raw.rindex(b"}", 0, raw.rindex(b"}"))
    path.write_bytes(raw[:cut])
    report = ok_json(run, "doctor", "--repair")
    assert report["healthy"]
    assert any("later documents saved" in line for line in report["repaired"]), report
    assert dump(Store(world.path)) == good


@pytest.mark.skipif(sys.platform != "linux", reason="uses os.setuid (Linux, as root)")
def test_read_only_store_refuses_writes_and_keeps_reads(pristine: World) -> None:
    """A read-only store folder (as an ordinary user: root ignores permissions) still reads;
    every write fails in one line that names the file, and nothing changes."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="retro-read-only-"))
    try:
        _read_only_case(pristine, base)
    finally:
        for folder in [base, *[p for p in base.rglob("*") if p.is_dir()]]:
            folder.chmod(0o700)
        shutil.rmtree(base)


def _read_only_case(pristine: World, base: Path) -> None:
    world = World(base / "store", pristine.ids, {}, base / "export.json")
    shutil.copytree(pristine.path, world.path)
    shutil.copy(pristine.export, world.export)
    nobody = 65534
    if os.getuid() == 0:
        # The unprivileged user owns the store, as a person owns theirs.
        for p in [base, *base.rglob("*")]:
            os.chown(p, nobody, nobody)
    base.chmod(0o755)
    for folder in [world.path, *[p for p in world.path.rglob("*") if p.is_dir()]]:
        folder.chmod(0o500)
    script = textwrap.dedent(
        """
        import importlib, json, os, pkgutil, sys
        from click.testing import CliRunner
        import retro
        # Import everything first: the unprivileged user may not read Python's own files.
        SKIP = ("retro.app", "retro.screens", "retro.widgets", "retro.__")
        for module in pkgutil.walk_packages(retro.__path__, "retro."):
            skip = ("retro.app", "retro.screens", "retro.widgets", "retro.__")
            if not module.name.startswith(skip):
                importlib.import_module(module.name)
        import dateutil.parser, dateutil.relativedelta, secrets, tempfile, shlex, statistics
        if os.getuid() == 0:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        from retro.cli import cli
        store, commands = sys.argv[1], json.loads(sys.argv[2])
        out = []
        for args in commands:
            r = CliRunner().invoke(cli, ["--store", store, "--as", "ana", *args], color=True)
            out.append([r.exit_code, r.stdout, r.stderr, repr(r.exception)])
        print(json.dumps(out))
        """
    ).replace("NOBODY", str(nobody))
    before = picture(world.path)
    reads = [argv(world, t) for t, _ in READS]
    commands = reads + [argv(world, t) for t, _ in WRITES]
    done = subprocess.run(
        [sys.executable, "-c", script, str(world.path), json.dumps(commands)],
        capture_output=True,
        text=True,
        env=subprocess_env(HOME=str(base)),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    for args, (code, stdout, stderr, _exc) in zip(commands, results, strict=True):
        if args in reads:
            assert code == 0, (args, stderr)
            continue
        if args[0] == "import":  # the store's own export: nothing new, so nothing to write
            assert code == 0 and "imported nothing new" in stdout, (args, stdout, stderr)
            continue
        assert code == 1, (args, stdout, stderr)
        lines = stderr.splitlines()
        assert len(lines) == 1 and "Traceback" not in stderr, (args, stderr)
        assert str(world.path) in lines[0] and "read-only" in lines[0], lines[0]
        assert "retro doctor" in lines[0], lines[0]
    assert picture(world.path) == before
