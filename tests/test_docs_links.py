"""Every relative link in README and docs/ opens a file inside the repository.

A clone, or a reader on the web, has only the repository: a link to `../shared/…` or to a file
that was renamed is a dead end for them.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").rglob("*.md")])


def _targets(tokens: list[Token]) -> list[str]:
    found: list[str] = []
    for token in tokens:
        if token.type == "link_open":
            found.append(str(token.attrs.get("href", "")))
        elif token.type == "image":
            found.append(str(token.attrs.get("src", "")))
        if token.children:
            found.extend(_targets(token.children))
    return found


def links(document: Path) -> list[str]:
    """The link and image targets in a Markdown document, as a renderer sees them."""
    return _targets(MarkdownIt("commonmark").parse(document.read_text(encoding="utf-8")))


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(document: Path) -> set[str]:
    tokens = MarkdownIt("commonmark").parse(document.read_text(encoding="utf-8"))
    return {
        _slug(tokens[i + 1].content)
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and i + 1 < len(tokens)
    }


def broken(document: Path, root: Path = ROOT) -> list[str]:
    """The relative links of `document` that lead outside `root` or to nothing."""
    problems: list[str] = []
    for target in links(document):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("mailto:"):
            continue
        path = document if not parts.path else (document.parent / unquote(parts.path)).resolve()
        if not path.is_relative_to(root):
            problems.append(f"{target}: outside the repository")
        elif not path.exists():
            problems.append(f"{target}: no such file")
        elif parts.fragment and path.suffix == ".md" and parts.fragment not in anchors(path):
            problems.append(f"{target}: no heading #{parts.fragment}")
    return problems


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve_inside_the_repository(document: Path) -> None:
    assert broken(document) == []


def test_the_checker_catches_what_a_clone_cannot_open(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "DESIGN.md").write_text("# Design\n")
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "drift.md").write_text("# Drift\n\n## Goal drift\n")
    readme = repo / "README.md"
    readme.write_text(
        "[a](../shared/DESIGN.md) [b](missing.md) [c](https://example.com) "
        "[d](docs/drift.md#goal-drift) [e](docs/drift.md#nowhere) ![f](docs/drift.md)\n"
    )
    assert broken(readme, root=repo) == [
        "../shared/DESIGN.md: outside the repository",
        "missing.md: no such file",
        "docs/drift.md#nowhere: no heading #nowhere",
    ]


def test_readme_links_are_checked() -> None:
    targets = links(ROOT / "README.md")
    assert "docs/dashboard.svg" in targets
    # The drift definitions are the project's own, not the design notes outside it (issue 19, 8).
    assert "docs/drift.md" in targets
