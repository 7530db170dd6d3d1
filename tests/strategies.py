"""Hypothesis strategies that build valid model objects of every kind, from hostile text.

Every strategy here yields objects the model accepts: required texts are non-empty after
``strip``, ids have the right kind letter and are unique within their container, dates are in
order, a quantitative goal's target differs from its baseline, cards sit in columns of their
review's format and groups point at cards of the same review. Inside those rules the text is as
hostile as a user can make it: markup-like brackets (``[bold]``), HTML, emoji, right-to-left
overrides, control characters (ESC, NUL, BEL), newlines.

Import what you need::

    from tests.strategies import reviews, sprints, lessons, teams
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import strategies as st

from retro.formats import BUILTIN_BY_KEY, BUILTIN_FORMATS, Column, Format, make_format
from retro.ids import ALPHABET, SUFFIX_LENGTH
from retro.model import (
    ACTION_STATUSES,
    PHASES,
    RATINGS,
    SPRINT_STATUSES,
    Action,
    Agreement,
    Card,
    CheckIn,
    Goal,
    Intent,
    Kudos,
    Lesson,
    Member,
    PurposeVersion,
    Review,
    Sprint,
    Team,
)

# --- text ------------------------------------------------------------------------------------

#: Fragments a hostile or careless user can type: markup, escapes, emoji, bidi controls, NUL.
HOSTILE_FRAGMENTS: tuple[str, ...] = (
    "[bold]",
    "[/]",
    "[red]x[/red]",
    "[link=http://x]y[/link]",
    "[@click=app.quit]",
    "<b>",
    "</script>",
    "**bold**",
    "`code`",
    "# heading",
    "| a | b |",
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x1b",
    "\x00",
    "\x07",
    "\x7f",
    "\x9b",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "😀",
    "👩\u200d👩\u200d👧",
    "🇫🇷",
    "שלום",
    "مرحبا",
    "漢字",
    "e\u0301",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\\",
    '"',
    "'",
    "{}",
    "{0}",
    "%s",
    "$HOME",
    "#tag",
    "  ",
)

_fragment = st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(max_size=8))


def texts(*, required: bool = True, max_fragments: int = 6) -> st.SearchStrategy[str]:
    """Hostile text; non-empty after ``strip`` when `required`."""
    joined = st.lists(_fragment, min_size=1 if required else 0, max_size=max_fragments).map("".join)
    return joined.filter(str.strip) if required else joined


def names() -> st.SearchStrategy[str]:
    """A person's name: hostile, non-empty, without surrounding whitespace (as the model keeps)."""
    return texts(max_fragments=3).map(str.strip).filter(bool)


def _clean_tag(raw: str) -> str | None:
    clean = raw.strip().lstrip("#").strip().lower()
    if not clean or any(ch.isspace() for ch in clean):
        return None
    return clean


def tags() -> st.SearchStrategy[list[str]]:
    """A valid tag list: lower case, no spaces, no leading '#', each once (as the model keeps)."""
    one = (
        st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(min_size=1, max_size=10))
        .map(_clean_tag)
        .filter(lambda t: t is not None)
    )
    return st.lists(one, max_size=4, unique=True)  # type: ignore[arg-type]


# --- ids, dates, numbers ---------------------------------------------------------------------


def ids(kind: str) -> st.SearchStrategy[str]:
    """A full id of the given kind letter."""
    return st.text(alphabet=ALPHABET, min_size=SUFFIX_LENGTH, max_size=SUFFIX_LENGTH).map(
        lambda suffix: kind + suffix
    )


def days() -> st.SearchStrategy[date]:
    """Any day a store may plausibly hold (wide on purpose: 1900–2999)."""
    return st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


def _offsets() -> st.SearchStrategy[timezone]:
    fixed = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    )
    return st.one_of(st.just(UTC), fixed)


def moments() -> st.SearchStrategy[datetime]:
    """An aware time (the store never holds naive ones): UTC or a fixed offset."""
    return st.datetimes(
        min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=_offsets()
    )


def _ordered_days() -> st.SearchStrategy[tuple[date, date]]:
    return st.tuples(days(), days()).map(lambda pair: (min(pair), max(pair)))


def numbers() -> st.SearchStrategy[float]:
    """A finite number as the model stores it (a float)."""
    return st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(min_value=-(10**9), max_value=10**9).map(float),
    )


def ratings() -> st.SearchStrategy[str]:
    """One of the four ratings."""
    return st.sampled_from(RATINGS)


# --- team ------------------------------------------------------------------------------------


def members() -> st.SearchStrategy[Member]:
    """A team member."""
    return st.builds(Member, name=names(), id=ids("m"), joined=days())


def agreements() -> st.SearchStrategy[Agreement]:
    """A working agreement."""
    return st.builds(Agreement, text=texts(), added=days())


def purpose_versions() -> st.SearchStrategy[PurposeVersion]:
    """One version of a purpose."""
    return st.builds(PurposeVersion, text=texts(), set_at=moments(), set_by=st.none() | names())


_keys = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,31}", fullmatch=True)


def format_keys(*, builtin: bool = False) -> st.SearchStrategy[str]:
    """A valid format key: never a built-in's key, or often one when `builtin`."""
    if builtin:
        return st.one_of(st.sampled_from(sorted(BUILTIN_BY_KEY)), _keys)
    return _keys.filter(lambda k: k not in BUILTIN_BY_KEY)


def columns() -> st.SearchStrategy[Column]:
    """A valid column with a hostile title and prompt."""
    return st.builds(
        Column,
        key=_keys,
        title=texts(required=False, max_fragments=3),
        prompt=texts(required=False, max_fragments=3),
        improve=st.booleans(),
    )


def custom_formats(*, builtin_keys: bool = False) -> st.SearchStrategy[Format]:
    """A team's own format: a valid key (a built-in's key only if `builtin_keys`), 1–6 columns."""
    return st.builds(
        make_format,
        key=format_keys(builtin=builtin_keys),
        name=texts(max_fragments=3),
        columns=st.lists(columns(), min_size=1, max_size=6, unique_by=lambda c: c.key),
        description=texts(required=False, max_fragments=3),
        intents=st.booleans(),
    )


def formats() -> st.SearchStrategy[Format]:
    """A built-in format or a custom one."""
    return st.one_of(st.sampled_from(BUILTIN_FORMATS), custom_formats())


@st.composite
def teams(draw: st.DrawFn) -> Team:
    """A team with members, agreements, a purpose history and custom formats."""
    return Team(
        name=draw(names()),
        members=draw(st.lists(members(), max_size=5, unique_by=lambda m: m.id)),
        agreements=draw(st.lists(agreements(), max_size=4)),
        purposes=draw(st.lists(purpose_versions(), max_size=4)),
        formats=draw(st.lists(custom_formats(), max_size=2, unique_by=lambda f: f.key)),
        tolerance=draw(st.floats(min_value=0.01, max_value=0.99)),
        created=draw(moments()),
    )


# --- sprints ---------------------------------------------------------------------------------


def checkins(*, quantitative: bool | None = None) -> st.SearchStrategy[CheckIn]:
    """A check-in with a value (quantitative), a rating (qualitative), or either (None)."""
    if quantitative is None:
        return st.one_of(checkins(quantitative=True), checkins(quantitative=False))
    return st.builds(
        CheckIn,
        on=days(),
        value=numbers() if quantitative else st.none(),
        rating=st.none() if quantitative else ratings(),
        confidence=st.none() | st.integers(min_value=0, max_value=10),
        note=texts(required=False),
        author=st.none() | names(),
        at=moments(),
    )


@st.composite
def goals(draw: st.DrawFn, sprint_id: str | None = None) -> Goal:
    """A quantitative or qualitative goal with check-ins of its kind."""
    quantitative = draw(st.booleans())
    baseline = target = closing = None
    if quantitative:
        baseline = draw(numbers())
        target = draw(numbers().filter(lambda t: t != baseline))
        closing = draw(st.none() | numbers())
    start = due = None
    if draw(st.booleans()):
        start, due = draw(_ordered_days())
        start = draw(st.none() | st.just(start))
        due = draw(st.none() | st.just(due))
    return Goal(
        statement=draw(texts()),
        sprint_id=sprint_id or draw(ids("s")),
        owner=draw(st.none() | names()),
        contributors=draw(st.lists(names(), max_size=3, unique=True)),
        due=due,
        start=start,
        unit=draw(st.sampled_from(["", "ms", "%", "bugs", "€"]) | texts(required=False)),
        baseline=baseline,
        target=target,
        rating=draw(st.none() | ratings()),
        closing_value=closing,
        checkins=draw(st.lists(checkins(quantitative=quantitative), max_size=4)),
        id=draw(ids("g")),
        created=draw(moments()),
    )


@st.composite
def sprints(draw: st.DrawFn) -> Sprint:
    """A sprint whose goals belong to it and have distinct ids."""
    sprint_id = draw(ids("s"))
    start, end = draw(_ordered_days())
    status = draw(st.sampled_from(SPRINT_STATUSES))
    return Sprint(
        title=draw(texts()),
        start=start,
        end=end,
        purpose=draw(texts(required=False)),
        status=status,
        goals=draw(st.lists(goals(sprint_id), max_size=4, unique_by=lambda g: g.id)),
        id=sprint_id,
        created=draw(moments()),
        closed_at=draw(moments()) if status == "closed" else None,
    )


# --- reviews ---------------------------------------------------------------------------------


def intents() -> st.SearchStrategy[Intent]:
    """Planned against happened."""
    return st.builds(
        Intent,
        planned=texts(),
        actual=texts(required=False),
        rating=st.none() | ratings(),
        why=texts(required=False),
        goal_id=st.none() | ids("g"),
        id=ids("i"),
        created=moments(),
    )


def actions(review_id: str | None = None) -> st.SearchStrategy[Action]:
    """An action agreed in the given review (or any review)."""
    status = st.sampled_from(ACTION_STATUSES)
    return st.builds(
        Action,
        text=texts(),
        review_id=st.just(review_id) if review_id else ids("r"),
        owner=st.none() | names(),
        due=st.none() | days(),
        status=status,
        done_on=st.none() | days(),
        id=ids("a"),
        created=moments(),
    )


def kudos() -> st.SearchStrategy[Kudos]:
    """Recognition of a person."""
    return st.builds(
        Kudos, to=names(), text=texts(), by=st.none() | names(), id=ids("k"), created=moments()
    )


def cards(column_keys: tuple[str, ...] = ("start",)) -> st.SearchStrategy[Card]:
    """A lone card in one of the given columns, without votes or group."""
    return st.builds(
        Card,
        column=st.sampled_from(column_keys),
        text=texts(),
        author=st.none() | names(),
        tags=tags(),
        lesson_id=st.none() | ids("l"),
        id=ids("c"),
        created=moments(),
    )


@st.composite
def reviews(draw: st.DrawFn, fmt: Format | None = None, phase: str | None = None) -> Review:
    """A review in any built-in format (or `fmt`), with cards in the format's columns.

    Votes stay within each participant's budget; groups point at cards of the review.
    """
    fmt = fmt or draw(st.sampled_from(BUILTIN_FORMATS))
    review_id = draw(ids("r"))
    participants = draw(st.lists(names(), max_size=4, unique=True))
    budget = draw(st.integers(min_value=0, max_value=100) | st.just(3))
    board = draw(st.lists(cards(fmt.column_keys), max_size=6, unique_by=lambda c: c.id))

    votes: list[dict[str, int]] = [{} for _ in board]
    if board:
        for person in participants:
            dots = draw(
                st.lists(
                    st.integers(min_value=0, max_value=len(board) - 1), max_size=min(budget, 5)
                )
            )
            for index in dots:
                votes[index][person] = votes[index].get(person, 0) + 1

    groups: dict[str, str] = {}
    group_of: list[str | None] = [None] * len(board)
    if board:
        leads = draw(
            st.lists(st.integers(0, len(board) - 1), max_size=min(3, len(board)), unique=True)
        )
        for lead in leads:
            groups[board[lead].id] = draw(texts(max_fragments=3))
            group_of[lead] = board[lead].id
        if leads:
            for index in range(len(board)):
                if group_of[index] is None and draw(st.booleans()):
                    group_of[index] = board[draw(st.sampled_from(leads))].id

    built = [
        Card(
            column=c.column,
            text=c.text,
            author=c.author,
            votes=votes[i],
            group=group_of[i],
            tags=c.tags,
            lesson_id=c.lesson_id,
            id=c.id,
            created=c.created,
        )
        for i, c in enumerate(board)
    ]
    return Review(
        title=draw(texts()),
        on=draw(days()),
        format=fmt.key,
        facilitator=draw(st.none() | names()),
        participants=participants,
        sprint_id=draw(st.none() | ids("s")),
        phase=phase or draw(st.sampled_from(PHASES)),  # type: ignore[arg-type]
        vote_budget=budget,
        timebox_minutes=draw(st.none() | st.integers(min_value=1, max_value=24 * 60)),
        phase_started=draw(st.none() | moments()),
        cards=built,
        groups=groups,
        intents=draw(st.lists(intents(), max_size=3, unique_by=lambda i: i.id)),
        actions=draw(st.lists(actions(review_id), max_size=3, unique_by=lambda a: a.id)),
        kudos=draw(st.lists(kudos(), max_size=2, unique_by=lambda k: k.id)),
        pulse=draw(
            st.fixed_dictionaries(
                {}, optional={p: st.integers(min_value=1, max_value=5) for p in participants}
            )
        ),
        id=review_id,
        created=draw(moments()),
    )


# --- lessons ---------------------------------------------------------------------------------


def lessons() -> st.SearchStrategy[Lesson]:
    """A lesson, on its own or from a review's card."""
    return st.builds(
        Lesson,
        text=texts(),
        on=days(),
        tags=tags(),
        author=st.none() | names(),
        review_id=st.none() | ids("r"),
        card_id=st.none() | ids("c"),
        id=ids("l"),
        created=moments(),
    )
