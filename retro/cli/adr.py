"""Writing the decision log as ADR files into a folder, keeping each decision's number."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from retro.errors import StoreError
from retro.model import Decision


def existing_adrs(folder: Path) -> dict[str, tuple[int, Path]]:
    """The ADR files retro wrote into `folder` before: decision id → (number, file)."""
    from retro.export.decisions import ADR_NAME, MARKER

    found: dict[str, tuple[int, Path]] = {}
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return found
    except OSError as exc:
        raise StoreError(f"cannot read {folder}: {exc.strerror}") from None
    for name in names:
        match = ADR_NAME.match(name)
        if match is None:
            continue
        path = folder / name
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                head = handle.read(200)
        except OSError:
            continue
        marker = MARKER.search(head)
        if marker:
            found[marker.group(1)] = (int(match.group(1)), path)
    return found


def write_adrs(folder: Path, decisions: Iterable[Decision], today: date) -> tuple[int, int]:
    """Write one ADR file per decision into `folder` (made if missing). A decision exported
    before keeps its number; a renamed one has its old file replaced. Files retro did not write
    are left alone. Returns (files written, of which new)."""
    from retro.export.decisions import adr_name, adr_numbers, render_adr

    items = list(decisions)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot make {folder}: {exc.strerror}") from None
    before = existing_adrs(folder)
    # Numbers taken by files of others (hand-written ADRs) are not given to a decision either.
    taken = {
        int(name[:4]): name
        for name in os.listdir(folder)
        if name[:4].isdigit() and name.endswith(".md")
    }
    known = {i: n for i, (n, _) in before.items()}
    floor = {f"_taken{n}": n for n in taken if n not in known.values()}
    numbers = adr_numbers(items, {**known, **floor})
    names = {d.id: adr_name(d, numbers[d.id]) for d in items}
    by_id = {d.id: d for d in items}
    new = 0
    for d in items:
        target = folder / names[d.id]
        text = render_adr(d, numbers[d.id], names=names, decisions=by_id, today=today)
        try:
            target.write_text(text, encoding="utf-8")
            old = before.get(d.id)
            if old is None:
                new += 1
            elif old[1] != target:
                old[1].unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"could not write {target}: {exc.strerror}") from None
    return len(items), new
