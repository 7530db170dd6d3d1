"""A write that fails for lack of space leaves the store exactly as it was, and says so."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

import pytest

from retro.store import files
from tests.reliability.conftest import ok, one_line_error, picture, runner_for
from tests.reliability.test_damaged_stores import WRITES, World, argv, build_world


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("full-disk"))


@pytest.fixture
def world(pristine: World, tmp_path: Path) -> World:
    path = tmp_path / "store"
    shutil.copytree(pristine.path, path)
    return World(path, pristine.ids, {}, pristine.export)


def _no_space() -> OSError:
    return OSError(errno.ENOSPC, "No space left on device")


class _FillingFile:
    """A file that takes half of what is written to it, then reports the disk full."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise _no_space()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def _fill_on_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real = files.os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        return _FillingFile(real(fd, *args, **kwargs))

    monkeypatch.setattr(files.os, "fdopen", fdopen)


def _fill_on_backup(monkeypatch: pytest.MonkeyPatch) -> None:
    """No hard links here (another file system), and the copy of the backup runs out of space."""

    def link(src: Any, dst: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    def copy2(src: Any, dst: Any) -> None:
        Path(dst).write_bytes(Path(src).read_bytes()[:10])
        raise _no_space()

    monkeypatch.setattr(files.os, "link", link)
    monkeypatch.setattr(shutil, "copy2", copy2)  # files imports shutil when it backs up


def _fill_on_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """The data is written, but the disk gives up when it is flushed."""

    def fsync(fd: int) -> None:
        raise _no_space()

    monkeypatch.setattr(files.os, "fsync", fsync)


FILLERS = {"write": _fill_on_write, "backup": _fill_on_backup, "fsync": _fill_on_fsync}
# A delete is a rename into .backup/: it needs no space, so it is not among them.
WRITE_COMMANDS = [t for t, _ in WRITES if not t.startswith(("demo", "import", "review delete"))]
WRITE_COMMANDS.append("import {export}")


@pytest.mark.parametrize("where", sorted(FILLERS))
def test_a_full_disk_changes_nothing_and_says_so(
    world: World, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = runner_for(world.path)
    before = picture(world.path)
    pristine_path = world.path.parent / "pristine"
    shutil.copytree(world.path, pristine_path)
    failed = 0
    with monkeypatch.context() as patch:
        FILLERS[where](patch)
        for template in WRITE_COMMANDS:
            args = argv(world, template)
            outcome = run(*args)
            if args[0] == "import" and outcome.code == 0:
                continue  # everything it holds is there already: nothing to write
            if where == "backup" and outcome.code == 0:
                # A new file has no earlier version to back up: it may be written. Nothing
                # that was there may change.
                now = picture(world.path)
                assert all(now[k] == v for k, v in before.items()), template
                shutil.rmtree(world.path)
                shutil.copytree(pristine_path, world.path)
                continue
            line = one_line_error(outcome)
            assert "no space left on the device" in line, (template, line)
            assert "the store is as it was before this command" in line, line
            assert str(world.path) in line
            assert picture(world.path) == before, f"{template} left the store changed"
            failed += 1
    assert failed >= len(WRITE_COMMANDS) - (1 if where != "backup" else 3)
    # With space again, the same store takes writes and is healthy.
    ok(run, "log", "Space again")
    assert run("doctor").code == 0
