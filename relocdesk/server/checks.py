"""What a push must be before it is let in: every op checked, before the community's lock.

One op the server stores is handed to every device of the community, so an op that cannot
be applied there (a clock that does not parse, a nested object where the schema holds a
scalar, a date thirty years ahead that every device's clock would then jump to) stops the
whole community's sync, not just its sender's. So nothing is trusted: the shape of each op,
the table and the kind of every field from the shared catalogue, the size of every value,
the clock's form and how far it runs ahead of this server's clock. A batch with one bad op
is refused whole, with the op, the field and the problem named in Chinese and English;
nothing of it is written.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from relocdesk import hlc
from relocdesk.catalogue import FIELDS, INTEGER, OP_COLUMNS, REAL, TEXT
from relocdesk.sync import protocol
from relocdesk.sync.protocol import SyncError

# An op's and a row's id: client-made UUIDs, clocks (op ids are clocks) or other plain names.
_ID = re.compile(r"[0-9A-Za-z_.:-]{1,64}")
# A device clock may run ahead of the server's by this much (laptops drift; minutes, not
# days). Beyond it the device's date is wrong and its edits would outrank every later one.
MAX_AHEAD_MS = 60 * 60 * 1000
# The bytes one text field may hold (UTF-8): a long visit note fits many times over.
MAX_FIELD_BYTES = 16 * 1024
_INT_RANGE = range(-(2**63), 2**63)
# Data fields that hold clocks: devices and the inbox read them as clocks.
_CLOCK_FIELDS = frozenset({("conflict", "lost_clock"), ("conflict", "won_clock")})

_PY_TYPES: dict[str, tuple[type, ...]] = {
    TEXT: (str, type(None)),
    INTEGER: (int, bool, type(None)),
    REAL: (int, float, type(None)),
}
_TYPES = {
    tbl: {name: _PY_TYPES[kind] for name, kind in {**kinds, **OP_COLUMNS}.items()}
    for tbl, kinds in FIELDS.items()
}
# Characters a text may have and still be plainly under MAX_FIELD_BYTES (4 bytes a character
# at most in UTF-8).
_PLAIN_TEXT = MAX_FIELD_BYTES // 4

# An op as checked: op_id, tbl, row_id, hlc, fields, base.
Op = tuple[str, str, str, str, dict[str, Any], dict[str, str]]


def checked_ops(
    ops: Sequence[Any], community_id: str, now: Callable[[], float] = time.time
) -> list[Op]:
    """The batch's ops, each checked; an op id seen twice in the batch is applied once (the
    first), and acknowledged as often as it was sent."""
    limit_ms = int(now() * 1000) + MAX_AHEAD_MS
    seen: set[str] = set()
    out: list[Op] = []
    for n, raw in enumerate(ops):
        op = _op(n, raw, community_id, limit_ms)
        if op[0] not in seen:
            seen.add(op[0])
            out.append(op)
    return out


def _op(n: int, raw: Any, community_id: str, limit_ms: int) -> Op:
    if not isinstance(raw, list | tuple) or len(raw) != 6:
        raise _bad(n, "op", "不是六项的数组", "is not an array of six items")
    op_id, tbl, row_id, stamp, fields, base = raw
    for name, value in (("op_id", op_id), ("row_id", row_id)):
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise _bad(n, name, "不是有效的编号", "is not a valid id")
    if not isinstance(tbl, str) or tbl not in FIELDS:
        raise _bad(n, "tbl", f"未知的数据表 {str(tbl)[:40]}", f"unknown table {str(tbl)[:40]}")
    _check_clock(n, "hlc", stamp, limit_ms)
    if not isinstance(fields, dict) or not isinstance(base, dict):
        raise _bad(n, "fields", "不是对象", "is not an object")
    if not _plainly_fine(_TYPES[tbl], fields) or tbl == "conflict":
        kinds = FIELDS[tbl]
        for name, value in fields.items():
            _check_value(n, tbl, name, kinds.get(name) or OP_COLUMNS.get(name), value)
            if (tbl, name) in _CLOCK_FIELDS and value is not None:
                _check_clock(n, f"{tbl}.{name}", value, None)
    for name, clock in base.items():
        _check_clock(n, f"base.{name[:40]}", clock, None)
    if fields.get("community_id", community_id) != community_id or (
        tbl == "community" and row_id != community_id
    ):
        raise foreign_row(n)
    return op_id, tbl, row_id, stamp, fields, base


def is_id(value: str) -> bool:
    """An id the protocol carries (an op's, a row's, so a community's)."""
    return _ID.fullmatch(value) is not None


def _plainly_fine(types: dict[str, tuple[type, ...]], fields: dict[str, Any]) -> bool:
    """The fast path a first push of 40,000 rows takes: every value of an allowed type and
    plainly within bounds. Anything else goes through the field-by-field check, which names
    the problem (and may still let it in: a long text under the byte limit)."""
    for name, value in fields.items():
        t = type(value)
        if t not in types.get(name, ()):
            return False
        if t is str:
            if len(value) > _PLAIN_TEXT or "\x00" in value:
                return False
        elif t is int and value not in _INT_RANGE:
            return False
    return True


def _check_clock(n: int, name: str, stamp: Any, limit_ms: int | None) -> None:
    if not hlc.is_clock(stamp):
        raise _bad(n, name, "时间戳格式不正确", "is not a valid clock")
    # 16 zero-padded digits of milliseconds: comparing the text compares the times.
    if limit_ms is not None and stamp[:16] > f"{limit_ms:016d}":
        raise clock_ahead()


def check_field(n: int, tbl: str, name: str, value: Any) -> None:
    """One field of row ``n`` (0-based) against the catalogue: a known field of its table, of
    its kind, within the byte limit. Shared by pushes and the rows a device offers back."""
    _check_value(n, tbl, name, FIELDS[tbl].get(name) or OP_COLUMNS.get(name), value)


def _check_value(n: int, tbl: str, name: str, kind: str | None, value: Any) -> None:
    where = f"{tbl}.{name[:40]}"
    if kind is None:
        raise _bad(n, where, "不是此表的字段", "is not a field of this table")
    if value is None:
        return
    if kind == TEXT:
        if not isinstance(value, str):
            raise _bad(n, where, "应为文字", "must be text")
        if len(value) > MAX_FIELD_BYTES // 4 and len(value.encode()) > MAX_FIELD_BYTES:
            raise too_large(
                f"第 {n + 1} 条修改的字段 {where} 超过 {MAX_FIELD_BYTES} 字节",
                f"op {n + 1}: field {where} is longer than {MAX_FIELD_BYTES} bytes",
                item=n,
            )
        if "\x00" in value:
            raise _bad(n, where, "含有空字符", "contains a NUL character")
        return
    if kind == INTEGER and (type(value) is bool or (type(value) is int and value in _INT_RANGE)):
        return
    # A whole number in a real field too must fit 64 bits: devices bind it as an integer,
    # and SQLite takes none larger (every device held the row aside).
    if kind == REAL and (
        (type(value) is float and abs(value) < 1e300)
        or (type(value) is int and value in _INT_RANGE)
    ):
        return
    raise _bad(n, where, "应为数字", "must be a number")


def fits(kind: str | None, value: Any) -> bool:
    """Whether a push would let ``value`` into a field of ``kind`` (None fits every kind):
    what the repair of a stored row keeps and sets (``repair``), by this one rule."""
    try:
        _check_value(0, "", "", kind, value)
    except SyncError:
        return False
    return True


def _bad(n: int, field: str, zh: str, en: str) -> SyncError:
    return protocol.bad_request(
        f"第 {n + 1} 条修改的 {field} {zh}，整批未保存",
        f"op {n + 1}: {field} {en}; nothing of the batch was stored",
        item=n,
    )


def clock_ahead() -> SyncError:
    return SyncError(
        "clock_ahead",
        "这台电脑的日期不对（比服务器快了一小时以上）：请改正电脑的日期和时间后再同步，"
        "在错误日期下保存的修改会按正确的日期上传；修改已保存在本机",
        "this computer's date is wrong (more than an hour ahead of the server): correct the"
        " computer's date and time and sync again; changes saved under the wrong date are"
        " then sent with the true date; they are kept on this device",
        status=400,
    )


def too_large(zh: str, en: str, item: int | None = None) -> SyncError:
    return SyncError("too_large", zh, en, status=413, item=item)


FOREIGN_ROW = ("不能修改其他社区的数据", "a device may not change another community's data")


def foreign_row(n: int) -> SyncError:
    """Op (or offered row) ``n`` names a row of another community. Its place is named so the
    device sets that op aside and sends the rest: a row copied from another community's
    laptop would otherwise have every later push of the device refused whole."""
    zh, en = FOREIGN_ROW
    return protocol.forbidden(
        f"第 {n + 1} 条修改：{zh}，整批未保存",
        f"op {n + 1}: {en}; nothing of the batch was stored",
        item=n,
    )


# Request limits. A sync batch (2,500 ops) of long notes is a few MB as JSON and far less
# gzipped; these leave room many times over and still keep one request from filling memory.
MAX_BODY_BYTES = 32 * 1024 * 1024
MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_PUSH_OPS = protocol.MAX_PUSH_OPS


def body_too_large() -> SyncError:
    return too_large(
        f"请求内容超过 {MAX_BODY_BYTES // (1024 * 1024)} MB，请分批同步",
        f"the request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB; sync in batches",
    )


def inflate(raw: bytes) -> bytes:
    """A gzip body inflated, but never past ``MAX_INFLATED_BYTES``: a small bomb is refused
    before it fills memory."""
    import zlib

    if raw[:2] != b"\x1f\x8b":
        return raw
    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(raw, MAX_INFLATED_BYTES)
    except zlib.error:
        raise protocol.bad_request("请求内容无法解压", "the gzip body is corrupt") from None
    if not d.eof and len(out) < MAX_INFLATED_BYTES:
        raise protocol.bad_request("请求内容不完整", "the gzip body is truncated")
    if not d.eof:
        raise too_large(
            f"解压后的请求内容超过 {MAX_INFLATED_BYTES // (1024 * 1024)} MB，请分批同步",
            f"the request body inflates to more than {MAX_INFLATED_BYTES // (1024 * 1024)} MB;"
            " sync in batches",
        )
    return out
