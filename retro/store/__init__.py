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
from retro.store.store import Store

if TYPE_CHECKING:
    from retro.store.doctor import DoctorReport
    from retro.store.transfer import ImportReport


def __getattr__(name: str) -> Any:
    """The doctor's and the importer's report types, imported only when asked for: a command
    that reads or writes the store never pays for those modules."""
    if name == "DoctorReport":
        from retro.store.doctor import DoctorReport

        return DoctorReport
    if name == "ImportReport":
        from retro.store.transfer import ImportReport

        return ImportReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DoctorReport",
    "ImportReport",
    "Store",
    "current_team_name",
    "data_dir",
    "default_store_path",
    "find_store",
    "set_current_team",
    "team_paths",
    "team_slug",
]
