"""The store: the only place that touches TinyDB and the files of a team.

See `retro.store.store` for the layout and guarantees.
"""

from typing import TYPE_CHECKING, Any

from retro.store.location import (
    current_team_name,
    data_dir,
    default_store_path,
    find_store,
    set_current_team,
    team_paths,
    team_slug,
)

if TYPE_CHECKING:
    from retro.store.doctor import DoctorReport
    from retro.store.store import Store


def __getattr__(name: str) -> Any:
    """`Store` and the doctor's report type, imported only when asked for: a command that only
    finds the store's folder (or only searches its lessons, through `retro.store.search`) never
    pays for the model and the repositories, and one that reads or writes the store never pays
    for the doctor."""
    if name == "Store":
        from retro.store.store import Store

        return Store
    if name == "DoctorReport":
        from retro.store.doctor import DoctorReport

        return DoctorReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DoctorReport",
    "Store",
    "current_team_name",
    "data_dir",
    "default_store_path",
    "find_store",
    "set_current_team",
    "team_paths",
    "team_slug",
]
