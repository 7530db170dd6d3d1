"""The commands people type, timed as whole processes on stores of each size.

Every command of one size runs in turns with the floor (`python -c "import click"`) and with
the two writes on an empty store, so each ratio compares figures taken under the same load.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from bench.common import Stats, child_env, interleaved, retro_argv
from bench.stores import BenchStore

FLOOR = "import click"
SEARCH_WORD = "rollback"


@dataclass(frozen=True)
class CliFigures:
    """The medians at one store size."""

    store: BenchStore
    stats: dict[str, Stats]
    """By command name; also "floor", "log (empty)" and "card add (empty)"."""


def commands(store: BenchStore) -> dict[str, list[str]]:
    """The measured commands on one store, by name."""
    retro = [*retro_argv(), "--store", str(store.path)]
    return {
        "log": [*retro, "log", "Canary config changes like code", "-t", "deploy"],
        "card add": [*retro, "card", "add", store.open_review, "start", "Pair on every deploy"],
        "lessons -s": [*retro, "lessons", "-s", SEARCH_WORD],
        "action list --open": [*retro, "action", "list", "--open"],
        "drift": [*retro, "drift"],
        "export": [*retro, "export", store.export_review],
    }


def floor_argv() -> list[str]:
    """The floor: the same Python, importing click and nothing else."""
    return [sys.executable, "-c", FLOOR]


def measure(store: BenchStore, empty: BenchStore, runs: int) -> CliFigures:
    """Time every command on `store`, in turns with the floor and the empty store's writes."""
    cmds = {"floor": floor_argv(), **commands(store)}
    if store.size:
        base = commands(empty)
        cmds["log (empty)"] = base["log"]
        cmds["card add (empty)"] = base["card add"]
    stats = interleaved(cmds, child_env(), runs=runs, warmup=1, timeout=120)
    if not store.size:
        stats["log (empty)"] = stats["log"]
        stats["card add (empty)"] = stats["card add"]
    return CliFigures(store, stats)
