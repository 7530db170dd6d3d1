"""The Markdown summary of a review: drift, intents, cards by column, actions, kudos, pulse."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from retro.drift import ActionSummary, ReviewSummary
from retro.export.blocks import (
    NONE,
    day,
    decimal,
    document,
    fields,
    footer,
    heading,
    percent,
    person,
    plural,
    signed_percent,
    table,
    task,
)
from retro.export.decisions import decisions_section
from retro.export.escape import escape_cell, escape_heading, escape_line, escape_md
from retro.export.icebreaker import icebreaker_section
from retro.export.lessons import lesson_item
from retro.export.topics import topics_section
from retro.formats import Format
from retro.model import PHASES, Action, Card, Decision, Lesson, Review

HIDDEN = "*(hidden until the cards are revealed)*"


# --- cards -----------------------------------------------------------------------------------


@dataclass
class _Entry:
    """A card on its own, or a group of cards, in one column."""

    key: str
    title: str | None = None
    """The group's title; None for a card on its own."""
    lead: str | None = None
    """The id of the group's lead card."""
    cards: list[Card] = field(default_factory=list)
    votes: int = 0
    """The votes on its cards that the reader may see."""
    home: str | None = None
    """For a group listed in another column (that of its first card): that column's key."""


def _home_columns(review: Review) -> dict[str, str]:
    """Each group's column where it is listed: that of its first card in the order of adding."""
    home: dict[str, str] = {}
    for card in review.cards:
        lead = _group_key(card, review)
        if lead is not None:
            home.setdefault(lead, card.column)
    return home


def _group_key(card: Card, review: Review) -> str | None:
    """The id of the card's group lead, if the card is grouped (a lead may point at itself)."""
    if card.group:
        return card.group
    return card.id if card.id in review.groups else None


def column_entries(
    review: Review, cards: Iterable[Card], viewer: str | None = None
) -> list[_Entry]:
    """A column's cards as entries (single cards and groups), most votes first (the votes the
    viewer may see: while votes are private, only their own).

    Groups and cards within a group are sorted by votes too; ties keep the order of adding.
    """
    entries: dict[str, _Entry] = {}
    home = _home_columns(review)
    for card in cards:
        lead = _group_key(card, review)
        if lead is None:
            entries[card.id] = _Entry(card.id, None, None, [card])
            continue
        key = "group:" + lead
        if key not in entries:
            entries[key] = _Entry(key, review.groups.get(lead) or "", lead, [])
            if home.get(lead) == card.column:  # a group is listed once, with every card of it
                entries[key].cards = [c for c in review.cards if _group_key(c, review) == lead]
            else:
                entries[key].home = home.get(lead)
        if entries[key].home is not None:
            entries[key].cards.append(card)

    def seen(card: Card) -> int:
        return review.shown_votes(card, viewer)

    for entry in entries.values():
        entry.votes = sum(seen(card) for card in entry.cards)
    ordered = sorted(entries.values(), key=lambda e: -e.votes)
    for entry in ordered:
        entry.cards.sort(key=lambda c: -seen(c))
    return ordered


def _votes(count: int) -> str:
    return f" · **{plural(count, 'vote')}**" if count else ""


def card_item(card: Card, review: Review, viewer: str | None, *, level: int = 0) -> str:
    """One card as a list item: text, author (none for an anonymous card), votes and tags."""
    pad = "  " * level
    if review.is_hidden(card, viewer):
        return f"{pad}- {HIDDEN}"
    line = f"{pad}- {escape_md(card.text, indent=pad + '  ')}"
    if card.author:
        line += f" — {escape_line(card.author)}"
    line += _votes(review.shown_votes(card, viewer))
    if card.tags:
        line += " · tags: " + ", ".join(escape_line(t) for t in card.tags)
    return line


def _entry_md(entry: _Entry, review: Review, viewer: str | None, titles: dict[str, str]) -> str:
    if entry.title is None:
        return card_item(entry.cards[0], review, viewer)
    lead = next((c for c in review.cards if c.id == entry.lead), None)
    # A group's title is often its lead card's text: hidden while the lead card is.
    hidden = lead is not None and review.is_hidden(lead, viewer)
    title = escape_line(entry.title) if entry.title.strip() and not hidden else "Group"
    if entry.home is not None:
        where = escape_line(titles.get(entry.home, entry.home))
        return f"- *{plural(len(entry.cards), 'card')} in the group **{title}**, under {where}*"
    lines = [f"- **{title}**{_votes(entry.votes)}"]
    spans = len({c.column for c in entry.cards}) > 1
    for card in entry.cards:
        line = card_item(card, review, viewer, level=1)
        if spans:  # a group spanning columns: each card says where it was written
            line += f" · *{escape_line(titles.get(card.column, card.column))}*"
        lines.append(line)
    return "\n".join(lines)


def cards_section(review: Review, fmt: Format, viewer: str | None) -> list[str]:
    """The cards, one sub-section per column of the format (in its order), then any cards in a
    column the format does not have."""
    by_column: dict[str, list[Card]] = {}
    for card in review.cards:
        by_column.setdefault(card.column, []).append(card)
    columns = [(c.key, c.title, c.prompt) for c in fmt.columns]
    known = {key for key, _, _ in columns}
    columns += [(key, key, "") for key in by_column if key not in known]
    blocks = [heading(2, "Cards")]
    titles = {key: title for key, title, _ in columns}
    for key, title, prompt in columns:
        cards = by_column.get(key, [])
        count = f" · {plural(len(cards), 'card')}"
        blocks.append(heading(3, escape_heading(title) + count))
        if prompt.strip():
            blocks.append(f"*{escape_line(prompt)}*")
        entries = column_entries(review, cards, viewer)
        if entries:
            blocks.append("\n".join(_entry_md(e, review, viewer, titles) for e in entries))
        else:
            blocks.append("*No cards.*")
    return blocks


# --- actions ---------------------------------------------------------------------------------


def action_item(action: ActionSummary, *, carried: bool = False) -> str:
    """An action as a task item: ``- [x]`` once done, with owner, due date and what became of it.

    Args:
        action: the action's summary.
        carried: whether it is followed up from the last review (an open one says "still open").
    """
    text = escape_md(action.text, indent="  ")
    line = task(text, done=action.status == "done")
    line += f" — owner: {person(action.owner)}"
    if action.status == "done":
        line += f" · done {day(action.done_on)}" if action.done_on else " · done"
    elif action.status == "dropped":
        line += " · dropped" + (f" {day(action.done_on)}" if action.done_on else "")
    elif carried:
        line += " · still open"
    if action.due is not None:
        line += f" · due {day(action.due)}"
    if action.overdue:
        line += " · ⚠️ **overdue**"
    return line


def _previous_actions(previous: Review, summary: ReviewSummary, today: date) -> list[str]:
    """What became of the last review's actions: done, dropped or still open (carried forward)."""
    still_open = {a.id: a for a in summary.carried_forward}
    blocks = [
        heading(2, "Last review's actions"),
        f"From *{escape_line(previous.title)}* ({day(previous.on)}): "
        + _outcome_counts(previous.actions),
    ]
    items = [
        action_item(still_open.get(a.id) or ActionSummary.of(a, today), carried=True)
        for a in previous.actions
    ]
    blocks.append("\n".join(items) if items else "*No actions were agreed.*")
    return blocks


def _outcome_counts(actions: Sequence[Action]) -> str:
    counts = {status: sum(1 for a in actions if a.status == status) for status in _STATUSES}
    parts = [f"{counts[s]} {s}" for s in _STATUSES if counts[s]]
    return (", ".join(parts) + ".") if parts else "nothing to follow up."


_STATUSES = ("done", "open", "dropped")


# --- the document ----------------------------------------------------------------------------


def _meta(review: Review, summary: ReviewSummary, fmt: Format) -> str:
    people = ", ".join(escape_line(p) for p in summary.participants if p.strip())
    return fields(
        [
            ("Date", day(summary.on)),
            ("Format", escape_line(fmt.name)),
            ("Facilitator", person(summary.facilitator, "none")),
            ("Participants", people or "none recorded"),
            ("Phase", summary.phase),
            ("Sprint", f"`{summary.sprint_id}`" if summary.sprint_id else ""),
        ]
    )


def _drift(summary: ReviewSummary) -> list[str]:
    pulse = "no answers yet"
    if summary.pulse_count:
        pulse = (
            f"mean {decimal(summary.pulse_mean, 1)} of 5 from "
            f"{plural(summary.pulse_count, 'answer')}"
        )
    drift = f"{NONE} (no intent rated yet)"
    if summary.drift is not None:
        drift = (
            f"{signed_percent(summary.drift)}: {escape_line(summary.sentence)} (mean attainment "
            "of the intents − 1: 0% went as intended, negative fell short)"
        )
    spread = f"{NONE} (needs two pulse answers)"
    if summary.alignment_spread is not None:
        spread = (
            f"{decimal(summary.alignment_spread)}: {summary.spread_sentence} (standard deviation "
            "of the pulse: 0 means everyone feels equally aligned)"
        )
    follow = f"{NONE} (no action was due by {day(summary.follow_through_by)})"
    if summary.follow_through is not None:
        follow = (
            f"{percent(summary.follow_through)} of the actions due by "
            f"{day(summary.follow_through_by)} were done by then"
        )
    lines = fields(
        [
            ("Review drift", drift),
            ("Follow-through", follow),
            ("Pulse", pulse),
            ("Alignment spread", spread),
        ]
    )
    return [heading(2, "Drift"), lines]


def _intents(summary: ReviewSummary) -> list[str]:
    if not summary.intents:
        return []
    rows = [
        [
            escape_cell(i.planned),
            escape_cell(i.actual),
            i.rating or NONE,
            percent(i.attainment),
            escape_cell(i.why),
        ]
        for i in summary.intents
    ]
    return [
        heading(2, "Intents"),
        f"Review drift: **{signed_percent(summary.drift)}** ({escape_line(summary.sentence)})",
        table(
            ["Planned", "Happened", "Rating", "Attainment", "Why"],
            rows,
            ["left", "left", "left", "right", "left"],
        ),
    ]


def _kudos(review: Review) -> list[str]:
    if not review.kudos:
        return []
    items = []
    for kudos in review.kudos:
        line = f"- 🎉 **{escape_line(kudos.to)}**: {escape_md(kudos.text, indent='  ')}"
        if kudos.by:
            line += f" — from {escape_line(kudos.by)}"
        items.append(line)
    return [heading(2, "Kudos"), "\n".join(items)]


def _pulse(review: Review, summary: ReviewSummary) -> list[str]:
    if not summary.pulse_count:
        return []
    counts = [sum(1 for score in review.pulse.values() if score == n) for n in range(1, 6)]
    return [
        heading(2, "Pulse"),
        "How aligned the work felt with the purpose, from 1 (not at all) to 5 (fully): "
        f"mean **{decimal(summary.pulse_mean, 1)}**, alignment spread "
        f"**{decimal(summary.alignment_spread)}**.",
        table(
            ["Pulse", "1", "2", "3", "4", "5"],
            [["Answers", *(str(c) for c in counts)]],
            ["left", "right", "right", "right", "right", "right"],
        ),
    ]


def render_review(
    review: Review,
    summary: ReviewSummary,
    fmt: Format,
    *,
    previous: Review | None = None,
    lessons: Iterable[Lesson] = (),
    viewer: str | None = None,
    today: date | None = None,
    decisions: Iterable[Decision] = (),
) -> str:
    """The Markdown summary of a review.

    Args:
        review: the review.
        summary: its drift, from ``retro.drift.summarize_review(review, previous, today)``.
        fmt: the review's format (its columns order the cards).
        previous: the review before it, whose actions are followed up; None for none.
        lessons: lessons; those promoted from this review are listed.
        viewer: who is exporting; in the reflect phase others' cards are hidden from them.
        today: the export date for the footer (today when None).
        decisions: decisions; those made in this review are listed.
    """
    today = today or date.today()
    blocks = [heading(1, escape_heading(review.title)), _meta(review, summary, fmt)]
    blocks += _drift(summary)
    if previous is not None:
        blocks += _previous_actions(previous, summary, today)
    blocks += _intents(summary)
    blocks += icebreaker_section(review, viewer)
    listed: set[str] = set()
    if PHASES.index(review.phase) >= PHASES.index("discuss"):  # as the meeting took them
        section, listed = topics_section(review, fmt, viewer, summary.actions, action_item)
        blocks += section
    else:
        blocks += cards_section(review, fmt, viewer)
    actions = [action_item(a) for a in summary.actions if a.id not in listed]
    if actions or not listed:
        title = "Other actions" if listed else "Actions"
        blocks += [heading(2, title), "\n".join(actions) if actions else "*No actions agreed.*"]
    blocks += decisions_section(d for d in decisions if d.review_id == review.id)
    blocks += _kudos(review)
    blocks += _pulse(review, summary)
    own = [lesson for lesson in lessons if lesson.review_id == review.id]
    if own:
        own.sort(key=lambda lesson: (lesson.on, lesson.created, lesson.id), reverse=True)
        blocks += [heading(2, "Lessons"), "\n".join(lesson_item(lesson) for lesson in own)]
    blocks.append(footer(today))
    return document(blocks)
