"""The form that makes a format of the team's own: a key, a name, up to eight columns typed as
``key:Title:prompt``, the improve-like ones; optionally starting from another format. The
rules are `retro.formats.own_format` and `Team.add_format`, as for `retro format new`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retro.screens.forms import Field, FormScreen, Values

if TYPE_CHECKING:
    from retro.app import RetroApp
    from retro.model import Team

COLUMNS = 8


def new_format(app: RetroApp) -> None:
    """Ask for a new format and add it to the team's."""
    from retro.formats import own_format

    snapshot = app.snapshot
    if snapshot is None:
        return
    formats = snapshot.formats
    starts = [(f"{f.name} ({f.key})", f.key) for f in formats]
    made: list[str] = []

    def save(values: Values) -> None:
        base = snapshot.format(values["base"]) if values["base"] else None
        columns = [values[f"col{i}"] for i in range(1, COLUMNS + 1) if values[f"col{i}"].strip()]
        improve = values["improve"].replace(",", " ").split()
        fmt = own_format(
            values["key"],
            base=base,
            name=values["name"],
            description=values["description"],
            columns=columns,
            improve=improve if improve or columns else None,
        )

        def add(team: Team) -> None:
            team.add_format(fmt)

        app.store.update_team(add)
        made.append(fmt.key)

    def done(values: Values | None) -> None:
        app.reload()
        if values is not None and made:
            app.notify(
                f"Format {made[0]} added: pick it in the new-review form (n on the dashboard).",
                timeout=4,
            )

    fields = [
        Field("key", "Key (typed as --format KEY)", placeholder="kss"),
        Field("name", "Name", placeholder="Keep, stop, start"),
        Field("description", "When to use it (optional)"),
        Field("base", "Start from the columns of (optional)", choices=starts),
        *(
            Field(
                f"col{i}",
                f"Column {i}: key:Title:prompt" + ("" if i == 1 else " (optional)"),
                placeholder="keep:Keep:What works well?" if i == 1 else "",
            )
            for i in range(1, COLUMNS + 1)
        ),
        Field("improve", "Improve-like columns: their keys (problems and wishes land there)"),
    ]
    app.push_screen(
        FormScreen(
            "New format",
            fields,
            save,
            help="Listed with the built-ins; a review keeps the columns it was created with. "
            "Tab moves on, ctrl+s adds it.",
            ok="Add format",
        ),
        done,
    )
