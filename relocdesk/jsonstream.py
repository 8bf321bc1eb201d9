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
        self.parts: list[bytes | memoryview] = []
        self.size = 0

    def put(self, data: bytes | memoryview) -> None:
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


# Items dumped together, as one list: one call into orjson for many items instead of one
# (and one re-indentation) each; half the writer's time at 500,000 warnings.
BATCH = 256


def _items(w: _Out, items: Iterable[Any], level: int, default: Callable[[Any], Any] | None) -> int:
    """Write ``items`` as the inside of a list ``level`` levels deep, from its opening
    bracket to its last item; returns their number. Each batch is dumped inside ``level - 1``
    lists of one item, so that orjson indents the items as deep as they go: nothing is
    re-indented, and what lies between the batch's own brackets is written as it is."""
    start = sum(len(b"[\n" + b"  " * k) for k in range(1, level)) + 1
    end = sum(len(b"\n" + b"  " * k + b"]") for k in range(level))  # its and the lists' ends
    n = 0
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            n = _dump(w, batch, n, level, (start, end), default)
    return _dump(w, batch, n, level, (start, end), default) if batch else n


def _dump(
    w: _Out,
    batch: list[Any],
    n: int,
    level: int,
    inside: tuple[int, int],
    default: Callable[[Any], Any] | None,
) -> int:
    """One batch written (after ``n`` items already written) and emptied: the newline-
    indented items, comma-separated, of its dump ``inside`` (from start, to end from the
    end)."""
    wrapped: Any = batch
    for _ in range(level - 1):
        wrapped = [wrapped]
    data = orjson.dumps(wrapped, default=default, option=_INDENT)
    w.put(b"[" if n == 0 else b",")
    w.put(memoryview(data)[inside[0] : len(data) - inside[1]])
    n += len(batch)
    batch.clear()
    return n


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
    n = _items(w, items, 2, default)
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
    n = _items(w, items, 1, default)
    w.put(b"\n]\n" if n else b"[]\n")
    w.flush()
    out.flush()
    return n
