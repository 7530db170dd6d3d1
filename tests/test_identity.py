"""Who is using retro: --as, then RETRO_USER, then git, then the login name."""

from __future__ import annotations

import pytest

from retro import identity
from retro.identity import current_user


def test_explicit_name_wins() -> None:
    assert current_user("  ana ", env={"RETRO_USER": "bo"}) == "ana"


def test_retro_user_comes_next(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(identity, "git_user_name", lambda: "git person")
    assert current_user(None, env={"RETRO_USER": "bo"}) == "bo"


def test_git_name_then_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(identity, "git_user_name", lambda: "Git Person")
    assert current_user(None, env={"USER": "login"}) == "Git Person"
    monkeypatch.setattr(identity, "git_user_name", lambda: None)
    assert current_user(None, env={"USER": "login"}) == "login"


def test_a_missing_git_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert identity.git_user_name() is None
    assert current_user(None, env={"LOGNAME": "me"}) == "me"
