"""Lessons: partitioned by author and month, so a new lesson touches one small file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from retro.errors import NotFoundError
from retro.model import Lesson
from retro.store.base import StoreBase
from retro.store.documents import build

if TYPE_CHECKING:
    from retro.store.search import Filters, Found

T = TypeVar("T")


class LessonRepo(StoreBase):
    """Reading and changing lessons."""

    def add_lesson(self, lesson: Lesson) -> Lesson:
        """Store a lesson: one small partition file is read and written, through TinyDB."""
        from retro.store.db import insert

        with self._db(self.lesson_path(lesson), "lessons") as db:
            insert(db, "lessons", lesson.id, lesson.to_dict(), "lesson")
        return lesson

    def lessons(self, keep: Callable[[dict[str, Any]], bool] | None = None) -> list[Lesson]:
        """Every lesson, newest first.

        Args:
            keep: if given, only the lessons whose stored document it accepts; it is asked
                before a `Lesson` is built, so a search over many lessons builds (and checks)
                only what it finds.
        """
        out: list[Lesson] = []
        for path in self.lesson_files():
            data = self._read(path, "lessons") or {}
            docs: Iterable[dict[str, Any]] = data.get("lessons", {}).values()
            if keep is not None:
                docs = [doc for doc in docs if keep(doc)]
            out.extend(build(Lesson.from_dict, doc, path) for doc in docs)
        out.sort(key=lambda lesson: (lesson.on, lesson.created), reverse=True)
        return out

    def search_lessons(self, filters: Filters) -> Found:
        """The lessons that pass `filters`, newest first, as ``Lesson.to_dict`` gives them:
        the same lessons in the same order as filtering `lessons()`, found through the
        store's index (`retro.store.search`).

        Raises:
            CorruptStoreError, ForeignStoreError, StoreError: a partition is damaged.
        """
        from retro.store import search

        self.check_open()
        return search.search(self.path, filters)

    def lessons_from_review(self, review_id: str) -> list[Lesson]:
        """The lessons promoted from one review, newest first (as `lessons` orders them)."""
        from retro.store.search import ORDER

        index = self._synced("lessons")
        return [
            build(Lesson.from_dict, orjson.loads(str(doc)), self.path / str(rel))
            for rel, doc in index.rows(
                f"SELECT rel, doc FROM lessons WHERE review_id = ? {ORDER}", (review_id,)
            )
        ]

    def lesson_ids(self) -> list[str]:
        """Every lesson id, sorted (inside a batch, from the files as they will be written)."""
        if self._pending is not None:
            tables = [
                (self._read(p, "lessons") or {}).get("lessons", {}) for p in self.lesson_files()
            ]
            return sorted(i for table in tables for i in table)
        return [i for i, _ in self._synced("lessons", strict=False).ids("l")]

    def _lesson_file(self, lesson_id: str) -> Path:
        for found, rel in self._synced("lessons", strict=False).ids(lesson_id):
            if found == lesson_id:
                return self.path / rel
        self._synced("lessons")  # a damaged partition may hide it: say so
        raise NotFoundError(f"no lesson has the id '{lesson_id}'")

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this full id."""
        path = self._lesson_file(lesson_id)
        data = self._read(path, "lessons") or {}
        doc = data.get("lessons", {}).get(lesson_id)
        if doc is None:
            raise NotFoundError(f"no lesson has the id '{lesson_id}'")
        return build(Lesson.from_dict, doc, path)

    def update_lesson(self, lesson_id: str, fn: Callable[[Lesson], T]) -> T:
        """Change a lesson under the lock (moving it if its author or month changes)."""
        self.check_open()
        with self.locked():
            path = self._lesson_file(lesson_id)
            with self._db(path, "lessons") as db:
                doc = db.tables_now.get("lessons", {}).get(lesson_id)
                if doc is None:
                    raise NotFoundError(f"no lesson has the id '{lesson_id}'")
                lesson = build(Lesson.from_dict, doc, path)
                result = fn(lesson)
                table = db.table("lessons")
                if self.lesson_path(lesson) == path:
                    table.update(lesson.to_dict(), doc_ids=[lesson_id])  # type: ignore[list-item]
                else:
                    self.add_lesson(lesson)
                    table.remove(doc_ids=[lesson_id])  # type: ignore[list-item]
            return result

    def delete_lesson(self, lesson_id: str) -> None:
        """Delete a lesson."""
        from retro.store.db import Query

        self.check_open()
        with self.locked(), self._db(self._lesson_file(lesson_id), "lessons") as db:
            db.table("lessons").remove(Query().id == lesson_id)
