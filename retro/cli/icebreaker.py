"""The check-in round of a review: ask the question, answer it, end it. Answers stay hidden
from the others until everyone has answered or the facilitator moves on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from retro.cli import params
from retro.cli.base import Env, json_option, pass_env
from retro.cli.output import echo, emit_json, label, shown, style

if TYPE_CHECKING:
    from retro.model import Review


def show_icebreaker(r: Review, viewer: str) -> None:
    """The round as `retro review show` prints it for this viewer."""
    view = r.icebreaker_view(viewer)
    if view is None:
        return
    echo()
    echo(
        style("Check-in", bold=True, underline=True)
        + "  "
        + style(shown(view["question"]), dim=True)
    )
    for answer in view["answers"]:
        echo(f"  {shown(answer['person'])}: {shown(answer['answer'])}")
    if not view["shown"]:
        others = [p for p in view["answered"] if p not in {a["person"] for a in view["answers"]}]
        if others:
            echo(style(f"  answered, hidden until everyone has: {', '.join(others)}", dim=True))
        if view["waiting"]:
            echo(style(f"  waiting for: {', '.join(view['waiting'])}", dim=True))


@click.command("answer")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@click.argument("text")
@json_option
@pass_env
def review_answer(env: Env, review_id: str, text: str, as_json: bool) -> None:
    """Answer the review's check-in question (again to change your answer).

    The others see your answer once everyone has answered or the facilitator moves on.

    \b
    Examples:
      retro review answer r7kq "Tired but proud"
      retro --as bo review answer r7kq "Curious"
    """

    def answer(r: Review) -> bool:
        return r.answer_icebreaker(env.user, text)

    last = env.store.update_review(review_id, answer)
    _done(env, review_id, as_json, "every answer is shown now" if last else "answered")


@click.command("icebreaker")
@click.argument("review_id", metavar="REVIEW", type=params.REVIEW)
@click.argument("question", required=False)
@click.option("--end", is_flag=True, help="Move on: show every answer (the facilitator).")
@json_option
@pass_env
def review_icebreaker(
    env: Env, review_id: str, question: str | None, end: bool, as_json: bool
) -> None:
    """Show the check-in round, ask its QUESTION, or end it (--end).

    A question asked before anyone answers can be reworded; the round waits for the team's
    members and the review's participants.

    \b
    Examples:
      retro review icebreaker r7kq "One word for this sprint?"
      retro review icebreaker r7kq
      retro review icebreaker r7kq --end
    """
    store = env.store
    if question is not None and end:
        raise click.UsageError("give either a QUESTION or --end, not both")
    if question is not None:
        people = [m.name for m in store.team().members]

        def ask(r: Review) -> None:
            r.start_icebreaker(question, people)

        store.update_review(review_id, ask)
        _done(env, review_id, as_json, "asked")
        return
    if end:

        def finish(r: Review) -> list[str]:
            return r.end_icebreaker(env.user)

        waiting = store.update_review(review_id, finish)
        missing = f" ({', '.join(waiting)} had not answered)" if waiting else ""
        _done(env, review_id, as_json, f"ended the check-in round{missing}")
        return
    r = store.review(review_id)
    if r.icebreaker is None:
        from retro.errors import NotFoundError

        raise NotFoundError(
            f"review {r.title!r} has no check-in question; "
            f"ask one with: retro review icebreaker {env.short(r.id)} QUESTION"
        )
    if as_json:
        emit_json(r.icebreaker_view(env.user))
        return
    label("review", shown(r.title))
    show_icebreaker(r, env.user)


def _done(env: Env, review_id: str, as_json: bool, said: str) -> None:
    if as_json:
        view: Any = env.store.review(review_id).icebreaker_view(env.user)
        emit_json(view)
    else:
        echo(f"review {env.short(review_id)}: {said}")
