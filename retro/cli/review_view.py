"""How a review reads for one viewer: its JSON and its lines, with what is hidden from them
(others' cards in reflect, others' votes while votes are private) left out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retro.cli.output import band_text, echo, label, shown, style

if TYPE_CHECKING:
    from datetime import datetime

    from retro.cli.base import Env
    from retro.model import Card, Review


def visible_dict(r: Review, viewer: str) -> dict[str, Any]:
    """A review as JSON for this viewer: others' card texts are null while hidden, and while
    votes are private only the viewer's own votes are there."""
    data = r.to_dict()
    data["votes_private"] = r.votes_private
    for card, out in zip(r.cards, data["cards"], strict=True):
        hidden = r.is_hidden(card, viewer)
        out["hidden"] = hidden
        out["votes"] = r.visible_votes(card, viewer)
        if hidden:
            # Neither what it says nor who wrote it, until the reveal.
            out["text"] = None
            out["tags"] = []
            out["lesson_id"] = None
            out["author"] = None
    hidden_leads = {c.id for c in r.cards if r.is_hidden(c, viewer)}
    if "groups" in data:
        # A group's title is often its lead card's text: hidden while that card is.
        data["groups"] = {
            lead: ("group" if lead in hidden_leads else title)
            for lead, title in data["groups"].items()
        }
    data["icebreaker"] = r.icebreaker_view(viewer)  # others' answers only once shown
    return data


def phase_line(r: Review) -> str:
    """The phases with the current one highlighted."""
    from retro.model import PHASES

    # Brackets as well as colour: with NO_COLOR or in a pipe the colour is gone.
    return " → ".join(style(f"[{p}]", bold=True, fg="green") if p == r.phase else p for p in PHASES)


def topic_line(r: Review, now: datetime) -> str | None:
    """In discuss, the current topic: its place on the agenda, title and time left."""
    from retro.model.topics import clock

    topics = r.agenda()
    current = r.current_topic(topics)
    if current is None:
        return None
    left = r.topic_left(now)
    title = "(hidden)" if current.hidden else shown(current.title)
    timer = style(f"  {clock(left)}", fg="yellow") if left is not None else ""
    return f"{topics.index(current) + 1} of {len(topics)}: {style(title, bold=True)}{timer}"


def card_line(r: Review, card: Card, short: str, viewer: str) -> str:
    """One card as a line: id, votes, text (or hidden), group, tags, author."""
    count = r.shown_votes(card, viewer)
    votes = style("●" * count, fg="yellow") + " " if count else ""
    hidden = r.is_hidden(card, viewer)
    text = style("(hidden until reveal)", dim=True) if hidden else shown(card.text)
    extra = []
    if card.group:
        lead = next((c for c in r.cards if c.id == card.group), None)
        # A group's title is often its lead card's text: hidden while that card is.
        title = r.groups.get(card.group) or "group"
        if lead is not None and r.is_hidden(lead, viewer):
            title = "group"
        extra.append(f"[{shown(title)}]")
    if not hidden:
        extra += [f"#{shown(t)}" for t in card.tags]
    if not hidden:
        extra.append(f"— {shown(card.author)}" if card.author else "— anonymous")
    if card.lesson_id:
        extra.append("(lesson)")
    return f"{style(short, fg='cyan')}  {votes}{text}  {style(' '.join(extra), dim=True)}"


def show_rest(env: Env, r: Review, shorts: dict[str, str]) -> None:
    if r.intents:
        from retro.drift import band, review_drift, review_words, signed_percent

        echo()
        echo(style("Intents", bold=True, underline=True))
        value = review_drift(r)
        label(
            "  drift",
            f"{signed_percent(value)}  {band_text(band(value))}  ({review_words(value)})",
        )
        for i in r.intents:
            rating = style(i.rating or "unrated", fg=_RATING_COLOUR.get(i.rating or ""))
            short = style(shorts.get(i.id, i.id), fg="cyan")
            echo(f"  {short}  {rating}  planned: {shown(i.planned)}")
            if i.actual:
                echo(f"        happened: {shown(i.actual)}")
            if i.why:
                echo(f"        why: {shown(i.why)}")
    if r.actions:
        echo()
        echo(style("Actions", bold=True, underline=True))
        for a in r.actions:
            due = f" due {a.due}" if a.due else ""
            owner = f" ({shown(a.owner)})" if a.owner else ""
            colour = "red" if a.is_overdue(env.today) else None
            echo(
                f"  {style(shorts.get(a.id, a.id), fg='cyan')}  {style(a.status, fg=colour)}  "
                f"{shown(a.text)}{owner}{style(due, fg=colour)}"
            )
    if r.kudos:
        echo()
        echo(style("Kudos", bold=True, underline=True))
        for k in r.kudos:
            echo(f"  to {style(shown(k.to), bold=True)}: {shown(k.text)}")
    if r.pulse:
        echo()
        echo(
            style("Pulse", bold=True, underline=True)
            + style("  how aligned with the purpose, 1–5", dim=True)
        )
        for person, score in sorted(r.pulse.items()):
            echo(f"  {shown(person)}: {score}")
        from retro.drift import alignment_spread, spread_words

        spread = alignment_spread(r)
        if spread is not None:
            label("  alignment spread", f"{spread:.2f}  ({spread_words(spread)})")


_RATING_COLOUR = {"exceeded": "green", "met": "green", "partly": "yellow", "missed": "red"}
