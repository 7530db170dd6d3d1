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
    from retro.store.transfer import ImportReport


def __getattr__(name: str) -> Any:
    """`Store` and the doctor's and importer's report types, imported only when asked for: a
    command that only finds the store's folder (or only searches its lessons, through
    `retro.store.search`) never pays for the model and the repositories, and one that reads or
    writes the store never pays for the doctor and the importer."""
    if name == "Store":
        from retro.store.store import Store

        return Store
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
