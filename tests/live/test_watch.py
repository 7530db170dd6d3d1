"""Hearing of changes: which paths matter, when to poll instead, and the real watcher (inotify
through watchfiles) telling a store write from a presence refresh."""

from __future__ import annotations

import queue
import threading
from pathlib import Path

import pytest

from retro.live import beacon
from retro.live.presence import Presence
from retro.live.watch import Watcher, classify, filesystem_type, how_to_watch

WAIT = 20.0


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("reviews/rabc.json", "data"),
        ("lessons/ana/2026-03.json", "data"),
        ("team.json", "data"),
        (".presence/pabc.json", "presence"),
        (".presence/.pabc.123.tmp", None),
        (".lock", None),
        (".backup/reviews/rabc.json", None),
        ("reviews/.rabc.json.1f2e.tmp", None),
        (".git/index", None),
    ],
)
def test_what_a_changed_path_means(tmp_path: Path, rel: str, kind: str | None) -> None:
    assert classify(tmp_path, str(tmp_path / rel)) == kind
    assert classify(tmp_path, "/elsewhere/x.json") is None


MOUNTS = """\
/dev/sda1 / ext4 rw 0 0
server:/teams /mnt/teams nfs4 rw 0 0
//nas/share /mnt/my\\040share cifs rw 0 0
tmpfs /mnt/teams/local tmpfs rw 0 0
"""


def test_the_filesystem_of_a_path_is_the_deepest_mount_holding_it() -> None:
    assert filesystem_type(Path("/home/ana/.retro"), MOUNTS) == "ext4"
    assert filesystem_type(Path("/mnt/teams/platform"), MOUNTS) == "nfs4"
    assert filesystem_type(Path("/mnt/teams/local/x"), MOUNTS) == "tmpfs"
    assert filesystem_type(Path("/mnt/my share/retro"), MOUNTS) == "cifs"
    assert filesystem_type(Path("/mnt/teamsx"), MOUNTS) == "ext4"


def test_polling_is_chosen_when_asked_for_and_notifications_otherwise(tmp_path: Path) -> None:
    assert how_to_watch(tmp_path, {"RETRO_WATCH": "poll"})[0] == "poll"
    assert how_to_watch(tmp_path, {"RETRO_WATCH": "notify"})[0] == "notify"
    mode, why = how_to_watch(tmp_path, {})
    kind = filesystem_type(tmp_path.resolve())
    assert (mode == "poll") == (kind in {"nfs", "nfs4", "cifs", "9p"}), (kind, why)


def _watching(root: Path) -> tuple[Watcher, queue.Queue[set[str]], threading.Thread]:
    heard: queue.Queue[set[str]] = queue.Queue()
    ready = threading.Event()
    files: list[set[str]] = []

    def changed(kinds: set[str], paths: set[str]) -> None:
        files.append(paths)
        heard.put(kinds)

    watcher = Watcher(root, changed)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    # watchfiles starts watching asynchronously: write a probe until it is heard.
    probe = root / "probe.json"
    for attempt in range(200):
        probe.write_text(str(attempt))
        try:
            if "data" in heard.get(timeout=0.1):
                ready.set()
                break
        except queue.Empty:
            continue
    assert ready.is_set(), "the watcher never heard a write"
    while _next(heard, timeout=0.5) is not None:  # the probe's last writes, heard late
        pass
    files.clear()
    watcher.files = files  # type: ignore[attr-defined]
    return watcher, heard, thread


def _next(heard: queue.Queue[set[str]], timeout: float = WAIT) -> set[str] | None:
    try:
        return heard.get(timeout=timeout)
    except queue.Empty:
        return None


def test_the_watcher_hears_store_writes_and_news_in_the_room_but_not_refreshes(
    tmp_path: Path,
) -> None:
    (tmp_path / "reviews").mkdir()
    # The room's folder is there already (made by the first session ever: a file written the
    # instant a folder is made can come before the watch on it; the 5 s refresh reads it then).
    beacon.folder(tmp_path).mkdir()
    watcher, heard, thread = _watching(tmp_path)
    try:
        (tmp_path / "reviews" / "rabc.json").write_text("{}")
        assert _next(heard) == {"data"}
        assert watcher.files == [{"reviews/rabc.json"}]  # type: ignore[attr-defined]
        me = Presence("pann0000000001", "ann", "review", "rlive00000000", False)
        beacon.write(tmp_path, me)
        assert _next(heard) == {"presence"}
        beacon.touch(tmp_path, me)  # a refresh: no news, nobody is woken
        (tmp_path / ".lock").write_text("")  # the store's bookkeeping: no news either
        assert _next(heard, timeout=1.0) is None
        beacon.write(tmp_path, Presence(me.session, "ann", "review", me.review_id, True))
        assert _next(heard) == {"presence"}
        beacon.remove(tmp_path, me.session)
        assert _next(heard) == {"presence"}
    finally:
        watcher.stop()
        thread.join(timeout=WAIT)
    assert not thread.is_alive()
