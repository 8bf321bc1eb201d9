"""Plain (unencrypted) databases for baselines and for making "old" files: the same SQLite
library (SQLCipher's build) opened with no key, and nothing converted."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def use_plain() -> Iterator[None]:
    from relocdesk.store import cipher

    connect, is_plain = cipher.connect, cipher.is_plain

    def plain_connect(path: Any, key: bytes | None, **kw: Any) -> Any:
        return connect(path, None, **kw)

    cipher.connect = plain_connect  # type: ignore[assignment]
    cipher.is_plain = lambda path: False  # type: ignore[assignment]
    try:
        yield
    finally:
        cipher.connect, cipher.is_plain = connect, is_plain  # type: ignore[assignment]
