"""What every test shares: nothing it does reaches the user's own folders.

Each test runs with ``HOME``, the XDG folders, ``RETRO_HOME`` and ``RETRO_CACHE`` inside its own
``tmp_path``, and ``RETRO_STORE`` unset (a test that wants a store names one). The session
records the real cache and data folders of retro before the first test and checks them after
the last one: a run that added, changed or removed anything there fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

XDG = ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR")


def _real_folders() -> list[Path]:
    from platformdirs import user_cache_dir, user_data_dir

    return [
        Path(user_cache_dir("retro", appauthor=False)),
        Path(user_data_dir("retro", appauthor=False)),
        Path.home() / ".cache" / "retro",
        Path.home() / ".local" / "share" / "retro",
    ]


REAL_FOLDERS = _real_folders()
"""retro's folders in the real home of whoever runs the tests, found when the tests are
collected, before any test moves HOME."""


def real_folders() -> list[Path]:
    """retro's cache and data folders in the real home (`REAL_FOLDERS`)."""
    return list(REAL_FOLDERS)


def picture(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Every file under the folders with its size and modification time."""
    out: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(root) / name
                try:
                    st = path.stat()
                except OSError:
                    continue
                out[str(path)] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture(scope="session", autouse=True)
def _session_isolated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Fixtures wider than one test (a module's store, built by running commands, which keep
    the store's index in the cache folder) stay out of the user's folders too."""
    home = tmp_path_factory.mktemp("session-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RETRO_CACHE", str(home / "cache"))
        patch.setenv("RETRO_HOME", str(home / "retro"))
        for var in XDG:
            patch.setenv(var, str(home / var.lower()))
        yield


def _controller(config: pytest.Config) -> bool:
    """Whether this is the process that runs the session (not an xdist worker)."""
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    if _controller(session.config):
        session.config.stash[_BEFORE] = picture(real_folders())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _controller(session.config) or _BEFORE not in session.config.stash:
        return
    before = session.config.stash[_BEFORE]
    after = picture(real_folders())
    touched = sorted(set(before.items()) ^ set(after.items()))
    if touched:
        paths = sorted({path for path, _ in touched})
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"FAILED: the tests touched the user's own retro folders: {paths[:10]}", red=True
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_BEFORE = pytest.StashKey[dict[str, tuple[int, int]]]()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """HOME, the XDG folders and retro's own folders inside the test's tmp_path."""
    home = tmp_path / "user-home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    for name in XDG:
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("RETRO_HOME", str(home / "retro-home"))
    monkeypatch.setenv("RETRO_CACHE", str(home / "retro-cache"))
    monkeypatch.delenv("RETRO_STORE", raising=False)
