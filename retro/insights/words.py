"""Drift in words: the sentences and signed numbers a person reads (DESIGN.md, "In words").

Pure functions of the numbers in `retro.insights.core`, so the CLI, the TUI and the export print
the same sentence for the same goal. One minus sign everywhere: U+2212 (`MINUS`), and every drift
percentage carries its sign ("+12%", "−30%", "0%").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

MINUS = "\u2212"
"""The one minus sign of every number the product shows (U+2212, never the ASCII hyphen)."""
NONE = "—"
"""What is shown for a number that is unknown."""
STALE_DAYS = 7
"""A running goal whose latest check-in is this many days old says so."""


def round_half_away(value: float) -> int:
    """Rounded to a whole number, halves away from zero (−12.5 → −13, as a person rounds)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def signed_percent(value: float | None) -> str:
    """A drift as a signed whole percentage: ``+12%``, ``−30%``, ``0%``; None → ``—``."""
    if value is None:
        return NONE
    whole = round_half_away(value * 100)
    if whole > 0:
        return f"+{whole}%"
    if whole < 0:
        return f"{MINUS}{-whole}%"
    return "0%"


def places(baseline: float, target: float) -> int:
    """How many decimals a goal's numbers are worth in a sentence: three significant digits of
    its whole change (0 for 800 → 300 ms, 1 for 82 → 97%, 2 for 4 → 10 deploys), at most 3."""
    change = abs(target - baseline)
    if change == 0 or not math.isfinite(change):
        return 2
    return max(0, min(3, 2 - math.floor(math.log10(change))))


def number(value: float, unit: str = "", digits: int = 2) -> str:
    """A measured value with at most `digits` decimals and its unit: ``120 ms``, ``12.5%``,
    ``−3``."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    if text in ("-0", ""):
        text = "0"
    text = text.replace("-", MINUS)
    unit = unit.strip()
    if not unit:
        return text
    # The unit is user text: a right-to-left override in it must not reverse the sentence.
    from retro.export.escape import close_bidi

    unit = close_bidi(unit)
    return f"{text}{unit}" if unit in ("%", "‰") else f"{text} {unit}"


def day_text(day: date) -> str:
    """A date as a person writes it in a sentence: ``25 Dec``."""
    return f"{day.day} {day.strftime('%b')}"


_SHARES: tuple[tuple[float, str], ...] = (
    (0.25, "a quarter"),
    (1 / 3, "a third"),
    (0.5, "half"),
    (2 / 3, "two thirds"),
    (0.75, "three quarters"),
)


def share_words(share: float) -> str:
    """A share in words: "a quarter", "half", "two thirds", else a percentage ("40%")."""
    for value, words in _SHARES:
        if abs(share - value) < 0.005:
            return words
    return f"{round_half_away(share * 100)}%"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def stale_words(latest_on: date | None, today: date) -> str:
    """ "no check-in for 9 days" once the latest check-in is `STALE_DAYS` old, else ""."""
    if latest_on is None or (today - latest_on).days < STALE_DAYS:
        return ""
    return f"no check-in for {(today - latest_on).days} days"


def plan_words(
    *,
    actual: float,
    planned: float,
    baseline: float,
    target: float,
    unit: str,
    on: date,
    today: date,
) -> str:
    """A running quantitative goal against its plan, in its unit: "50 ms behind plan (plan for
    today: 550 ms)", "ahead of plan by 2 deploys"… The direction (up or down) comes from baseline
    and target, so 700 ms against a plan of 750 ms on a latency goal is ahead."""
    towards = 1.0 if target >= baseline else -1.0
    gap = (actual - planned) * towards
    digits = places(baseline, target)
    when = "today" if on == today else day_text(on)
    plan = f"(plan for {when}: {number(planned, unit, digits)})"
    if number(abs(gap), unit, digits) == number(0.0, unit, digits):
        return f"on plan {plan}"
    side = "ahead of" if gap > 0 else "behind"
    return f"{number(abs(gap), unit, digits)} {side} plan {plan}"


def forecast_words(value: float, unit: str, due: date, digits: int = 2) -> str:
    """A forecast in words: "at this pace: 320 ms by 25 Dec"."""
    return f"at this pace: {number(value, unit, digits)} by {day_text(due)}"


def outcome_words(drift: float, *, target: float | None = None, unit: str = "") -> str:
    """An outcome drift ``a − 1`` in words: "reached the target", "fell short by a quarter",
    "beat the target by half"; with the target in the goal's unit when there is one."""
    aim = f" ({number(target, unit)})" if target is not None else ""
    if abs(drift) < 0.005:
        return f"reached the target{aim}"
    if drift < 0:
        if drift <= -1 + 0.005:
            return f"made no progress towards the target{aim}"
        return f"fell short of the target{aim} by {share_words(-drift)}"
    return f"beat the target{aim} by {share_words(drift)}"


def rating_plan_words(rating: str, expected: float, on: date, today: date) -> str:
    """A running qualitative goal: its rating against the share of the plan expected by then."""
    when = "today" if on == today else day_text(on)
    return f"rated {rating}; the plan expected {round_half_away(expected * 100)}% done by {when}"


def join(*parts: str) -> str:
    """The non-empty parts, joined by "; "."""
    return "; ".join(p for p in parts if p)


def band_counts_words(counts: Mapping[str, int]) -> str:
    """A sprint's goals per band: "2 of 3 goals off track, 1 on track; 1 without a check-in"."""
    measured = sum(counts.get(b, 0) for b in ("on track", "at risk", "off track"))
    missing = counts.get("no data", 0)
    total = measured + missing
    if total == 0:
        return "no goals yet"
    if measured == 0:
        return "no goal has a check-in yet"
    present = [(b, counts.get(b, 0)) for b in ("off track", "at risk", "on track")]
    present = [(b, n) for b, n in present if n]
    first, n = present[0]
    text = f"{n} of {_plural(total, 'goal')} {first}"
    if n == total:
        text = f"all {_plural(total, 'goal')} {first}" if total > 1 else f"the goal is {first}"
    rest = ", ".join(f"{n} {b}" for b, n in present[1:])
    if rest:
        text += f", {rest}"
    if missing:
        text += f"; {missing} without a check-in"
    return text


def review_words(drift: float | None) -> str:
    """A review drift ``mean(intent attainment) − 1`` in words."""
    if drift is None:
        return "no intent rated yet"
    if abs(drift) < 0.005:
        return "went as intended"
    if drift < 0:
        return f"fell short of what was intended by {share_words(-drift)} on average"
    return f"did better than intended by {share_words(drift)} on average"


def calibration_words(brier: float | None) -> str:
    """A Brier score in words: how well stated confidence predicted outcomes."""
    if brier is None:
        return "no closed goal with a stated confidence yet"
    if brier <= 0.1:
        return "confidence was a good predictor"
    if brier <= 0.25:
        return "confidence was a fair predictor"
    return "confidence was a poor predictor, worse than always saying 5 of 10"


def spread_words(spread: float | None, *, short: bool = False) -> str:
    """An alignment spread (standard deviation of 1–5 pulse ratings) in words; `short` leaves out
    "about how aligned the work felt" (for a label beside the number)."""
    if spread is None:
        return "no data" if short else "fewer than two pulse ratings"
    if spread < 0.5:
        words, brief = "the team agrees", "agreed"
    elif spread < 1.0:
        words, brief = "the team mostly agrees", "mostly agreed"
    else:
        words, brief = "the team disagrees", "team split"
    return brief if short else f"{words} about how aligned the work felt"
