"""The domain: a dataclass for every concept of DESIGN.md, its validation and (de)serialisation.

Everything here is pure: no I/O, no TinyDB, no Textual, no click. Objects are built through
their constructors (which validate) and turned into plain JSON-ready dicts with ``to_dict`` and
back with ``from_dict``. Dates are ISO strings in those dicts, never objects that JSON cannot
hold. ``from_dict(x.to_dict()) == x`` for every valid object.

The concepts live in modules of their own: `rules` (the vocabulary and the checks they all
share), `team`, `sprint`, `review`, `lesson` and `decision`. This package names them all,
each imported on first use (PEP 562): a command that needs only a `Lesson` does not pay for
building every other dataclass (10 ms of a search's start on a slow machine).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from retro.lazy import exports

if TYPE_CHECKING:
    from retro.model.action import Action as Action
    from retro.model.decision import DECISION_STATUSES as DECISION_STATUSES
    from retro.model.decision import OPEN_STATUSES as OPEN_STATUSES
    from retro.model.decision import RACI_ROLES as RACI_ROLES
    from retro.model.decision import Decision as Decision
    from retro.model.decision import DecisionStatus as DecisionStatus
    from retro.model.kudos import Kudos as Kudos
    from retro.model.lesson import Lesson as Lesson
    from retro.model.review import Card as Card
    from retro.model.review import Intent as Intent
    from retro.model.review import Review as Review
    from retro.model.review import check_review_against_format as check_review_against_format
    from retro.model.rules import ACTION_STATUSES as ACTION_STATUSES
    from retro.model.rules import DEFAULT_TOLERANCE as DEFAULT_TOLERANCE
    from retro.model.rules import DEFAULT_VOTES as DEFAULT_VOTES
    from retro.model.rules import MAX_TEXT as MAX_TEXT
    from retro.model.rules import PHASES as PHASES
    from retro.model.rules import RATINGS as RATINGS
    from retro.model.rules import SPRINT_STATUSES as SPRINT_STATUSES
    from retro.model.rules import ActionStatus as ActionStatus
    from retro.model.rules import Phase as Phase
    from retro.model.rules import Rating as Rating
    from retro.model.rules import SprintStatus as SprintStatus
    from retro.model.rules import check_pulse as check_pulse
    from retro.model.rules import now as now
    from retro.model.sprint import CheckIn as CheckIn
    from retro.model.sprint import Goal as Goal
    from retro.model.sprint import Sprint as Sprint
    from retro.model.team import Agreement as Agreement
    from retro.model.team import Member as Member
    from retro.model.team import PurposeVersion as PurposeVersion
    from retro.model.team import Team as Team

_HOMES: dict[str, str] = {
    "Rating": "rules",
    "RATINGS": "rules",
    "Phase": "rules",
    "PHASES": "rules",
    "SprintStatus": "rules",
    "SPRINT_STATUSES": "rules",
    "ActionStatus": "rules",
    "ACTION_STATUSES": "rules",
    "DEFAULT_VOTES": "rules",
    "DEFAULT_TOLERANCE": "rules",
    "MAX_TEXT": "rules",
    "now": "rules",
    "Member": "team",
    "Agreement": "team",
    "PurposeVersion": "team",
    "Team": "team",
    "CheckIn": "sprint",
    "Goal": "sprint",
    "Sprint": "sprint",
    "Card": "review",
    "Intent": "review",
    "Action": "action",
    "Kudos": "kudos",
    "check_pulse": "rules",
    "Review": "review",
    "check_review_against_format": "review",
    "Lesson": "lesson",
    "Decision": "decision",
    "DECISION_STATUSES": "decision",
    "RACI_ROLES": "decision",
    "OPEN_STATUSES": "decision",
    "DecisionStatus": "decision",
}
"""The module each name lives in."""

__all__ = sorted(_HOMES)

__getattr__, __dir__ = exports(
    __name__, {name: f"retro.model.{home}" for name, home in _HOMES.items()}, globals()
)
