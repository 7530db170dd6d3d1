"""The review board: the format's columns side by side, each a list of cards.

The board only draws a `Review`; the review screen changes it through the store. Redrawing keeps
the highlighted card of every column, so a change made by someone else never moves the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from retro.formats import Column, Format
from retro.model import PHASES, Action, Card, Review
from retro.model.topics import Topic, topic_holding
from retro.text import plural
from retro.widgets.text import clip, looks, redraw, user

MIN_COLUMN = 16
"""The narrowest a column gets before the board scrolls sideways: five columns (an AAR)
fit an 80-column terminal."""


def ordered_cards(review: Review, column: str, topics: list[Topic] | None = None) -> list[Card]:
    """The column's cards in board order: from discuss on, in the agenda's order (most votes
    first, a topic's cards together); before that in the order they were added, each group
    kept together where its first card is."""
    if PHASES.index(review.phase) >= PHASES.index("discuss"):
        ranked = review.agenda() if topics is None else topics
        return [card for topic in ranked for card in topic.cards if card.column == column]
    cards = review.sorted_cards(column)
    out: list[Card] = []
    seen: set[str] = set()
    for card in cards:
        if card.id in seen:
            continue
        key = card.group
        if key is None:
            out.append(card)
            seen.add(card.id)
            continue
        for member in cards:
            if member.group == key and member.id not in seen:
                out.append(member)
                seen.add(member.id)
    return out


def card_content(
    card: Card,
    review: Review,
    viewer: str | None,
    now_on: bool = False,
    actions: Sequence[Action] = (),
) -> Content:
    """One card: its text (or a placeholder while hidden), then votes, author and tags; the
    current topic's cards are marked ▶, and a topic of one card lists the actions agreed on it."""
    if review.is_hidden(card, viewer):
        # Not even whose it is: an author can be guessed from a name.
        return Content.assemble(
            ("▒▒▒▒▒▒▒▒ ", "$text-muted"), ("hidden until reveal", "italic $text-muted")
        )
    parts: list[Content | str | tuple[str, str]] = [user(card.text)]
    meta: list[Content | str | tuple[str, str]] = []
    shown = review.shown_votes(card, viewer)  # only the viewer's own while votes are private
    if shown:
        mine = card.votes.get(viewer or "", 0)
        meta.append(("●" * min(mine, 10), "bold $accent"))
        meta.append(("●" * min(shown - mine, 10), "$secondary"))
        meta.append((f" {shown}  ", "bold"))
    meta.append(user(card.author or "anonymous", "$text-muted"))
    for tag in card.tags:
        meta.append(("  ", ""))
        meta.append(user(f"#{tag}", "$text-secondary"))
    if card.lesson_id:
        meta.append(("  ✎ lesson", "$text-success"))
    parts.append("\n")
    parts.extend(meta)
    for action in actions:
        parts += ["\n", action_line(action)]
    prefix, style = ("▶ ", "bold $warning") if now_on else ("┃ ", "$accent")
    content = Content.assemble(*parts)
    if card.group or now_on:
        lines = content.split("\n")
        content = Content("\n").join(Content.assemble((prefix, style), line) for line in lines)
    return content


def action_line(action: Action) -> Content:
    """An action agreed on a topic, as the board shows it under the topic."""
    owner = f" ({action.owner})" if action.owner else ""
    return Content.assemble(
        ("→ ", "$success"), user(clip(action.text, 60)), user(owner, "$text-muted")
    )


def group_header(
    review: Review,
    topic: Topic,
    column: str,
    titles: dict[str, str],
    now_on: bool = False,
    actions: Sequence[Action] = (),
) -> Content:
    """The heading over a group of cards, once on the board: in the column of its first card,
    its title, size and votes across every column; in its other columns, where that heading
    is. A title is often its lead card's text: while that card is hidden, so is the title."""
    title = "group" if topic.hidden else (topic.title or "group")
    mark = ("▶ ", "bold $warning") if now_on else ("◆ ", "bold $accent")
    home = topic.columns[0] if topic.columns else column
    if column != home:
        return Content.assemble(
            ("◇ ", "$text-muted"),
            user(clip(title, 40), "$text-muted"),
            (f" · heading in {titles.get(home, home)}", "$text-muted"),
        )
    parts: list[Content | str | tuple[str, str]] = [
        mark,
        user(clip(title, 60), "bold $accent"),
        (f"  {plural(len(topic.cards), 'card')} · {plural(topic.votes, 'vote')}", "$text-muted"),
    ]
    others = [titles.get(key, key) for key in topic.columns[1:]]
    if others:
        parts.append((f" · also in {', '.join(others)}", "$text-muted"))
    for action in actions:
        parts += ["\n", action_line(action)]
    return Content.assemble(*parts)


class CardColumn(Vertical):
    """One column: its title, prompt and cards."""

    def __init__(self, column: Column, index: int, fmt: Format | None = None) -> None:
        super().__init__(id=f"col-{column.key}", classes="card-column")
        self.column = column
        self.index = index
        self._format = fmt
        """The board's format (its column titles name where a group's heading is)."""
        self._pending: tuple[Review, str | None] | None = None
        """What to show once the column's widgets are mounted (see `show`)."""
        self._shows: list[tuple[object, ...] | None] | None = None
        """What the card list shows (`_shows` of each option), to leave it alone if unchanged."""

    def on_mount(self) -> None:
        if self._pending is not None:
            self.show(*self._pending)
        for board in self.ancestors:
            if isinstance(board, Board) and board._pending_focus == self.index:
                board.focus_column(self.index)

    def compose(self) -> ComposeResult:
        yield Static(self.column.title, classes="column-title", markup=False)
        yield Static(self.column.prompt, classes="column-prompt", markup=False)
        yield OptionList(id=f"cards-{self.column.key}", classes="cards", markup=False)

    @property
    def cards(self) -> OptionList:
        return self.query_one(OptionList)

    def show(self, review: Review, viewer: str | None) -> None:
        """Redraw the cards, keeping the highlighted one (once the column's widgets are mounted:
        a board just mounted may be asked to show a review before its columns have composed)."""
        if not self.query(OptionList):
            self._pending = (review, viewer)
            return
        self._pending = None
        option_list = self.cards
        keep = None
        if option_list.highlighted is not None and option_list.option_count:
            keep = option_list.get_option_at_index(option_list.highlighted).id
        topics = review.agenda(viewer)
        cards = ordered_cards(review, self.column.key, topics)
        current = review.current_topic(topics)
        linked: dict[str, list[Action]] = {}
        for action in review.actions:
            topic = review.topic_for(action, topics)
            if topic is not None:
                linked.setdefault(topic.id, []).append(action)
        titles = {c.key: c.title for c in self._format.columns} if self._format else {}
        options: list[Option | None] = []
        shown_groups: set[str] = set()
        previous: Card | None = None
        for card in cards:
            # A thin rule between cards, none inside a group: where one card ends is visible.
            together = previous is not None and card.group is not None
            if previous is not None and not (together and previous.group == card.group):
                options.append(None)
            topic = topic_holding(topics, card.id)
            now_on = topic is not None and current is not None and topic.id == current.id
            if card.group and card.group not in shown_groups and topic is not None:
                shown_groups.add(card.group)
                header = group_header(
                    review, topic, self.column.key, titles, now_on, linked.get(topic.id, ())
                )
                options.append(Option(header, id=f"g:{card.group}", disabled=True))
            alone = topic is not None and not topic.grouped
            actions = linked.get(topic.id, ()) if alone and topic is not None else ()
            options.append(Option(card_content(card, review, viewer, now_on, actions), id=card.id))
            previous = card
        if not cards:
            hint = "n adds a card here" if review.phase in ("reflect", "group") else "no cards"
            options.append(Option(Content.styled(hint, "italic $text-muted"), disabled=True))
        shows = [_shows(option) for option in options]
        if shows != self._shows:  # unchanged, the list is left alone: it would render again
            self._shows = shows
            option_list.clear_options()
            option_list.add_options(options)
        count = len(cards)
        title = self.query_one(".column-title", Static)
        redraw(
            title,
            Content.assemble(
                (self.column.title, "bold"),
                (f" · {count} card{'' if count == 1 else 's'}", "$text-muted"),
            ),
        )
        if keep is not None:
            try:
                option_list.highlighted = option_list.get_option_index(keep)
            except OptionDoesNotExist:
                option_list.highlighted = _first_enabled(option_list)
        elif count and option_list.highlighted is None:
            option_list.highlighted = _first_enabled(option_list)

    def current(self) -> str | None:
        """The id of the highlighted card, if any."""
        option_list = self.cards
        if option_list.highlighted is None or not option_list.option_count:
            return None
        option = option_list.get_option_at_index(option_list.highlighted)
        return None if option.disabled else option.id


def _shows(option: Option | None) -> tuple[object, ...] | None:
    """What an option shows: its id, text and styles, whether it can be highlighted."""
    return None if option is None else (option.id, looks(option.prompt), option.disabled)


def _first_enabled(option_list: OptionList) -> int | None:
    for index in range(option_list.option_count):
        if not option_list.get_option_at_index(index).disabled:
            return index
    return None


class Board(HorizontalScroll):
    """The columns of a review's format, side by side."""

    def __init__(self, fmt: Format, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fmt = fmt
        self._pending: tuple[Review, str | None] | None = None
        self._pending_focus: int | None = None
        """What to show and focus once the columns are mounted (a board just mounted may be
        asked before its columns have composed, on a busy machine)."""

    def on_mount(self) -> None:
        # Mount comes after compose: the columns (and their own widgets) are there now.
        if self._pending is not None:
            self.show(*self._pending)
        if self._pending_focus is not None:
            self.focus_column(self._pending_focus)

    def compose(self) -> ComposeResult:
        for index, column in enumerate(self.fmt.columns):
            yield CardColumn(column, index, self.fmt)

    def on_resize(self) -> None:
        """Share the width between the columns, none narrower than `MIN_COLUMN` cells; on a
        narrow screen the board scrolls sideways (← → move between columns)."""
        columns = self.columns
        if not columns or not self.size.width:
            return
        width = max(MIN_COLUMN, self.size.width // len(columns))
        for column in columns:
            column.styles.width = width

    @property
    def columns(self) -> list[CardColumn]:
        return list(self.query(CardColumn))

    def show(self, review: Review, viewer: str | None) -> None:
        """Redraw every column for this review as seen by `viewer`."""
        columns = self.columns
        self._pending = None if columns else (review, viewer)
        for column in columns:
            column.show(review, viewer)

    def focused_column(self) -> CardColumn:
        """The column holding the focus (the first when none does)."""
        focused = self.screen.focused
        for column in self.columns:
            if focused is not None and (focused is column or column in focused.ancestors):
                return column
        return self.columns[0]

    def focus_column(self, index: int) -> None:
        """Move the focus to the column at `index` (clamped)."""
        columns = self.columns
        if not columns:
            self._pending_focus = index
            return
        column = columns[max(0, min(index, len(columns) - 1))]
        if not column.query(OptionList):  # not composed yet: it takes the focus when mounted
            self._pending_focus = column.index
            return
        self._pending_focus = None
        column.cards.focus()
        column.scroll_visible()

    def select_card(self, card_id: str) -> None:
        """Focus and highlight a card wherever it is."""
        for column in self.columns:
            try:
                index = column.cards.get_option_index(card_id)
            except (OptionDoesNotExist, NoMatches):  # NoMatches: a column not composed yet
                continue
            column.cards.focus()
            column.cards.highlighted = index
            return

    def current_card(self) -> str | None:
        """The highlighted card of the focused column."""
        return self.focused_column().current()
