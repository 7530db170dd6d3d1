"""The review board's keys, and what to do in each phase.

Every key has a tooltip; the footer shows the common ones and `?` lists them all. Keys that do
not apply in the review's phase leave the footer (`ReviewScreen.check_action`), and the hidden
bindings at the end say why instead of doing nothing.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

PHASE_HINTS = {
    "reflect": "everyone adds cards with n; others' cards stay hidden until the reveal.",
    "group": "group similar cards with g (G names a group), then > to vote.",
    "vote": "v puts a dot on the card, V takes it back; w votes as the next person.",
    "discuss": "one topic at a time, most votes first: . next topic, + more time, "
    "a an action on it.",
    "act": "a agrees an action with an owner and a due date; k gives kudos, p the pulse.",
    "closed": "the review is closed; x previews its Markdown summary.",
}
"""What to do in each phase, said when the review enters it."""


def phase_hint(phase: str, guest: bool) -> str:
    """What to do in `phase`; for a served participant (`retro.guest`), who votes as
    themselves only, without the key that hands the screen to the next person."""
    if guest and phase == "vote":
        return "v puts a dot on the card, V takes it back."
    return PHASE_HINTS[phase]


REVIEW_KEYS: list[BindingType] = [
    Binding("escape", "app.goto('dashboard')", "Back", tooltip="Back to the dashboard"),
    Binding("n", "add_card", "Card", tooltip="Add a card to the focused column"),
    Binding("e", "edit_card", "Edit", tooltip="Edit the highlighted card"),
    Binding("d,delete", "delete_card", "Delete", tooltip="Delete the highlighted card", show=False),
    Binding("left", "column(-1)", "←", tooltip="Focus the column on the left", show=False),
    Binding("right", "column(1)", "→", tooltip="Focus the column on the right", show=False),
    Binding(
        "left_square_bracket",
        "move(-1)",
        "Move ←",
        tooltip="Move the card one column left",
        show=False,
    ),
    Binding(
        "right_square_bracket",
        "move(1)",
        "Move →",
        tooltip="Move the card one column right",
        show=False,
    ),
    Binding("r", "reveal", "Reveal", tooltip="Reveal every card (reflect → group)"),
    Binding("g", "group", "Group", tooltip="Group the card with another card"),
    Binding("u", "ungroup", "Ungroup", tooltip="Take the card out of its group", show=False),
    Binding("G", "rename_group", "Name group", tooltip="Rename the card's group", show=False),
    Binding("v", "vote(1)", "Vote", tooltip="Put one of your dots on the card"),
    Binding("V", "vote(-1)", "Unvote", tooltip="Take one of your dots back", show=False),
    Binding(
        "f",
        "done",
        "Done",
        tooltip="Tell the room you are done writing (again: writing)",
        show=False,
    ),
    Binding("w", "voter", "Next person", tooltip="Vote and add cards as the next participant"),
    Binding("greater_than_sign", "phase(1)", "Next phase", tooltip="Move to the next phase"),
    Binding("less_than_sign", "phase(-1)", "Prev phase", tooltip="Go back a phase", show=False),
    Binding("t", "timebox", "Timer", tooltip="Set the time box of this phase", show=False),
    Binding("full_stop", "topic(1)", "Next topic", tooltip="Discuss the next topic of the agenda"),
    Binding("comma", "topic(-1)", "Prev topic", tooltip="Back to the previous topic", show=False),
    Binding("plus,equals_sign", "more_time", "More time", tooltip="Two more minutes on the topic"),
    Binding("a", "add_action", "Action", tooltip="Agree an action with an owner and due date"),
    Binding(
        "i",
        "add_intent",
        "Intent",
        tooltip="Add an intent: planned against happened",
        show=False,
    ),
    Binding("D", "decision", "Decision", tooltip="Log a decision made in this review", show=False),
    Binding("k", "kudos", "Kudos", tooltip="Recognise someone", show=False),
    Binding("p", "pulse", "Pulse", tooltip="Rate 1–5 how aligned the work felt", show=False),
    Binding("L", "promote", "To lesson", tooltip="Promote the card to a lesson", show=False),
    Binding("b", "tab('board')", "Board", tooltip="Show the cards", show=False),
    Binding(
        "I",
        "tab('intents')",
        "Intents tab",
        tooltip="Planned, happened, rating, why",
        show=False,
    ),
    Binding("A", "tab('actions')", "Actions tab", tooltip="This review's actions", show=False),
    Binding("K", "tab('kudos')", "Kudos tab", tooltip="Kudos and pulse", show=False),
    # When a key above does not apply in this phase it leaves the footer (`check_action`),
    # and these say why instead of doing nothing.
    Binding("n", "not_now('add_card')", "Card", tooltip="Only in reflect and group", show=False),
    Binding("r", "not_now('reveal')", "Reveal", tooltip="Only in reflect", show=False),
    Binding("v", "not_now('vote')", "Vote", tooltip="Only in the vote phase", show=False),
    Binding("V", "not_now('vote')", "Unvote", tooltip="Only in the vote phase", show=False),
    Binding("greater_than_sign", "not_now('next')", "Next phase", tooltip="Closed", show=False),
    Binding("less_than_sign", "not_now('prev')", "Prev phase", tooltip="At the first", show=False),
    Binding("full_stop", "not_now('topic')", "Next topic", tooltip="Only in discuss", show=False),
    Binding("comma", "not_now('topic')", "Prev topic", tooltip="Only in discuss", show=False),
    Binding("plus", "not_now('topic')", "More time", tooltip="Only in discuss", show=False),
    Binding("w", "not_now('voter')", "Next person", tooltip="Reflect to vote", show=False),
]


def not_now(what: str, phase: str) -> str:
    """Why a key does nothing in this phase, and which key would help ("" if it does)."""
    before_vote = phase in ("reflect", "group")
    return {
        "add_card": (
            f"Cards are added in reflect or group; this review is in {phase}. "
            "Press < to go back a phase."
        ),
        "reveal": "Every card is visible already: cards are hidden only in reflect.",
        "vote": f"Votes are cast in the vote phase; this review is in {phase}. "
        + ("Press > to move on to it." if before_vote else "Press < to go back to it."),
        "next": "The review is closed. Press < to reopen it in act.",
        "prev": "Reflect is the first phase.",
        "topic": f"Topics are taken one at a time in discuss; this review is in {phase}. "
        + ("Press > to move on to it." if phase in ("reflect", "group", "vote") else "Press <."),
        "voter": f"Who is at the screen matters while cards are written and votes cast; this "
        f"review is in {phase}, where you act as yourself.",
    }.get(what, "")
