"""Names a module re-exports from the modules that define them, each imported on first use
(PEP 562), so that importing the module itself costs almost nothing.

`retro.model` and `retro.drift` name every concept and function of their modules; a command
that needs one of them does not pay for building all the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(
    module: str, homes: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` of `module`.

    Args:
        module: the module's name (for its error messages).
        homes: each name it exports → the full name of the module that defines it.
        namespace: the module's globals: a name, once imported, is kept there and found
            directly from then on.
    """

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *homes})

    return __getattr__, __dir__
