"""JSON written as it is produced: an object whose one long list is streamed, item by item.

The layout is orjson's ``OPT_INDENT_2`` (what ``cli_support.print_json`` prints), so a
streamed document is byte for byte what printing the whole object at once would have given
with the same keys in the same order; nothing builds the whole document, or the whole
list, as one string. Output goes out in chunks of about ``CHUNK`` bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, BinaryIO

import orjson

CHUNK = 1 << 16
_INDENT = orjson.OPT_INDENT_2


class _Out:
    """Bytes gathered and written in chunks: one write per item would be a system call each."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.parts: list[bytes] = []
        self.size = 0

    def put(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.out.write(b"".join(self.parts))
            self.parts, self.size = [], 0


def _nested(value: Any, level: int, default: Callable[[Any], Any] | None) -> bytes:
    """A value as orjson indents it ``level`` levels deep (strings never hold a raw newline)."""
    data = orjson.dumps(value, default=default, option=_INDENT)
    return data.replace(b"\n", b"\n" + b"  " * level) if b"\n" in data else data


def write_object(
    out: BinaryIO,
    fields: Iterable[tuple[str, Any]],
    *,
    streamed: str,
    items: Iterable[Any],
    after: Callable[[int], Mapping[str, Any]] | None = None,
    default: Callable[[Any], Any] | None = None,
) -> int:
    """Write ``{**fields, streamed: [*items], **after(n)}`` as indented JSON and a newline;
    ``after`` is given the number of items once they are written (a count known only then).
    Returns that number."""
    w = _Out(out)
    first = True

    def key(name: str) -> None:
        nonlocal first
        w.put((b"{\n  " if first else b",\n  ") + orjson.dumps(name) + b": ")
        first = False

    for name, value in fields:
        key(name)
        w.put(_nested(value, 1, default))
    key(streamed)
    n = 0
    for item in items:
        w.put((b"[\n    " if n == 0 else b",\n    ") + _nested(item, 2, default))
        n += 1
    w.put(b"\n  ]" if n else b"[]")
    for name, value in (after(n) if after is not None else {}).items():
        key(name)
        w.put(_nested(value, 1, default))
    w.put(b"\n}\n" if not first else b"{}\n")
    w.flush()
    out.flush()
    return n


def write_array(
    out: BinaryIO, items: Iterable[Any], *, default: Callable[[Any], Any] | None = None
) -> int:
    """Write ``[*items]`` as indented JSON and a newline, item by item; returns the count."""
    w = _Out(out)
    n = 0
    for item in items:
        w.put((b"[\n  " if n == 0 else b",\n  ") + _nested(item, 1, default))
        n += 1
    w.put(b"\n]\n" if n else b"[]\n")
    w.flush()
    out.flush()
    return n
