"""Every command fuzzed with wrong ids, ids of the wrong kind, absurd dates and numbers out of
range: a clear one-line error, never a traceback, and the store unchanged."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import click
import pytest

from retro.cli import cli
from retro.cli.params import DateType, IdType
from tests.reliability.conftest import one_line_error, picture, runner_for
from tests.reliability.test_damaged_stores import World, build_world

# One valid call of every command that takes an id, a date or a number; each such value is
# replaced in turn by every bad value of its sort. {kind} is an existing id of that kind.
TEMPLATES = [
    "review new X --votes 3 --timebox 10 --date today --sprint {sprint}",
    "review list -n 3 --sprint {sprint}",
    "review show {review}",
    "review phase {review} discuss",
    "review edit {review} --votes 4 --timebox 5 --date yesterday --sprint {sprint}",
    "review delete {review} --yes",
    "card add {review} start X",
    "card edit {card} X",
    "card move {card} stop",
    "card delete {card} --yes",
    "card vote {card}",
    "card group {card} {card2}",
    "card promote {card}",
    "intent add {review} X --goal {goal}",
    "intent rate {intent} met",
    "intent delete {intent}",
    "kudos add {review} bob X",
    "kudos delete {kudos}",
    "pulse {review} 4",
    "action add {review} X --due +1w",
    "action done {action}",
    "action drop {action}",
    "action reopen {action}",
    "action edit {action} --due tomorrow",
    "action delete {action}",
    "sprint new X --start today --end +2w",
    "sprint show {sprint}",
    "sprint start {sprint}",
    "sprint close {sprint}",
    "sprint edit {sprint} --start yesterday --end +3w",
    "sprint delete {sprint} --yes",
    "goal add {sprint} X --baseline 1 --target 2 --due +1w",
    "goal rate {goal} met",
    "goal delete {goal}",
    "checkin {goal} 250 --date today --confidence 5",
    "checkin add {goal} 250 --date today --confidence 5",
    "checkin list {goal}",
    "checkin edit {checkin} --value 250 --date today --confidence 5",
    "checkin delete {checkin}",
    "drift {sprint}",
    "log X --date yesterday --review {review}",
    "lessons --since -1m --until today -n 5",
    "export {review}",
    "export lessons --since -1m --until today",
    "agreement remove 1",
    "demo --size 10",
    "decision add X --expect Y --review +2w --date today --confidence 5 --from {review}",
    "decision add X --expect Y --review +2w --goal {goal} --baseline 1 --target 2",
    "decision show {decision}",
    "decision review {decision} --rating met --value 3 --date today",
    "decision decide {decision}",
    "decision supersede {decision} {decision2}",
    "decision edit {decision} --review +3w --confidence 3 --baseline 1 --target 2",
    "decision delete {decision} --yes",
    "decision stats --since -1m --until today",
    "raci {sprint}",
    "goal roles {goal} --accountable bob",
]

BAD_IDS = [
    "{kind}zzzzzzzzzzzz",  # the right kind, but nothing has it
    "{other}",  # an existing object of another kind
    "not-an-id",
    "",
    "r",
    "x" * 5000,
    "🙂🙂🙂🙂🙂",
    "../../etc/passwd",
    "c\x1b[2J",
]
BAD_DATES = [
    "9999-99-99",
    "2026-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "+100000y",
    "-999999999d",
    "+99999w",
    "next blursday",
    "",
    "1e309",
    "today tomorrow",
    "\x1b[31m",
]
BAD_INTS = ["-1", "-99999999999999999999", "9" * 400, "1e309", "nan", "3.5", "", "0x10"]
BAD_FLOATS = ["nan", "inf", "-inf", "1e309", "9" * 400, "-" + "9" * 400, "ten", ""]
DATE_OPTIONS = {"--date", "--due", "--start", "--end", "--since", "--until", "--review"}
INT_OPTIONS = {"--votes", "--timebox", "--confidence", "-n", "--size"}
FLOAT_OPTIONS = {"--baseline", "--target", "--value"}
# Numbers given as arguments: (command start, position of the number in the argv).
INT_ARGS = {("pulse",): 2, ("agreement", "remove"): 2}
FLOAT_ARGS = {("checkin",): 2, ("checkin", "add"): 3}
OTHER_KIND = {"r": "card", "c": "review", "s": "goal", "g": "sprint", "i": "action"}
OTHER_KIND |= {"a": "intent", "k": "lesson", "l": "kudos", "h": "goal", "d": "review"}


def cases() -> list[tuple[str, list[str]]]:
    """(what, argv template) for every bad value in every slot of every template."""
    out: list[tuple[str, list[str]]] = []
    for template in TEMPLATES:
        words = shlex.split(template)
        for i, word in enumerate(words):
            bad: list[str] = []
            if word.startswith("{") and word.endswith("}"):
                kind = word.strip("{}").rstrip("2")[0]
                other = OTHER_KIND[kind]
                bad = [
                    b.replace("{kind}", kind).replace("{other}", "{" + other + "}") for b in BAD_IDS
                ]
            elif i and words[i - 1] in DATE_OPTIONS:
                bad = BAD_DATES
            elif i and words[i - 1] in INT_OPTIONS:
                bad = BAD_INTS
            elif i and words[i - 1] in FLOAT_OPTIONS:
                bad = BAD_FLOATS
            elif any(tuple(words[: len(k)]) == k and i == pos for k, pos in INT_ARGS.items()):
                bad = BAD_INTS
            elif any(tuple(words[: len(k)]) == k and i == pos for k, pos in FLOAT_ARGS.items()):
                bad = BAD_FLOATS
            for value in bad:
                argv = [*words[:i], value, *words[i + 1 :]]
                out.append((f"{template} [{i}]={value[:12]!r}", argv))
    return out


CASES = cases()


def test_the_fuzz_reaches_every_command_with_an_id_a_date_or_a_number() -> None:
    """Walk click's command tree: each command with such a parameter has a template."""
    covered = {
        tuple(w for w in shlex.split(t) if not w.startswith(("{", "-")))[:2] for t in TEMPLATES
    }
    missing = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
            return
        kinds = (IdType, DateType, click.IntRange, click.types.FloatParamType)
        fuzzable = [p for p in command.params if isinstance(p.type, kinds)]
        if (
            fuzzable
            and path[0] not in ("open", "export", "import")
            and not any(c[: len(path)] == path or path[: len(c)] == c for c in covered)
        ):
            missing.append(" ".join(path))

    walk(cli, ())
    assert missing == []
    assert len(CASES) >= 500


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> World:
    world = build_world(tmp_path_factory.mktemp("fuzz"))
    run = runner_for(world.path)
    world.ids["card2"] = run(
        "card", "add", "--json", world.ids["review"], "stop", "Second", user="ana"
    ).json()["id"]
    world.ids["decision2"] = run(
        "decision", "add", "--json", "Second", "--expect", "x", "--review", "+1w", user="ana"
    ).json()["id"]
    return world


CHUNKS = 6


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_bad_arguments_are_one_clear_line_and_change_nothing(
    pristine: World, tmp_path: Path, chunk: int
) -> None:
    path = tmp_path / "store"
    shutil.copytree(pristine.path, path)
    run = runner_for(path)
    before = picture(path)
    failures = []
    for what, template in CASES[chunk::CHUNKS]:
        argv = [w.format(**pristine.ids) if w.startswith("{") else w for w in template]
        outcome = run(*argv, user="ana")
        try:
            one_line_error(outcome)
            assert picture(path) == before, "the store changed"
        except AssertionError as exc:
            failures.append(f"{what}: {str(exc).splitlines()[0][:200]}")
            shutil.rmtree(path)
            shutil.copytree(pristine.path, path)
    assert failures == [], "\n".join(failures[:40])
