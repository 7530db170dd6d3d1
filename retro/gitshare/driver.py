"""The merge driver git runs for a store file (``retro git merge-driver %O %A %B %P``): reads
the three versions, merges them by document id (`retro.gitshare.merge`), and writes the result
over ``%A``; or, when a version is damaged or foreign, writes nothing and fails, so git stops."""

from __future__ import annotations

import os
from pathlib import Path

from retro.errors import RetroError
from retro.gitshare import git
from retro.gitshare.merge import MergeResult, merge_files


def merge_driver(base: Path, ours: Path, theirs: Path, name: str, repo: Path) -> MergeResult:
    """Merge git's three temporary files of the store file `name`; the result is written
    over `ours` (atomically) and returned with its reports.

    Raises:
        RetroError: a version is damaged or foreign, or cannot be read; `ours` is untouched.
    """
    try:
        raw_base = base.read_bytes()
        raw_ours, raw_theirs = ours.read_bytes(), theirs.read_bytes()
    except OSError as exc:
        raise RetroError(f"cannot read git's copy of {name}: {exc.strerror}") from None
    ours_at, theirs_at = side_times(repo, name)
    result = merge_files(
        Path(name), raw_base or None, raw_ours, raw_theirs, ours_at=ours_at, theirs_at=theirs_at
    )
    tmp = ours.with_name(f".{ours.name}.retro.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(result.data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, ours)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RetroError(f"cannot write the merged {name}: {exc.strerror}") from None
    return result


def side_times(repo: Path, name: str) -> tuple[float | None, float | None]:
    """When each side's version of the file was made: the time of the last commit that changed
    it on our side (HEAD) and on theirs (the commit being merged, rebased or picked); None
    where git cannot say."""
    return _commit_time(repo, "HEAD", name), _commit_time(repo, _their_commit(repo), name)


def _their_commit(repo: Path) -> str | None:
    for key in sorted(os.environ):
        if key.startswith("GITHEAD_") and len(key) > 8:
            return key[8:]  # set by `git merge` (and `git pull`) for the commit it merges
    gitdir = git.git_dir(repo)
    if gitdir is None:
        return None
    for ref in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REBASE_HEAD"):
        if (gitdir / ref).is_file():
            return ref
    done = gitdir / "rebase-merge" / "done"
    try:
        last = done.read_text(encoding="utf-8").strip().splitlines()[-1].split()
    except (OSError, IndexError):
        return None
    return last[1] if len(last) > 1 else None


def _commit_time(repo: Path, rev: str | None, name: str) -> float | None:
    if rev is None:
        return None
    try:
        done = git.run(repo, "log", "-1", "--format=%ct", rev, "--", name, check=False)
    except RetroError:
        return None
    text = done.stdout.strip()
    return float(text) if done.returncode == 0 and text.isdigit() else None
