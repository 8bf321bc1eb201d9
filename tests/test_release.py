"""The version the app reports (About, the update notice) is the one pyproject.toml releases."""

from __future__ import annotations

import tomllib
from pathlib import Path

import relocdesk


def test_version_matches_pyproject() -> None:
    project = tomllib.loads(
        (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
    )
    assert relocdesk.__version__ == project["project"]["version"]
