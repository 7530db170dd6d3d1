"""The forms the dashboard opens: a new review, the team's purpose, a new member."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retro.errors import ValidationError

if TYPE_CHECKING:
    from retro.app import RetroApp
    from retro.model import Team
    from retro.screens.forms import Values

# Imported when a form opens: the forms, the model and the date parser are not needed before.


def set_purpose(app: RetroApp) -> None:
    """Ask for the team's purpose (the old one stays in its history)."""
    from retro.screens.forms import Field, FormScreen

    store, who = app.store, app.user

    def save(values: Values) -> None:
        store.update_team(lambda team: team.set_purpose(values["purpose"], by=who))

    current = app.snapshot.team.purpose if app.snapshot else ""
    app.push_screen(
        FormScreen(
            "The team's purpose",
            [Field("purpose", "Purpose (the north star)", current or "")],
            save,
            help="Changing it keeps the history: drift from the first purpose stays visible.",
        ),
        lambda _: app.reload(),
    )


def add_member(app: RetroApp) -> None:
    """Ask for a new member's name and add them to the team."""
    from retro.model import Member
    from retro.screens.forms import Field, FormScreen

    store = app.store

    def save(values: Values) -> None:
        def add(team: Team) -> None:
            if team.member(values["name"]):
                raise ValidationError(f"{values['name']} is on the team already")
            team.members.append(Member(values["name"]))

        store.update_team(add)

    app.push_screen(
        FormScreen("Add a member", [Field("name", "Name")], save),
        lambda _: app.reload(),
    )


def new_review(app: RetroApp, sprint_id: str | None = None) -> None:
    """Ask for a new review's title and format, create it, and open its board."""
    from retro.dates import parse_date
    from retro.formats import kept_format
    from retro.model import Review
    from retro.model.topics import DEFAULT_TOPIC_MINUTES, Discussion
    from retro.screens.forms import Field, FormScreen

    snapshot = app.snapshot
    if snapshot is None:
        return
    formats = [(f"{f.name} ({f.key})", f.key) for f in snapshot.formats]
    people = ", ".join(snapshot.people(app.user)[:8])
    created: list[Review] = []

    def save(values: Values) -> None:
        names = [p.strip() for p in values["participants"].split(",") if p.strip()]
        budget = values["votes"].strip() or "3"
        if not budget.isdigit():
            raise ValidationError(f"votes per person must be a whole number, not {budget!r}")
        minutes = values["timebox"].strip()
        if minutes and not minutes.isdigit():
            raise ValidationError(f"the time box is a number of minutes, not {minutes!r}")
        per_topic = values["topic"].strip() or str(DEFAULT_TOPIC_MINUTES)
        if not per_topic.isdigit():
            raise ValidationError(f"the time per topic is a number of minutes, not {per_topic!r}")
        fmt = snapshot.format(values["format"] or "ssc")
        review = Review(
            title=values["title"],
            on=parse_date(values["on"] or "today", app.today),
            format=fmt.key,
            format_def=kept_format(fmt),
            facilitator=app.user,
            participants=list(dict.fromkeys([app.user, *names])),
            sprint_id=sprint_id,
            vote_budget=int(budget),
            timebox_minutes=int(minutes) if minutes else None,
            phase_started=app.now(),
            open_votes=values["votes_seen"] == "open",
            discussion=Discussion(minutes=int(per_topic)),
        )
        if values["icebreaker"].strip():
            review.start_icebreaker(values["icebreaker"], [m.name for m in snapshot.team.members])
        app.store.add_review(review)
        created.append(review)

    def opened(values: Values | None) -> None:
        if values is not None and created:
            app.reload()
            app.open_review(created[0].id)

    app.push_screen(
        FormScreen(
            "New review",
            [
                Field("title", "Title", placeholder="Weekly retro"),
                Field("format", "Format", "ssc", choices=formats),
                Field("on", "Date", "today", placeholder="today, yesterday, 2026-03-02"),
                Field("participants", "Participants (comma-separated)", people),
                Field("votes", "Votes per person", "3"),
                Field(
                    "votes_seen",
                    "Votes while voting",
                    "private",
                    choices=[
                        ("Each person sees only their own until the vote ends", "private"),
                        ("Everyone sees every vote (open voting)", "open"),
                    ],
                ),
                Field("timebox", "Time box per phase, minutes (blank for none)", "10"),
                Field("topic", "Minutes per topic in discuss", str(DEFAULT_TOPIC_MINUTES)),
                Field(
                    "icebreaker",
                    "Check-in question (optional: everyone answers it first)",
                    placeholder="One word for this sprint?",
                ),
            ],
            save,
            help="You facilitate. Cards, votes and actions come next, on the board.",
            ok="Create",
        ),
        opened,
    )
