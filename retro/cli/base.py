"""What every command shares: the context object, the error policy, and text input.

The context object (`Env`) opens the store lazily, so ``retro --help`` or a usage error never
touches the disk. `RetroGroup.main` is the one place where errors become one line on stderr:
a `RetroError` exits 1, a usage error exits 2, anything unexpected exits 1 with a hint to report
it (``RETRO_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.exceptions import NoArgsIsHelpError

from retro.errors import RetroError

if TYPE_CHECKING:
    from retro.store import Store

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Env:
    """The context object: the store and the person, each found only when first needed."""

    def __init__(self, store_option: str | Path | None = None, as_user: str | None = None) -> None:
        self.store_option = store_option
        self.as_user = as_user
        self._store: Store | None = None
        self._user: str | None = None
        self._hinted = False

    @property
    def path(self) -> Path:
        """The store folder this invocation uses (it may not exist yet)."""
        from retro.store import find_store

        return find_store(explicit=self.store_option)

    def raw_store(self) -> Store:
        """The store object, not yet checked (for ``init``, ``demo`` and the TUI)."""
        if self._store is None:
            from retro.store import Store

            self._store = Store(self.path)
        return self._store

    def checked_path(self) -> Path:
        """The store folder, checked as `store` checks it, without building a store object
        when its catalogue is sound: what a lesson search needs (`retro.store.search` works on
        the folder). Anything unusual takes the full check, so its errors are the same."""
        if self._store is None:
            from retro.store.files import check_catalogue
            from retro.store.location import CATALOGUE

            path = self.path
            try:
                if os.access(path, os.R_OK | os.X_OK):
                    check_catalogue(path / CATALOGUE)
                    return path
            except (RetroError, OSError):
                pass
        return self.store.path

    @property
    def store(self) -> Store:
        """The store, checked: a missing store says how to create one."""
        store = self.raw_store()
        store.check_open()
        if store.path.name == ".retro" and not self._hinted:
            self._hinted = True
            _git_hint(store.path)
        return store

    @property
    def user(self) -> str:
        """Who is acting: --as, RETRO_USER, git's user.name, or the login name."""
        if self._user is None:
            from retro.identity import current_user

            self._user = current_user(self.as_user)
        return self._user

    @property
    def today(self) -> date:
        """The day it is."""
        return date.today()

    def short(self, full_id: str) -> str:
        """The short form of an id to print after creating something.

        Lessons, cards, intents, actions, kudos and goals can be many thousands, inside files
        that hold many of them: their short form is sized from those files' total size (a stat
        per file), as git sizes abbreviations, instead of reading every file. Reviews and
        sprints are the folder listing itself, so theirs is exact.
        """
        store = self.store
        kind = full_id[:1]
        if kind in "lciakg":
            from retro.ids import shown_length

            total = store.bytes_of_kind(kind)
            return full_id[: shown_length(max(1, total // 200))]
        return store.short(full_id)


def _git_hint(store: Path) -> None:
    """Once per store on this machine: a store in a clone without retro's merge driver says
    how to set it up (the commands that set it up, or check it, say so themselves)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().invoked_subcommand in ("git", "sync", "doctor"):
        return
    from retro.gitshare.setup import hint_once

    hint = hint_once(store)
    if hint:
        click.echo(hint, err=True)


def env_of(ctx: click.Context) -> Env:
    """The Env of this invocation, also during shell completion (when no callback ran)."""
    env = ctx.find_object(Env)
    if env is not None:
        return env
    root = ctx.find_root()
    return Env(root.params.get("store") or os.environ.get("RETRO_STORE"), root.params.get("as_"))


pass_env = click.make_pass_decorator(Env, ensure=True)


def _debug() -> bool:
    return os.environ.get("RETRO_DEBUG", "") not in ("", "0")


def fail_line(message: str, code: int) -> NoReturn:
    """Print one line on stderr and exit."""
    click.echo(f"Error: {_one(message)}", err=True)
    sys.exit(code)


def _one(message: str) -> str:
    from retro.text import inert

    return inert(" ".join(message.split()))


class RetroGroup(click.Group):
    """The root group: runs a command, and turns every error into one line on stderr."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            hint = ""
            if exc.ctx is not None:
                hint = f" (see '{exc.ctx.command_path} -h')"
            fail_line(exc.format_message() + hint, exc.exit_code)
        except click.ClickException as exc:
            fail_line(exc.format_message(), exc.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        except RetroError as exc:
            if _debug():
                raise
            fail_line(exc.message, exc.exit_code)
        except BrokenPipeError:
            # `retro lessons | head`: the reader has gone; stop quietly.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            sys.exit(0)
        except OSError as exc:
            # The store's own errors are RetroErrors; this is the disk refusing something
            # else (a folder nobody may enter, a device gone): say what, not "a bug".
            if _debug():
                raise
            where = f" ({exc.filename})" if exc.filename else ""
            fail_line(f"{exc.strerror or exc}{where}; nothing was changed", 1)
        except Exception as exc:
            if _debug():
                raise
            fail_line(
                f"unexpected {type(exc).__name__}: {exc}. This is a bug in retro; please report "
                "it with the output of the same command run with RETRO_DEBUG=1",
                1,
            )
        sys.exit(result if isinstance(result, int) and not isinstance(result, bool) else 0)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def people_options(fn: Any) -> Any:
    """--responsible, --accountable, --consulted and --informed, each repeatable."""
    for role, text in reversed(
        (
            ("responsible", "Who carries it out"),
            ("accountable", "Who answers for it (one person)"),
            ("consulted", "Whose opinion is sought"),
            ("informed", "Who is kept up to date"),
        )
    ):
        fn = click.option(
            f"--{role}", f"{role}", multiple=True, metavar="NAME", help=f"{text} (repeatable)."
        )(fn)
    return fn


edit_option = click.option("--edit", is_flag=True, help="Write the text in $EDITOR.")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a command builds thousands of small objects none of
    which is in a cycle (rows of a long listing): it would walk them again and again for
    nothing (5–15% of such a command). It runs again afterwards, if it ran before."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def read_text(value: str | None, edit: bool, what: str, initial: str = "") -> str:
    """The text a person gave: as an argument, ``-`` for stdin, or --edit for $EDITOR.

    Raises:
        click.UsageError: no text was given at all.
        RetroError: the editor was closed without writing anything.
    """
    if edit:
        from retro.errors import ValidationError

        written = click.edit(value if value not in (None, "-") else initial)
        if written is None:
            raise ValidationError(f"nothing was written for {what}; nothing was changed")
        return written.strip("\n")
    if value is None:
        raise click.UsageError(f"give {what} as an argument, '-' to read it from stdin, or --edit")
    if value == "-":
        return sys.stdin.read().strip("\n")
    return value


def confirm(message: str, yes: bool) -> None:
    """Ask before something destructive, unless --yes was given."""
    if not yes:
        click.confirm(message, abort=True, err=True)
