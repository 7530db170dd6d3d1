"""The rest of a review: intents (planned against happened), kudos and pulse."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import click

from retro.cli import params
from retro.cli.base import Env, edit_option, json_option, pass_env, read_text
from retro.cli.output import echo, emit_json, shown

if TYPE_CHECKING:
    from retro.model import Rating, Review


# --- intents -----------------------------------------------------------------------------------


@click.group()
def intent() -> None:
    """Intents: what was supposed to happen against what did (AARs, sprint reviews).

    \b
    Examples:
      retro intent add r7kq "Ship the new login by Friday" --actual "Shipped Monday" --rating partly
      retro intent rate i3fd met --why "Scope cut early"
    """


@intent.command("add")
@click.argument("review", metavar="REVIEW", type=params.REVIEW)
@click.argument("planned", required=False)
@click.option("--actual", help="What actually happened.")
@click.option("--rating", type=click.Choice(["exceeded", "met", "partly", "missed"]))
@click.option("--why", help="Why the difference.")
@click.option("--goal", type=params.GOAL, help="The sprint goal this intent reviews.")
@edit_option
@json_option
@pass_env
def intent_add(
    env: Env,
    review: str,
    planned: str | None,
    actual: str | None,
    rating: str | None,
    why: str | None,
    goal: str | None,
    edit: bool,
    as_json: bool,
) -> None:
    """Record what was planned (and, if known, what happened, a rating and why).

    \b
    Examples:
      retro intent add r7kq "Cut p95 latency to 200 ms" --goal g5tn
      retro intent add r7kq "Ship login" --actual "Slipped 3 days" --rating partly --why "Late API"
    """
    from retro.model import Intent

    new = Intent(
        planned=read_text(planned, edit, "what was planned"),
        actual=actual or "",
        rating=rating,  # type: ignore[arg-type]
        why=why or "",
        goal_id=goal,
    )

    def add(r: Review) -> None:
        r.check_open()
        r.intents.append(new)

    env.store.update_review(review, add)
    if as_json:
        emit_json(new.to_dict())
    else:
        echo(f"added intent {env.short(new.id)}")


@intent.command("rate")
@click.argument("intent_id", metavar="INTENT", type=params.INTENT)
@click.argument("rating", type=click.Choice(["exceeded", "met", "partly", "missed"]))
@click.option("--actual", help="What actually happened.")
@click.option("--why", help="Why the difference.")
@json_option
@pass_env
def intent_rate(
    env: Env, intent_id: str, rating: str, actual: str | None, why: str | None, as_json: bool
) -> None:
    """Rate an intent: exceeded, met, partly or missed.

    \b
    Example:
      retro intent rate i3fd partly --actual "Shipped Monday" --why "Late API"
    """
    store = env.store

    def rate(r: Review):  # type: ignore[no-untyped-def]
        i = r.intent(intent_id)
        i.rating = cast("Rating", rating)
        if actual is not None:
            i.actual = actual
        if why is not None:
            i.why = why
        return i

    changed = store.update_review(store.locate(intent_id), rate)
    if as_json:
        emit_json(changed.to_dict())
    else:
        echo(f"rated intent {store.short(intent_id)}: {rating}")


@intent.command("delete")
@click.argument("intent_id", metavar="INTENT", type=params.INTENT)
@pass_env
def intent_delete(env: Env, intent_id: str) -> None:
    """Delete an intent.

    \b
    Example:
      retro intent delete i3fd
    """
    store = env.store
    short = store.short(intent_id)
    store.update_review(store.locate(intent_id), lambda r: r.intents.remove(r.intent(intent_id)))
    echo(f"deleted intent {short}")


# --- kudos and pulse ---------------------------------------------------------------------------


@click.group()
def kudos() -> None:
    """Kudos: recognition of a person for a contribution.

    \b
    Example:
      retro kudos add r7kq ana "for the calm incident command"
    """


@kudos.command("add")
@click.argument("review", metavar="REVIEW", type=params.REVIEW)
@click.argument("person")
@click.argument("text", required=False)
@edit_option
@json_option
@pass_env
def kudos_add(
    env: Env, review: str, person: str, text: str | None, edit: bool, as_json: bool
) -> None:
    """Give kudos to a person in a review.

    \b
    Example:
      retro kudos add r7kq ana "for the calm incident command"
    """
    from retro.model import Kudos

    new = Kudos(to=person, text=read_text(text, edit, "the kudos' text"), by=env.user)

    def add(r: Review) -> None:
        r.check_open()
        r.kudos.append(new)

    env.store.update_review(review, add)
    if as_json:
        emit_json(new.to_dict())
    else:
        echo(f"added kudos {env.short(new.id)} for {shown(new.to)}")


@kudos.command("delete")
@click.argument("kudos_id", metavar="KUDOS", type=params.KUDOS)
@pass_env
def kudos_delete(env: Env, kudos_id: str) -> None:
    """Delete kudos.

    \b
    Example:
      retro kudos delete k8d2
    """
    store = env.store
    short = store.short(kudos_id)

    def remove(r: Review) -> None:
        r.kudos[:] = [k for k in r.kudos if k.id != kudos_id]

    store.update_review(store.locate(kudos_id), remove)
    echo(f"deleted kudos {short}")


@click.command()
@click.argument("review", metavar="REVIEW", type=params.REVIEW)
@click.argument("score", type=click.IntRange(1, 5))
@json_option
@pass_env
def pulse(env: Env, review: str, score: int, as_json: bool) -> None:
    """Say how aligned the work felt with the purpose, 1 (not at all) to 5 (fully).

    Your score replaces any you gave before in this review.

    \b
    Example:
      retro pulse r7kq 4
    """
    user = env.user

    def rate(r: Review) -> dict[str, int]:
        r.check_open()
        r.pulse[user] = score
        r.add_participant(user)
        return dict(r.pulse)

    scores = env.store.update_review(review, rate)
    if as_json:
        emit_json({"review_id": review, "person": user, "score": score, "pulse": scores})
    else:
        echo(f"pulse {score} recorded for {shown(user)} ({len(scores)} so far)")
