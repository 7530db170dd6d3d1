"""The retro the benchmark measures: a regular install of the working tree, in bench/.venv-retro.

The development venv (.venv) holds retro as an *editable* install: every Python started there
imports setuptools' editable finder first (pathlib, urllib.parse, fnmatch …), the floor
`python -c "import click"` included. People who install retro (pip, pipx, a wheel) never pay
that, so the bench measures a copy installed the ordinary way:

- bench/.venv-retro is made on first use, and retro's dependencies are installed into it from
  pyproject.toml's own list (again whenever that list changes: a stamp file records it);
- at the start of every run, retro is built from a fresh copy of the working tree (its
  `retro/` package, pyproject.toml and README.md; never a stale `build/` folder) and installed
  with `pip install --no-deps --force-reinstall`, so it is never out of date;
- the bench then runs itself again under that venv's Python (`reexec`), with the repository
  root *after* site-packages on its path: `import bench` finds the bench, `import retro` the
  installed copy. Every child it starts uses that Python, with no PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "bench" / ".venv-retro"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".retro-dependencies.json"
"""The pyproject dependencies last installed into the venv."""
SOURCE = ("pyproject.toml", "README.md", "retro")
HIDDEN_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH")
"""Variables that would let a child import something other than the installed copy."""
DESCRIPTION = (
    "retro {version} installed from the working tree into bench/.venv-retro "
    "(a regular install, not editable)"
)


def clean_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's) without the variables that change Python's path."""
    source = os.environ if env is None else env
    return {k: v for k, v in source.items() if k not in HIDDEN_ENV}


def dependencies() -> list[str]:
    """retro's dependencies as pyproject.toml lists them."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        return list(tomllib.load(file)["project"]["dependencies"])


def _copy_source(target: Path) -> Path:
    """What a build of retro reads, copied from the working tree (no caches, no build/)."""
    target.mkdir()
    for name in SOURCE:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, target / name)
    return target


def _pip(*args: str) -> None:
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--quiet", *args], check=True, env=clean_env()
    )


def install() -> None:
    """Make bench/.venv-retro if needed and install the working tree's retro into it."""
    wanted = json.dumps(dependencies())
    if not PYTHON.exists():
        _say("making bench/.venv-retro (once)")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, env=clean_env())
    if not (STAMP.exists() and STAMP.read_text(encoding="utf-8") == wanted):
        _say("installing retro's dependencies (pyproject.toml's list) into bench/.venv-retro")
        STAMP.unlink(missing_ok=True)
        _pip(*json.loads(wanted))
        STAMP.write_text(wanted, encoding="utf-8")
    _say("installing retro from the working tree into bench/.venv-retro")
    with tempfile.TemporaryDirectory(prefix="retro-bench-src-") as folder:
        _pip("--no-deps", "--force-reinstall", str(_copy_source(Path(folder) / "retro")))


def _say(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def running_installed() -> bool:
    """Whether this process is the venv's Python."""
    return Path(sys.prefix).resolve() == VENV.resolve()


def check_imported() -> str:
    """The installed package this process imported retro from.

    Raises:
        RuntimeError: retro came from anywhere else (the source tree, an editable install).
    """
    import retro

    where = Path(retro.__file__).resolve()
    if not where.is_relative_to(VENV.resolve()) or any("__editable__" in m for m in sys.modules):
        raise RuntimeError(f"the bench imported retro from {where}, not from {VENV}")
    return str(where.parent)


def reexec(argv: list[str]) -> None:
    """Unless this is already the venv's Python: install retro and run the bench again there.

    The new process is isolated (-I: no PYTHONPATH, no user site, no current folder on its
    path); the repository root comes last on its path, after site-packages.
    """
    if running_installed():
        return
    install()
    boot = (
        "import runpy, sys; "
        f"sys.path.append({str(ROOT)!r}); "
        "runpy.run_module('bench', run_name='__main__', alter_sys=True)"
    )
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(str(PYTHON), [str(PYTHON), "-I", "-c", boot, *argv], clean_env())


def check_children() -> str:
    """Where a child of the bench imports retro from: the installed copy, as a measured child
    is started (this Python, the children's environment and folder).

    Raises:
        RuntimeError: a child imported retro from anywhere else.
    """
    from bench.common import child_env, run_child

    code = "import sys, retro; print(retro.__file__); print(*sorted(sys.modules))"
    printed = run_child([sys.executable, "-c", code], child_env(), started=[]).out.split()
    where = Path(printed[0]).resolve()
    if not where.is_relative_to(VENV.resolve()) or any("__editable__" in m for m in printed):
        raise RuntimeError(f"a child of the bench imported retro from {where}, not from {VENV}")
    return str(where.parent)


def describe() -> str:
    """One line saying which retro was measured (for the results' header)."""
    from importlib.metadata import version

    return DESCRIPTION.format(version=version("retro"))
