"""Lessons: partitioned by author and month, so a new lesson touches one small file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tinydb.table import Document

from retro.errors import NotFoundError, StoreError
from retro.model import Lesson
from retro.store import files
from retro.store.base import StoreBase, _build
from retro.store.files import Tables

T = TypeVar("T")


class LessonRepo(StoreBase):
    """Reading and changing lessons."""

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
