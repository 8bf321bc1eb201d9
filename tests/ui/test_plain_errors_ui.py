"""What the app tells a person about a full disk and a database another program holds: the
real errors (SQLite's SQLITE_FULL and a second writer, the operating system's ENOSPC), in
Chinese and in English, each saying what to do."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.test_plain_errors import full_database, locked_database


@pytest.mark.parametrize(
    ("language", "full_words", "locked_words"),
    [
        ("zh_CN", ("磁盘已满", "腾出空间"), ("另一个程序", "稍等片刻")),
        ("en", ("disk is full", "Free some space"), ("Another program", "wait a moment")),
    ],
)
def test_full_disk_and_held_database_in_both_languages(
    qapp: Any, tmp_path: Path, language: str, full_words: tuple[str, ...], locked_words: Any
) -> None:
    from ui import i18n
    from ui.errors import friendly_message

    i18n.install(language)
    try:
        errors = [full_database(tmp_path)]
        if os.path.exists("/dev/full"):
            try:
                with open("/dev/full", "wb") as full:
                    full.write(b"x")
                    full.flush()
            except OSError as e:
                errors.append(e)
        for err in errors:
            told = friendly_message(err)
            assert all(w in told for w in full_words), told
        told = friendly_message(locked_database(tmp_path))
        assert all(w in told for w in locked_words), told
    finally:
        i18n.install("zh_CN")
