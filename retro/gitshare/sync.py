"""`retro sync`: commit the store's changes (the store folder alone), merge what the upstream
has (retro's driver merges store files by document id), push. One sync at a time per clone
(a lock in the repository's own folder); a sync killed half-way is cleaned up by the next.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retro.errors import RetroError
from retro.gitshare import git, setup
from retro.gitshare.changes import Changes, between, news, summary
from retro.gitshare.git import GitError
from retro.store import files
from retro.store.documents import check_documents

LOCK_TIMEOUT = 120.0
STATE = "retro-sync.json"
"""A file in the repository's folder while a sync runs: a sync that finds it (and the lock
free) knows the last one was killed, and cleans up after it."""
BUSY = ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "rebase-merge", "rebase-apply")


@dataclass
class SyncReport:
    """What a sync did: what went out and came in, and what it has to say."""

    repo: Path
    committed: str | None = None
    outgoing: Changes = field(default_factory=Changes)
    incoming: Changes = field(default_factory=Changes)
    upstream: str | None = None
    pulled: bool = False
    pushed: bool = False
    notes: list[str] = field(default_factory=list)
    merge_reports: list[str] = field(default_factory=list)

    @property
    def news(self) -> str:
        """ "3 new cards from bo": what came in."""
        return news(self.incoming)

    def to_dict(self) -> dict[str, Any]:
        return {
            "repo": str(self.repo),
            "committed": self.committed,
            "out": self.outgoing.to_dict(),
            "in": self.incoming.to_dict(),
            "news": self.news if self.incoming else None,
            "upstream": self.upstream,
            "pulled": self.pulled,
            "pushed": self.pushed,
            "notes": self.notes,
            "merge_reports": self.merge_reports,
        }


def sync(store: Path, user: str, *, store_lock: Any = None) -> SyncReport:
    """Commit, merge and push the store at `store` (a folder in a git clone).

    Args:
        user: who is syncing, named in the commit message.
        store_lock: makes a context manager that holds the store's own lock (so that no retro
            write lands while git changes the store's files); None for none.

    Raises:
        GitError: not in a clone, another sync runs, the clone is mid-merge or mid-rebase, a
            git step failed; the message says what to do. A commit made stays made.
    """
    top = git.toplevel(store)
    gitdir = git.git_dir(store)
    if top is None or gitdir is None:
        raise GitError(
            f"the store {store} is not in a git repository; 'git init' there, then "
            "'retro git setup' and 'retro sync'"
        )
    from retro.store.lock import LockTimeout, StoreLock

    try:
        with StoreLock(gitdir / "retro-sync.lock", LOCK_TIMEOUT, files.FILE_MODE):
            return _sync(store.resolve(), top.resolve(), gitdir, user, store_lock)
    except LockTimeout:
        raise GitError("another retro sync is running in this clone; try again soon") from None


def _sync(store: Path, top: Path, gitdir: Path, user: str, store_lock: Any) -> SyncReport:
    report = SyncReport(repo=top)
    rel = store.relative_to(top).as_posix() or "."
    state = gitdir / STATE
    if state.exists():
        _recover(store, top, gitdir, rel, report)
    busy = [name for name in BUSY if (gitdir / name).exists()]
    if busy:
        doing = "rebase" if busy[0].startswith("rebase") else busy[0].split("_")[0].lower()
        raise GitError(
            f"the repository is in the middle of a {doing.replace('_', '-')}; finish it "
            f"('git {doing} --continue') or abort it ('git {doing} --abort'), then retro sync"
        )
    if setup.missing_driver(store):
        setup.setup(store)
        report.notes.append("registered retro's merge driver in this clone")
    state.write_text(json.dumps({"pid": os.getpid(), "head": _head(top)}), encoding="utf-8")
    try:
        with store_lock() if store_lock is not None else _nothing():
            _commit(top, rel, user, report)
        _exchange(top, gitdir, rel, report, store_lock)
    finally:
        state.unlink(missing_ok=True)
    return report


def _exchange(top: Path, gitdir: Path, rel: str, report: SyncReport, store_lock: Any) -> None:
    """Fetch, merge what came, push what is ours: again if someone pushed in between."""
    upstream = _upstream(top)
    if upstream is None:
        remotes = git.run(top, "remote").stdout.split()
        branch = git.run(top, "rev-parse", "--abbrev-ref", "HEAD", check=False).stdout.strip()
        if not remotes:
            report.notes.append(
                "no remote: the commit stays here; add one with 'git remote add origin URL' "
                f"and 'git push -u origin {branch}'"
            )
        elif len(remotes) > 1 or branch in ("", "HEAD"):
            report.notes.append(
                f"branch {branch} has no upstream: push it once with "
                f"'git push -u {remotes[0]} {branch}', then retro sync"
            )
        else:
            _follow(top, remotes[0], branch, report)
        if report.upstream is None:
            return
        upstream = report.upstream
    report.upstream = upstream
    remote, branch = upstream.split("/", 1)
    for attempt in range(3):
        _network(top, report, "fetch", "--quiet", remote)
        before = _head(top)
        if _ahead(top, "HEAD", upstream):
            with store_lock() if store_lock is not None else _nothing():
                _merge(top, gitdir, upstream, report)
            report.pulled = True
            report.incoming.update(_changed(top, before, "HEAD", rel))
            names = _names(top, "diff", "--name-only", "-z", f"{before}..HEAD", "--", rel)
            setup.private(top / name for name in names)
        if not _ahead(top, upstream, "HEAD"):
            return
        done = git.run(top, "push", "--quiet", remote, f"HEAD:{branch}", check=False)
        if done.returncode == 0:
            report.pushed = True
            return
        raced = "rejected" in done.stderr or "fetch first" in done.stderr
        if not raced or attempt == 2:
            _offline(done.stderr, remote, report, "push")


def _follow(top: Path, remote: str, branch: str, report: SyncReport) -> None:
    """A branch with no upstream and a single remote: follow the remote's branch of the same
    name if it has one (the merge then proceeds as usual), else publish it there (the first
    sync of a new store)."""
    _network(top, report, "fetch", "--quiet", remote)
    theirs = f"refs/remotes/{remote}/{branch}"
    if git.run(top, "rev-parse", "-q", "--verify", theirs, check=False).returncode == 0:
        git.run(top, "branch", f"--set-upstream-to={remote}/{branch}")
        report.upstream = f"{remote}/{branch}"
        report.notes.append(f"branch {branch} now follows {remote}/{branch}")
        return
    done = git.run(top, "push", "--quiet", "-u", remote, branch, check=False)
    if done.returncode != 0:
        _offline(done.stderr, remote, report, "push")
    report.pushed, report.upstream = True, f"{remote}/{branch}"
    report.notes.append(f"published branch {branch} to {remote}; it follows {remote}/{branch}")


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _head(top: Path) -> str | None:
    done = git.run(top, "rev-parse", "-q", "--verify", "HEAD", check=False)
    return done.stdout.strip() or None


def _upstream(top: Path) -> str | None:
    done = git.run(top, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False)
    name = done.stdout.strip()
    return name if done.returncode == 0 and "/" in name else None


def _ahead(top: Path, base: str, other: str) -> bool:
    """Whether `other` has commits `base` lacks."""
    done = git.run(top, "rev-list", "--count", f"{base}..{other}", check=False)
    return done.returncode == 0 and done.stdout.strip() not in ("", "0")


def _network(top: Path, report: SyncReport, *args: str) -> None:
    done = git.run(top, *args, check=False)
    if done.returncode != 0:
        _offline(done.stderr, args[-1], report, args[0])


def _offline(stderr: str, remote: str, report: SyncReport, verb: str) -> None:
    kept = f"; the local commit stays ({report.committed})" if report.committed else ""
    raise GitError(
        f"could not {verb} {remote} ({git.last_line(stderr)}): the network or the remote is "
        f"down{kept}; run retro sync again later"
    )


def _commit(top: Path, rel: str, user: str, report: SyncReport) -> None:
    """Commit what changed under the store folder, and nothing else."""
    git.run(top, "add", "--all", "--", rel)
    names = _names(top, "diff", "--cached", "--name-only", "-z", "--no-renames", "--", rel)
    if not names:
        return
    old = _blobs(top, "HEAD", names)
    for name in names:
        path = top / name
        raw = path.read_bytes() if path.is_file() else None
        changes = _file_changes(path, old.get(name), raw)
        if changes is None:
            git.run(top, "reset", "-q", "--", name)
            raise GitError(
                f"{path} is damaged, so it was not committed (nothing was); "
                "'retro doctor --repair' restores its last good version"
            )
        report.outgoing.update(changes)
    what = summary(report.outgoing) if report.outgoing else "the store's git set-up"
    if not report.outgoing and any(n.endswith(".json") for n in names):
        what = "store files rewritten, no document changed"
    message = f"retro: {what} ({user})"
    git.run(top, "commit", "--quiet", "--no-verify", "-m", message, "--", rel)
    report.committed = message


def _file_changes(path: Path, old: bytes | None, new: bytes | None) -> Changes | None:
    """What changed in one store file (None: the new version is damaged). Files that are not
    store files (the folder's .gitignore) change nothing that is counted."""
    if path.suffix != ".json":
        return Changes()
    tables: list[files.Tables | None] = []
    for raw in (old, new):
        if raw is None:
            tables.append(None)
            continue
        try:
            data = files.parse(path, raw, None)
            check_documents(path, data[files.META]["file"]["kind"], data)
        except RetroError:
            if raw is new:
                return None
            data = None
        tables.append(data)
    return between(tables[0], tables[1])


def _merge(top: Path, gitdir: Path, upstream: str, report: SyncReport) -> None:
    done = git.run(
        top, "merge", "--no-edit", "-m", f"retro sync: merge {upstream}", upstream,
        check=False,
    )  # fmt: skip
    report.merge_reports.extend(
        line.strip()[len("retro merge: ") :]
        for line in done.stderr.splitlines()
        if line.strip().startswith("retro merge: ")
    )
    if done.returncode == 0:
        return
    conflicted = _names(top, "diff", "--name-only", "-z", "--diff-filter=U")
    if (gitdir / "MERGE_HEAD").exists():
        git.run(top, "merge", "--abort", check=False)
    why = f"conflicts in {', '.join(conflicted[:5])}" if conflicted else git.last_line(done.stderr)
    kept = f" (the local commit stays: {report.committed})" if report.committed else ""
    raise GitError(
        f"the merge of {upstream} stopped ({why}); it was undone{kept}. Merge it by hand "
        "with 'git merge', or fix what retro reported, then retro sync"
    )


def _changed(top: Path, before: str | None, after: str, rel: str) -> Changes:
    """What changed in the store's files from one commit to another."""
    changes = Changes()
    if before is None:
        return changes
    names = _names(top, "diff", "--name-only", "-z", "--no-renames", before, after, "--", rel)
    old, new = _blobs(top, before, names), _blobs(top, after, names)
    for name in names:
        found = _file_changes(top / name, old.get(name), new.get(name))
        if found is not None:
            changes.update(found)
    return changes


def _names(top: Path, *args: str) -> list[str]:
    done = git.run(top, *args, check=False)
    return [n for n in done.stdout.split("\0") if n] if done.returncode == 0 else []


def _blobs(top: Path, rev: str, names: list[str]) -> dict[str, bytes]:
    """The content of each file at a commit (one `git cat-file --batch` for them all)."""
    if not names or _head(top) is None:
        return {}
    query = "".join(f"{rev}:{name}\n" for name in names).encode()
    done = subprocess.run(
        ["git", "-C", str(top), "cat-file", "--batch"],
        input=query,
        capture_output=True,
        check=False,
    )
    out: dict[str, bytes] = {}
    data, at = done.stdout, 0
    for name in names:
        end = data.index(b"\n", at)
        header = data[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out[name] = data[at : at + size]
            at += size + 1
    return out


def _recover(store: Path, top: Path, gitdir: Path, rel: str, report: SyncReport) -> None:
    """Clean up after a sync that was killed (its state file is there, its lock was free):
    the lock files its git left (index, HEAD, refs: those made since it began), a merge it
    left half-done, store files a killed checkout left damaged (restored from the last
    commit, where everything was committed)."""
    started = (gitdir / STATE).stat().st_mtime - 1
    for lock in [*gitdir.glob("*.lock"), *(gitdir / "refs").rglob("*.lock")]:
        with contextlib.suppress(OSError):  # git's own locks the killed sync's git left
            if lock.stat().st_mtime >= started:
                lock.unlink()
    if (gitdir / "MERGE_HEAD").exists():
        git.run(top, "merge", "--abort", check=False)
    restored = []
    modified = _names(top, "ls-files", "-z", "--modified", "--others", "--exclude-standard", rel)
    tracked = set(_names(top, "ls-files", "-z", "--", rel))
    for name in modified:
        path = top / name
        if path.suffix != ".json" or not path.is_file():
            continue
        if _file_changes(path, None, path.read_bytes()) is None:
            if name in tracked:
                git.run(top, "checkout", "--quiet", "HEAD", "--", name)
            else:  # kept aside, out of the store's listing, as the store keeps backups
                aside = store / files.BACKUP_DIR / "interrupted" / path.name
                aside.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, aside)
            restored.append(name)
    setup.private(p for p in store.rglob("*.json") if files.BACKUP_DIR not in p.parts)
    (gitdir / STATE).unlink(missing_ok=True)
    report.notes.append(
        "cleaned up after a sync that was interrupted"
        + (f" (restored {', '.join(restored)})" if restored else "")
    )
