"""The one family of errors a person can act on.

Every error the product raises on purpose is a `RetroError` whose message is one line that says
what went wrong and what to do. The CLI turns it into a one-line message and exit code 1; the
TUI into a notification or a modal.
"""

from __future__ import annotations


class RetroError(Exception):
    """An error with a message a person can act on."""

    exit_code = 1

    @property
    def message(self) -> str:
        """The one-line message to show."""
        return str(self.args[0]) if self.args else self.__class__.__name__


class ValidationError(RetroError):
    """A value a person gave (or a stored value) breaks a rule of the model."""


class NotFoundError(RetroError):
    """No object has the id or name that was given."""


class AmbiguousIdError(RetroError):
    """An id prefix matches more than one object."""

    def __init__(self, prefix: str, candidates: list[str]) -> None:
        shown = ", ".join(candidates[:10]) + (" …" if len(candidates) > 10 else "")
        super().__init__(f"id '{prefix}' is ambiguous: it matches {shown}; type more characters")
        self.prefix = prefix
        self.candidates = candidates


class RuleError(RetroError):
    """An operation that is valid in form but not allowed now (a vote outside the vote phase)."""


class StoreError(RetroError):
    """The store cannot be read or written safely."""


class NoStoreError(StoreError):
    """There is no store at the path yet."""

    def __init__(self, path: object) -> None:
        super().__init__(f"no retro store at {path}; create one with 'retro init' (or run 'retro')")
        self.path = path


class CorruptStoreError(StoreError):
    """A store file is damaged: it is refused, never overwritten."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(
            f"store file {path} is damaged ({reason}); nothing was changed. "
            "Run 'retro doctor' to check the store and restore the last good backup"
        )
        self.path = path
        self.reason = reason


class ForeignStoreError(StoreError):
    """A file or folder that is not a retro store, or one from a newer retro."""
