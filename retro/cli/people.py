"""The people and the charter: members and working agreements."""

from __future__ import annotations

import click

from retro.cli.base import Env, json_option, pass_env, read_text
from retro.cli.output import echo, emit_json, shown, style, table
from retro.errors import NotFoundError, ValidationError

# --- members and agreements -------------------------------------------------------------------


@click.group()
def member() -> None:
    """The people on the team.

    \b
    Examples:
      retro member add ana
      retro member list
      retro member remove ana
    """


@member.command("add")
@click.argument("name")
@json_option
@pass_env
def member_add(env: Env, name: str, as_json: bool) -> None:
    """Add a person to the team.

    \b
    Example:
      retro member add "Ana Lima"
    """
    from retro.model import Member

    def add(t):  # type: ignore[no-untyped-def]
        if t.member(name):
            raise ValidationError(f"{name} is already a member")
        new = Member(name=name)
        t.members.append(new)
        return new

    added = env.store.update_team(add)
    if as_json:
        emit_json(added.to_dict())
    else:
        echo(f"added member {shown(added.name)}")


@member.command("list")
@json_option
@pass_env
def member_list(env: Env, as_json: bool) -> None:
    """List the team's members.

    \b
    Example:
      retro member list --json
    """
    members = env.store.team().members
    if as_json:
        emit_json([m.to_dict() for m in members])
    elif not members:
        echo("no members yet; add one with: retro member add NAME")
    else:
        table(["name", "joined"], [[m.name, str(m.joined)] for m in members])


@member.command("remove")
@click.argument("name")
@pass_env
def member_remove(env: Env, name: str) -> None:
    """Remove a person from the team (their cards and lessons stay).

    \b
    Example:
      retro member remove ana
    """

    def remove(t):  # type: ignore[no-untyped-def]
        found = t.member(name) or next((m for m in t.members if m.id == name), None)
        if found is None:
            names = ", ".join(m.name for m in t.members) or "none"
            raise NotFoundError(f"no member is called '{name}' (members: {names})")
        t.members.remove(found)
        return found

    removed = env.store.update_team(remove)
    echo(f"removed member {shown(removed.name)}")


@click.group()
def agreement() -> None:
    """The team's working agreements: its charter.

    \b
    Examples:
      retro agreement add "We review pull requests within a day"
      retro agreement list
      retro agreement remove 2
    """


@agreement.command("add")
@click.argument("text", required=False)
@click.option("--edit", is_flag=True, help="Write it in $EDITOR.")
@json_option
@pass_env
def agreement_add(env: Env, text: str | None, edit: bool, as_json: bool) -> None:
    """Add a working agreement (TEXT, '-' for stdin, or --edit).

    \b
    Example:
      retro agreement add "Whoever breaks the build fixes it first"
    """
    from retro.model import Agreement

    new = Agreement(text=read_text(text, edit, "the agreement"))

    def add(t):  # type: ignore[no-untyped-def]
        t.agreements.append(new)
        return len(t.agreements)

    number = env.store.update_team(add)
    if as_json:
        emit_json({"number": number, **new.to_dict()})
    else:
        echo(f"added agreement {number}")


@agreement.command("list")
@json_option
@pass_env
def agreement_list(env: Env, as_json: bool) -> None:
    """List the working agreements, numbered.

    \b
    Example:
      retro agreement list
    """
    agreements = env.store.team().agreements
    if as_json:
        emit_json([{"number": n, **a.to_dict()} for n, a in enumerate(agreements, 1)])
    elif not agreements:
        echo("no agreements yet; add one with: retro agreement add TEXT")
    else:
        for n, a in enumerate(agreements, 1):
            echo(f"{style(str(n).rjust(3), bold=True)}  {shown(a.text)}")


@agreement.command("remove")
@click.argument("number", type=click.IntRange(min=1))
@pass_env
def agreement_remove(env: Env, number: int) -> None:
    """Remove the working agreement with this number (see 'retro agreement list').

    \b
    Example:
      retro agreement remove 2
    """

    def remove(t):  # type: ignore[no-untyped-def]
        if number > len(t.agreements):
            raise NotFoundError(
                f"there is no agreement {number}; the team has {len(t.agreements)} "
                "(see 'retro agreement list')"
            )
        return t.agreements.pop(number - 1)

    env.store.update_team(remove)
    echo(f"removed agreement {number}")
