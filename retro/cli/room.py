"""`retro review who`: who is in a live review's room now (see `retro.live`)."""

from __future__ import annotations

import time

import click

from retro.cli import params
from retro.cli.base import Env, json_option, pass_env
from retro.cli.output import echo, emit_json, label, shown, style, table


@click.command("who")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@json_option
@pass_env
def review_who(env: Env, review_id: str, as_json: bool) -> None:
    """Who has the review open now, the facilitator first.

    Each person's state: in reflect "writing" or "done" (they pressed f on the board), in vote
    how many votes they have left, else "here"; an absent facilitator is "away". Counts and
    states only: never what a hidden card says or where anyone's votes went. A screen closed
    without goodbye (a killed process) drops out after 15 s.

    \b
    Examples:
      retro review who r7kq
      retro review who r7kq --json
    """
    from retro.live import beacon
    from retro.live.presence import room

    store = env.store
    review = store.review(review_id)
    stale = beacon.stale_after()
    seats = room(review, beacon.read_all(store.path), time.time(), stale)
    if as_json:
        emit_json(
            {
                "review_id": review.id,
                "title": review.title,
                "phase": review.phase,
                "facilitator": review.facilitator,
                "people": [seat.to_dict() for seat in seats],
            }
        )
        return
    echo(style(shown(review.title), bold=True) + "  " + style(env.short(review.id), fg="cyan"))
    label("phase", review.phase)
    label("facilitator", shown(review.facilitator) if review.facilitator else "none (anyone leads)")
    here = [seat for seat in seats if seat.sessions]
    if not here:
        echo()
        echo("no one has this review open now")
        return
    echo()
    table(
        ["who", "role", "state"],
        [[seat.who, "facilitator" if seat.facilitator else "", seat.state] for seat in seats],
    )
