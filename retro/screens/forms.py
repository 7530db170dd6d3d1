"""Typed modal forms: fill in fields, confirm, pick one of many. Each returns via `dismiss()`."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from retro.errors import RetroError

Values = dict[str, str]


@dataclass
class Field:
    """One field of a form."""

    name: str
    """The key of its value in the result."""
    label: str
    """What the person sees above it."""
    value: str = ""
    """The value it starts with."""
    placeholder: str = ""
    """A hint inside the empty field."""
    choices: Sequence[tuple[str, str]] = field(default_factory=tuple)
    """(label, value) pairs: the field becomes a drop-down."""
    first: bool = False
    """Whether the form opens with the focus here (else on its first field)."""


FORM_KEYS = Content.assemble(
    ("tab", "bold"),
    "\u00a0next  ",
    ("ctrl+s", "bold"),
    "\u00a0save  ",
    ("esc", "bold"),
    "\u00a0cancel",
)
"""The form's keys, shown beside its buttons (a modal has no footer). Tab, not enter: enter on
a drop-down opens it. No-break spaces keep each key with its word when the line wraps."""


class FormScreen(ModalScreen[Values | None]):
    """A form of fields. `submit` does the work: if it raises a `RetroError`, the message shows
    in the form and nothing typed is lost; otherwise the form closes with its values."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $panel; padding: 1 2;
    }
    FormScreen .form-title { text-style: bold; color: $accent; }
    FormScreen .form-help { color: $text-muted; margin-top: 1; }
    FormScreen .form-keys { width: 1fr; color: $text-muted; padding-top: 1; }
    FormScreen Label { margin-top: 1; color: $text-muted; }
    FormScreen .form-error { color: $text-error; height: auto; margin-top: 1; display: none; }
    FormScreen .form-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    FormScreen Button { margin-left: 2; }
    FormScreen VerticalScroll { height: auto; max-height: 24; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close the form without saving"),
        Binding("ctrl+s", "submit", "Save", tooltip="Save the form"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        submit: Callable[[Values], object] | None = None,
        *,
        help: str = "",
        ok: str = "Save",
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.submit = submit
        self.help = help
        self.ok = ok
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title, classes="form-title", markup=False)
            if self.help:
                yield Static(self.help, classes="form-help", markup=False)
            with VerticalScroll(can_focus=False):
                for spec in self.fields:
                    yield Label(spec.label, markup=False)
                    if spec.choices:
                        values = [v for _, v in spec.choices]
                        yield Select(
                            [(Content(label), value) for label, value in spec.choices],
                            value=spec.value if spec.value in values else Select.NULL,
                            allow_blank=spec.value not in values,
                            id=f"f-{spec.name}",
                        )
                    else:
                        yield Input(spec.value, placeholder=spec.placeholder, id=f"f-{spec.name}")
            yield Static("", classes="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Static(FORM_KEYS, classes="form-keys")
                yield Button("Cancel", id="cancel")
                yield Button(self.ok, variant="primary", id="ok")

    def on_mount(self) -> None:
        if self.fields:
            spec = next((f for f in self.fields if f.first), self.fields[0])
            self.query_one(f"#f-{spec.name}").focus()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the fields what the terminal has left once the title, help, error line and
        buttons are drawn: on a short terminal (80×24) the fields scroll, and the buttons and
        keys stay in sight."""
        frame = self.query_one("FormScreen > Vertical", Vertical)
        fields = self.query_one(VerticalScroll)
        others = sum(
            child.outer_size.height + child.styles.margin.top + child.styles.margin.bottom
            for child in frame.children
            if child is not fields and child.display
        )
        chrome = frame.styles.border.spacing.height + frame.styles.padding.height
        room = int(self.size.height * 0.9) - chrome - others
        fields.styles.max_height = max(3, min(24, room))

    def values(self) -> Values:
        """What the fields hold now."""
        out: Values = {}
        for spec in self.fields:
            widget = self.query_one(f"#f-{spec.name}")
            if isinstance(widget, Select):
                out[spec.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                out[spec.name] = widget.value
        return out

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_submit()
        else:
            self.focus_next()

    @on(Button.Pressed, "#ok")
    def action_submit(self) -> None:
        """Save: `submit` runs in a thread worker (a slow disk or a lock another process holds
        never freezes the screen), in turn with the app's other writes; the form stays open,
        its button saying so, until the write is done or refused."""
        if self._saving:
            return
        values = self.values()
        if self.submit is None:
            self.dismiss(values)
            return
        self._saving = True
        ok = self.query_one("#ok", Button)
        ok.label, ok.disabled = "Saving…", True
        turns = getattr(self.app, "write_turns", None)  # the RetroApp's order of writes
        turn = turns.take() if turns is not None else None
        self.app.run_worker(
            partial(self._save, self.app, self.submit, values, turns, turn),
            thread=True,
            group="write",
            exit_on_error=False,
        )

    def _save(
        self,
        app: App[object],
        submit: Callable[[Values], object],
        values: Values,
        turns: Any,
        turn: int | None,
    ) -> None:
        with turns.wait(turn) if turns is not None else contextlib.nullcontext():
            try:
                submit(values)
            except RetroError as exc:
                app.call_from_thread(self._refused, exc.message)
                return
            except Exception as exc:  # a bug must not leave the form stuck on "Saving…"
                app.call_from_thread(self._refused, f"not saved: {exc.__class__.__name__}")
                raise
        app.call_from_thread(self.dismiss, values)

    def _refused(self, message: str) -> None:
        self._saving = False
        ok = self.query_one("#ok", Button)
        ok.label, ok.disabled = self.ok, False
        error = self.query_one(".form-error", Static)
        error.update(Content(f"✖ {message}"))
        error.display = True  # shown only once there is something to say
        self.call_after_refresh(self._fit)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; max-width: 95%; height: auto; border: thick $warning;
        background: $panel; padding: 1 2;
    }
    ConfirmScreen .confirm-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", tooltip="Confirm"),
        Binding("n,escape", "answer(False)", "No", tooltip="Cancel"),
    ]

    def __init__(self, question: Content | str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical():
            question = (
                self.question if isinstance(self.question, Content) else Content(self.question)
            )
            yield Static(question)
            with Horizontal(classes="confirm-buttons"):
                yield Button("No (n)", id="no")
                yield Button(f"{self.yes} (y)", variant="warning", id="yes")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class PickScreen(ModalScreen[str | None]):
    """Pick one of many (type to filter); returns the chosen id."""

    DEFAULT_CSS = """
    PickScreen { align: center middle; }
    PickScreen > Vertical {
        width: 80; max-width: 95%; height: 80%; border: thick $accent;
        background: $panel; padding: 1 2;
    }
    PickScreen .pick-title { text-style: bold; color: $accent; }
    PickScreen OptionList { height: 1fr; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without choosing")]

    def __init__(self, title: str, options: Sequence[tuple[str, Content]]) -> None:
        super().__init__()
        self.pick_title = title
        self.options = list(options)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.pick_title, classes="pick-title", markup=False)
            yield Input(placeholder="type to filter", id="pick-filter")
            yield OptionList(*[Option(c, id=i) for i, c in self.options], id="pick-list")

    @on(Input.Changed, "#pick-filter")
    def _filter(self, event: Input.Changed) -> None:
        words = event.value.casefold().split()
        shown = [
            Option(c, id=i) for i, c in self.options if all(w in c.plain.casefold() for w in words)
        ]
        option_list = self.query_one(OptionList)
        option_list.set_options(shown)
        if shown:
            option_list.highlighted = 0

    @on(Input.Submitted, "#pick-filter")
    def _enter(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None and option_list.option_count:
            self.dismiss(option_list.get_option_at_index(option_list.highlighted).id)

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key in ("down", "up") and isinstance(self.focused, Input):
            option_list = self.query_one(OptionList)
            if key == "down":
                option_list.action_cursor_down()
            else:
                option_list.action_cursor_up()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
