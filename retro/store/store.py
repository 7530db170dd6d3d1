"""The store: one folder per team, partitioned TinyDB files, typed repositories.

Layout (schema 1)::

    store.json                      the catalogue: what this folder is, which schema
    team.json                       the team: name, members, agreements, purpose, formats
    reviews/<review id>.json        a review; its cards, intents, actions, kudos as documents
    sprints/<sprint id>.json        a sprint; its goals (with their check-ins) as documents
    lessons/<author>/<YYYY-MM>.json lessons by author and month
    .backup/…                       the last good version of every file written
    .lock                           the cross-process lock (not committed)

The folder listing is the index: there is no shared counter or index file that every write
touches, so the cost of a write does not grow with the store and two people on separate
machines only change the same file when they change the same thing.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from filelock import FileLock, Timeout
from tinydb.table import Document

from retro import ids
from retro.errors import NoStoreError, NotFoundError, StoreError, ValidationError
from retro.model import Action, Card, Intent, Kudos, Lesson, Review, Sprint, Team, now
from retro.store import files
from retro.store.files import META, Tables, meta_table, read_file
from retro.store.location import CATALOGUE

if TYPE_CHECKING:
    from retro.store.doctor import DoctorReport
    from retro.store.transfer import ImportReport

T = TypeVar("T")

LOCK_TIMEOUT = 30.0
REVIEW_TABLES = {"cards": Card, "intents": Intent, "actions": Action, "kudos": Kudos}
_PARTITION_SAFE = re.compile(r"[^a-z0-9]+")


def _by_created(docs: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(docs.values(), key=lambda d: (str(d.get("created", "")), str(d.get("id", ""))))


def review_from_tables(data: Tables, path: Path) -> Review:
    """Build a Review from the tables of its file."""
    headers = list(data.get("review", {}).values())
    if len(headers) != 1:
        raise files.CorruptStoreError(path, "it should hold exactly one review")
    content = {name: _by_created(data.get(name, {})) for name in REVIEW_TABLES}
    return _build(Review.from_dict, {**headers[0], **content}, path)


def review_to_tables(review: Review) -> Tables:
    """The tables of a review's file."""
    tables: Tables = {META: meta_table("review"), "review": {review.id: review.header_dict()}}
    for name, items in (
        ("cards", review.cards),
        ("intents", review.intents),
        ("actions", review.actions),
        ("kudos", review.kudos),
    ):
        tables[name] = {item.id: item.to_dict() for item in items}
    return tables


def sprint_from_tables(data: Tables, path: Path) -> Sprint:
    """Build a Sprint from the tables of its file."""
    headers = list(data.get("sprint", {}).values())
    if len(headers) != 1:
        raise files.CorruptStoreError(path, "it should hold exactly one sprint")
    return _build(
        Sprint.from_dict, {**headers[0], "goals": _by_created(data.get("goals", {}))}, path
    )


def sprint_to_tables(sprint: Sprint) -> Tables:
    """The tables of a sprint's file."""
    header = sprint.to_dict()
    header.pop("goals")
    return {
        META: meta_table("sprint"),
        "sprint": {sprint.id: header},
        "goals": {goal.id: goal.to_dict() for goal in sprint.goals},
    }


def _build(factory: Callable[[dict[str, Any]], T], data: dict[str, Any], path: Path) -> T:
    try:
        return factory(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise files.CorruptStoreError(
            path, f"a document is missing or has a bad field: {exc!r}"
        ) from None
    except ValidationError as exc:
        raise files.CorruptStoreError(path, f"a document breaks a rule: {exc.message}") from None


class Store:
    """A team's store folder. Cheap to create: nothing is read until it is needed."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser()
        self._checked = False
        self._lock = FileLock(
            str(self.path / ".lock"),
            timeout=LOCK_TIMEOUT,
            mode=files.FILE_MODE,
            preserve_lock_file=True,
        )
        self._cache: dict[Path, tuple[tuple[int, int, int], Tables]] = {}
        self._pending: dict[Path, tuple[str, Tables]] | None = None
        self._batch_depth = 0

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- opening ---------------------------------------------------------------------------

    @property
    def catalogue(self) -> Path:
        return self.path / CATALOGUE

    def exists(self) -> bool:
        """Whether a store (of any schema, even a damaged one) is at the path."""
        return any((self.path / name).exists() for name in (CATALOGUE, "retro.json", "team.json"))

    def init(self, name: str, purpose: str | None = None, by: str | None = None) -> Team:
        """Create the store with its team.

        Raises:
            StoreError: a store is already there.
        """
        if self.exists():
            raise StoreError(f"there is already a retro store at {self.path}")
        team = Team(name=name)
        if purpose:
            team.set_purpose(purpose, by=by)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            files.ensure_dir(self.path, self.path)
        except OSError as exc:
            raise StoreError(f"cannot create the store at {self.path}: {exc.strerror}") from None
        with self.locked():
            if self.catalogue.exists() or (self.path / "team.json").exists():
                raise StoreError(f"there is already a retro store at {self.path}")
            self._write_gitignore()
            self._write(self.path / "team.json", "team", {"team": {"team": team.to_dict()}})
            info = {"created": now().isoformat(), "schema": files.SCHEMA_VERSION}
            self._write(self.catalogue, "catalogue", {"store": {"info": info}})
        self._checked = True
        return team

    def _write_gitignore(self) -> None:
        gitignore = self.path / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text(".backup/\n.lock\n*.tmp\n", encoding="utf-8")
            os.chmod(gitignore, files.FILE_MODE)

    def check_open(self) -> None:
        """Check the catalogue and migrate an older store, once per Store object.

        Raises:
            NoStoreError: nothing is there yet.
            StoreError, CorruptStoreError, ForeignStoreError: the folder cannot be used safely.
        """
        if self._checked:
            return
        if not self.path.exists():
            raise NoStoreError(self.path)
        if not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not a retro store folder")
        if not os.access(self.path, os.R_OK | os.X_OK):
            raise StoreError(f"cannot read the store folder {self.path}: permission denied")
        if not self.catalogue.exists():
            from retro.store.migrate import migrate_v0

            if (self.path / "retro.json").exists():
                migrate_v0(self)
            elif (self.path / "team.json").exists() or (self.path / "reviews").exists():
                raise files.CorruptStoreError(
                    self.catalogue, "the catalogue is missing from a store that has data"
                )
            else:
                raise NoStoreError(self.path)
        read_file(self.catalogue, "catalogue")
        self._checked = True

    # -- low-level file access -------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's cross-process lock (re-entrant within this object)."""
        try:
            with self._lock:
                yield
        except Timeout:
            raise StoreError(
                f"the store {self.path} is locked by another retro process; try again"
            ) from None

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Hold the lock once and write each touched file once at the end (bulk loads)."""
        self.check_open()
        with self.locked():
            outer = self._pending is None
            if outer:
                self._pending = {}
            self._batch_depth += 1
            try:
                yield
                if outer and self._pending is not None:
                    for path, (kind, data) in self._pending.items():
                        files.write_file(path, {**data, META: meta_table(kind)}, self.path)
            finally:
                self._batch_depth -= 1
                if outer:
                    self._pending = None

    def _stamp(self, path: Path) -> tuple[int, int, int] | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}") from None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _read(self, path: Path, kind: str) -> Tables | None:
        """Read a file for reading only (cached by modification time; do not mutate)."""
        self.check_open()
        if self._pending is not None and path in self._pending:
            return self._pending[path][1]
        stamp = self._stamp(path)
        if stamp is None:
            self._cache.pop(path, None)
            return None
        cached = self._cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        data = read_file(path, kind)
        if data is not None:
            self._cache[path] = (stamp, data)
        return data

    def _read_fresh(self, path: Path, kind: str) -> Tables | None:
        """Read a file for a read-modify-write (the caller holds the lock)."""
        if self._pending is not None and path in self._pending:
            return self._pending[path][1]
        return read_file(path, kind)

    def _write(self, path: Path, kind: str, data: Tables) -> None:
        """Write a file (the caller holds the lock); deferred inside a batch."""
        if self._pending is not None:
            self._pending[path] = (kind, data)
            return
        files.write_file(path, {**data, META: meta_table(kind)}, self.path)
        self._cache.pop(path, None)

    def _modify(self, path: Path, kind: str, fn: Callable[[Tables], T]) -> T:
        """Locked read-modify-write of one file: `fn` mutates the tables it is given."""
        self.check_open()
        with self.locked():
            data = self._read_fresh(path, kind)
            if data is None:
                data = {}
            result = fn(data)
            self._write(path, kind, data)
            return result

    # -- team ------------------------------------------------------------------------------

    def team(self) -> Team:
        """The team."""
        path = self.path / "team.json"
        data = self._read(path, "team")
        if data is None or "team" not in data.get("team", {}):
            raise files.CorruptStoreError(path, "the team file is missing")
        return _build(Team.from_dict, data["team"]["team"], path)

    def update_team(self, fn: Callable[[Team], T]) -> T:
        """Change the team under the lock; `fn` mutates it and its result is returned."""
        path = self.path / "team.json"

        def change(data: Tables) -> T:
            if "team" not in data.get("team", {}):
                raise files.CorruptStoreError(path, "the team file is missing")
            team = _build(Team.from_dict, data["team"]["team"], path)
            result = fn(team)
            data["team"] = {"team": team.to_dict()}
            return result

        return self._modify(path, "team", change)

    # -- reviews ---------------------------------------------------------------------------

    def _review_path(self, review_id: str) -> Path:
        return self.path / "reviews" / f"{review_id}.json"

    def review_ids(self) -> list[str]:
        """Every review id (the folder listing is the index)."""
        return self._listing("reviews", "r")

    def _listing(self, folder: str, kind: str) -> list[str]:
        self.check_open()
        base = self.path / folder
        try:
            names = os.listdir(base)
        except FileNotFoundError:
            names = []
        found = {n[:-5] for n in names if n.endswith(".json") and n.startswith(kind)}
        if self._pending:
            found |= {p.stem for p in self._pending if p.parent == base}
        return sorted(found)

    def review(self, review_id: str) -> Review:
        """The review with this full id."""
        path = self._review_path(review_id)
        data = self._read(path, "review")
        if data is None:
            raise NotFoundError(f"no review has the id '{review_id}'")
        return review_from_tables(data, path)

    def reviews(self) -> list[Review]:
        """Every review, oldest first."""
        reviews = [self.review(rid) for rid in self.review_ids()]
        return sorted(reviews, key=lambda r: (r.on, r.created))

    def add_review(self, review: Review) -> Review:
        """Store a new review with everything it already holds (one file write)."""
        path = self._review_path(review.id)

        def create(data: Tables) -> Review:
            if data:
                raise StoreError(f"a review with the id {review.id} exists already")
            data.update(review_to_tables(review))
            return review

        return self._modify(path, "review", create)

    def update_review(self, review_id: str, fn: Callable[[Review], T]) -> T:
        """Change a review under the lock; `fn` mutates it and its result is returned."""
        path = self._review_path(review_id)

        def change(data: Tables) -> T:
            if not data:
                raise NotFoundError(f"no review has the id '{review_id}'")
            review = review_from_tables(data, path)
            result = fn(review)
            data.clear()
            data.update(review_to_tables(review))
            return result

        return self._modify(path, "review", change)

    def add_card(self, review_id: str, card: Card) -> Card:
        """Add one card to a review in the reflect or group phase.

        Only the card's document and the review's participants change, in one write of the
        review's own file; the rest of the review is not rebuilt.
        """
        from retro.formats import get_format

        formats = self.team().formats
        path = self._review_path(review_id)

        def insert(data: Tables) -> Card:
            if not data:
                raise NotFoundError(f"no review has the id '{review_id}'")
            header = next(iter(data.get("review", {}).values()), None)
            if header is None:
                raise files.CorruptStoreError(path, "it should hold exactly one review")
            review = _build(Review.from_dict, header, path)
            review.check_can_add_card()
            card.column = get_format(review.format, formats).column(card.column).key
            cards = data.setdefault("cards", {})
            if card.id in cards:
                raise StoreError(f"a card with the id {card.id} exists already")
            cards[card.id] = card.to_dict()
            if card.author and card.author not in review.participants:
                header["participants"] = [*review.participants, card.author]
            return card

        return self._modify(path, "review", insert)

    def delete_review(self, review_id: str) -> None:
        """Delete a review and everything in it (its backup stays in .backup/)."""
        self._delete(self._review_path(review_id), "review", review_id)

    def _delete(self, path: Path, what: str, object_id: str) -> None:
        self.check_open()
        with self.locked():
            if not path.exists():
                raise NotFoundError(f"no {what} has the id '{object_id}'")
            read_file(path, what)
            target = files.backup_path(path, self.path)
            files.ensure_dir(target.parent, self.path)
            try:
                os.replace(path, target)
            except OSError as exc:
                raise StoreError(f"could not delete {path}: {exc.strerror}") from None
            files.fsync_dir(path.parent)
            self._cache.pop(path, None)

    # -- sprints ---------------------------------------------------------------------------

    def _sprint_path(self, sprint_id: str) -> Path:
        return self.path / "sprints" / f"{sprint_id}.json"

    def sprint_ids(self) -> list[str]:
        """Every sprint id."""
        return self._listing("sprints", "s")

    def sprint(self, sprint_id: str) -> Sprint:
        """The sprint with this full id."""
        path = self._sprint_path(sprint_id)
        data = self._read(path, "sprint")
        if data is None:
            raise NotFoundError(f"no sprint has the id '{sprint_id}'")
        return sprint_from_tables(data, path)

    def sprints(self) -> list[Sprint]:
        """Every sprint, by start date."""
        sprints = [self.sprint(sid) for sid in self.sprint_ids()]
        return sorted(sprints, key=lambda s: (s.start, s.created))

    def add_sprint(self, sprint: Sprint) -> Sprint:
        """Store a new sprint with its goals."""

        def create(data: Tables) -> Sprint:
            if data:
                raise StoreError(f"a sprint with the id {sprint.id} exists already")
            data.update(sprint_to_tables(sprint))
            return sprint

        return self._modify(self._sprint_path(sprint.id), "sprint", create)

    def update_sprint(self, sprint_id: str, fn: Callable[[Sprint], T]) -> T:
        """Change a sprint (its goals, check-ins, status) under the lock."""
        path = self._sprint_path(sprint_id)

        def change(data: Tables) -> T:
            if not data:
                raise NotFoundError(f"no sprint has the id '{sprint_id}'")
            sprint = sprint_from_tables(data, path)
            result = fn(sprint)
            data.clear()
            data.update(sprint_to_tables(sprint))
            return result

        return self._modify(path, "sprint", change)

    def delete_sprint(self, sprint_id: str) -> None:
        """Delete a sprint with its goals and check-ins."""
        self._delete(self._sprint_path(sprint_id), "sprint", sprint_id)

    # -- lessons ---------------------------------------------------------------------------

    def lesson_path(self, lesson: Lesson) -> Path:
        """The partition of a lesson: its author's folder and its month."""
        author = _PARTITION_SAFE.sub("-", (lesson.author or "anonymous").lower()).strip("-")
        return self.path / "lessons" / (author or "anonymous") / f"{lesson.on:%Y-%m}.json"

    def lesson_files(self) -> list[Path]:
        """Every lesson partition file."""
        self.check_open()
        base = self.path / "lessons"
        found: set[Path] = set()
        if base.is_dir():
            for author in os.scandir(base):
                if author.is_dir() and not author.name.startswith("."):
                    found.update(
                        Path(f.path)
                        for f in os.scandir(author.path)
                        if f.name.endswith(".json") and not f.name.startswith(".")
                    )
        if self._pending:
            found |= {p for p in self._pending if base in p.parents}
        return sorted(found)

    def add_lesson(self, lesson: Lesson) -> Lesson:
        """Store a lesson: one small partition file is read and written, through TinyDB."""
        path = self.lesson_path(lesson)
        self.check_open()
        with self.locked():
            if self._pending is not None:
                data = self._read_fresh(path, "lessons") or {}
                table = data.setdefault("lessons", {})
                if lesson.id in table:
                    raise StoreError(f"a lesson with the id {lesson.id} exists already")
                table[lesson.id] = lesson.to_dict()
                self._write(path, "lessons", data)
                return lesson
            db = files.open_db(path, "lessons", self.path)
            try:
                doc = Document(lesson.to_dict(), doc_id=lesson.id)  # type: ignore[arg-type]
                db.table("lessons").insert(doc)
            except ValueError:
                raise StoreError(f"a lesson with the id {lesson.id} exists already") from None
            self._cache.pop(path, None)
            return lesson

    def lessons(self) -> list[Lesson]:
        """Every lesson, newest first."""
        out: list[Lesson] = []
        for path in self.lesson_files():
            data = self._read(path, "lessons") or {}
            out.extend(
                _build(Lesson.from_dict, doc, path) for doc in data.get("lessons", {}).values()
            )
        out.sort(key=lambda lesson: (lesson.on, lesson.created), reverse=True)
        return out

    def _lesson_file(self, lesson_id: str) -> Path:
        for path, found in self._scan_ids("l", lesson_id):
            if found == lesson_id:
                return path
        raise NotFoundError(f"no lesson has the id '{lesson_id}'")

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this full id."""
        path = self._lesson_file(lesson_id)
        data = self._read(path, "lessons") or {}
        doc = data.get("lessons", {}).get(lesson_id)
        if doc is None:
            raise NotFoundError(f"no lesson has the id '{lesson_id}'")
        return _build(Lesson.from_dict, doc, path)

    def update_lesson(self, lesson_id: str, fn: Callable[[Lesson], T]) -> T:
        """Change a lesson under the lock (moving it if its author or month changes)."""
        self.check_open()
        with self.locked():
            path = self._lesson_file(lesson_id)
            data = self._read_fresh(path, "lessons") or {}
            doc = data.get("lessons", {}).get(lesson_id)
            if doc is None:
                raise NotFoundError(f"no lesson has the id '{lesson_id}'")
            lesson = _build(Lesson.from_dict, doc, path)
            result = fn(lesson)
            new_path = self.lesson_path(lesson)
            if new_path == path:
                data["lessons"][lesson_id] = lesson.to_dict()
                self._write(path, "lessons", data)
            else:
                self.add_lesson(lesson)
                del data["lessons"][lesson_id]
                self._write(path, "lessons", data)
            return result

    def delete_lesson(self, lesson_id: str) -> None:
        """Delete a lesson."""

        def remove(data: Tables) -> None:
            data.get("lessons", {}).pop(lesson_id, None)

        self.check_open()
        with self.locked():
            self._modify(self._lesson_file(lesson_id), "lessons", remove)

    # -- ids -------------------------------------------------------------------------------

    def _files_for_kind(self, kind: str) -> list[Path]:
        if kind in "ciak":
            return [self._review_path(r) for r in self.review_ids()]
        if kind == "g":
            return [self._sprint_path(s) for s in self.sprint_ids()]
        if kind == "l":
            return self.lesson_files()
        if kind == "m":
            return [self.path / "team.json"]
        return []

    def _scan_ids(self, kind: str, prefix: str = "") -> list[tuple[Path, str]]:
        """(file, id) for every id of a kind starting with `prefix`: a scan of raw bytes, no
        parsing, so that resolving a prefix stays fast in a large store."""
        if kind == "r":
            return [(self._review_path(i), i) for i in self.review_ids() if i.startswith(prefix)]
        if kind == "s":
            return [(self._sprint_path(i), i) for i in self.sprint_ids() if i.startswith(prefix)]
        start = prefix or kind
        pattern = re.compile(rb'"id": "(' + re.escape(start.encode()) + rb'[0-9a-z]*)"')
        found: list[tuple[Path, str]] = []
        for path in self._files_for_kind(kind):
            if self._pending is not None and path in self._pending:
                raw = files.encode(self._pending[path][1])
            else:
                try:
                    raw = path.read_bytes()
                except OSError:
                    continue
            found.extend((path, m.decode()) for m in pattern.findall(raw))
        return found

    def resolve(self, text: str, kind: str | None = None) -> str:
        """The full id of the object whose id starts with what the person typed.

        Raises:
            ValidationError: not an id, too short, or of another kind than `kind`.
            NotFoundError: nothing has that id.
            AmbiguousIdError: several objects match; the message lists them.
        """
        prefix = ids.normalise(text, kind)
        return ids.resolve(prefix, [i for _, i in self._scan_ids(prefix[0], prefix)])

    def locate(self, full_id: str) -> str:
        """The id of the review or sprint holding this object (itself for reviews, sprints
        and lessons)."""
        kind = full_id[:1]
        if kind in "rsl":
            return full_id
        for path, found in self._scan_ids(kind, full_id):
            if found == full_id:
                return path.stem
        raise NotFoundError(f"no {ids.KINDS.get(kind, 'object')} has the id '{full_id}'")

    def short_ids(self, kind: str) -> dict[str, str]:
        """Full id → shortest unique prefix, over every id of this kind in the store."""
        return ids.shortest_prefixes(i for _, i in self._scan_ids(kind))

    def short(self, full_id: str) -> str:
        """One id's shortest unique prefix."""
        return self.short_ids(full_id[:1]).get(full_id, full_id)

    # -- change detection ------------------------------------------------------------------

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Changes whenever a store file changes: a scan of names, times and sizes."""
        entries: list[tuple[str, int, int]] = []
        stack = [self.path]
        while stack:
            folder = stack.pop()
            try:
                scan = list(os.scandir(folder))
            except OSError:
                continue
            for entry in scan:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.name.endswith(".json"):
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    entries.append((entry.path, st.st_mtime_ns, st.st_size))
        return tuple(sorted(entries))

    # -- whole store -----------------------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        """The whole store as one JSON-ready document (see `retro.store.transfer`)."""
        from retro.store.transfer import dump

        return dump(self)

    def load(self, data: Any) -> ImportReport:
        """Import an export document, merging by id; refused whole if anything is invalid."""
        from retro.store.transfer import load

        return load(self, data)

    def doctor(self, repair: bool = False) -> DoctorReport:
        """Check every file; with `repair`, restore damaged ones from their last good backup."""
        from retro.store.doctor import check

        return check(self, repair=repair)
