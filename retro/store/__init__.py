"""The store: the only place that touches TinyDB and the files of a team.

See `retro.store.store` for the layout and guarantees.
"""

from retro.store.doctor import DoctorReport
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
from retro.store.transfer import ImportReport

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
