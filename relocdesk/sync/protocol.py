"""The sync protocol, shared by the device and the county server.

Versioned: every request carries ``X-RelocDesk-Protocol``; the server answers 426
"upgrade required" outside ``[MIN_VERSION, MAX_VERSION]``. Bodies are compact JSON (orjson),
gzip-compressed both ways. Ops and row states travel as positional arrays, not objects:
a 40,000-row page is parsed and built without a per-row model.

Wire shapes (version 1):

- op: ``[op_id, tbl, row_id, hlc, fields {field: value}, base {field: clock replaced}]``
- row state: ``[seq, tbl, row_id, created_at, deleted, data {field: value}, clocks {field: hlc}]``
  where ``clocks`` holds only fields changed after creation (the others carry ``created_at``).

The digest of a community is the XOR of a 63-bit hash of ``(tbl, row_id, version, deleted)``
over all its rows, ``version`` being the largest clock of the row. XOR lets the server keep it
up to date row by row, and both sides compute it the same way.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from relocdesk.catalogue import SYNCED_TABLES
from relocdesk.validation import ValidationError

VERSION = 1
MIN_VERSION = 1
MAX_VERSION = 1
VERSION_HEADER = "X-RelocDesk-Protocol"
# What a device tells the server with each request it makes anyway (push, pull): how many
# changes its outbox holds and when it counted them (UTC, ISO 8601). Optional both ways: an
# older device says nothing, an older server ignores them. The county's dashboard shows them.
UNSENT_HEADER = "X-RelocDesk-Unsent"
UNSENT_AT_HEADER = "X-RelocDesk-Unsent-At"

PUSH_BATCH = 2500
# A push batch also stops at this many bytes of op JSON (before gzip): 2,500 ops of long
# notes must not reach the server's limit on an inflated body (64 MB), nor hold its lock long.
PUSH_BYTES = 4 * 1024 * 1024
PULL_LIMIT = 5000
MAX_PULL_LIMIT = 20000
# Households a building head's device asks for at once when they came into its buildings.
MAX_SCOPE_HOUSEHOLDS = 200
MAX_PUSH_OPS = 5000  # the server refuses a larger batch (413): it holds the lock too long

TABLES = frozenset(SYNCED_TABLES)

# Positions in a row state array.
SEQ, TBL, ROW_ID, CREATED_AT, DELETED, DATA, CLOCKS = range(7)
_MASK63 = (1 << 63) - 1


def unsent_headers(count: int) -> dict[str, str]:
    """The headers telling the server ``count`` unsent changes, counted now."""
    import datetime

    at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    return {UNSENT_HEADER: str(count), UNSENT_AT_HEADER: at}


def encode(value: Any, *, compress: bool = True) -> bytes:
    raw = orjson.dumps(value)
    return gzip.compress(raw, compresslevel=1, mtime=0) if compress else raw


def decode(body: bytes) -> Any:
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    return orjson.loads(body)


def version_of(created_at: str, clocks: Mapping[str, str]) -> str:
    """The latest clock of a row: what the digest and ``updated_at`` use."""
    return max([created_at, *clocks.values()])


def clocks_mark(created_at: str, clocks: Mapping[str, str]) -> str:
    """A short mark of every field clock of a row. Two rows with the same mark hold the same
    versions of every field; the latest clock alone cannot tell (a field edited offline with
    an older clock may be missing beside a newer one). Reconciliation compares these."""
    key = orjson.dumps([created_at, sorted(clocks.items())])
    return hashlib.blake2b(key, digest_size=10).hexdigest()


def row_hash(tbl: str, row_id: str, version: str, deleted: int) -> int:
    key = f"{tbl}\x1f{row_id}\x1f{version}\x1f{1 if deleted else 0}".encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") & _MASK63


def digest(items: Iterable[tuple[str, str, str, int]]) -> tuple[int, int]:
    """Count and XOR digest of ``(tbl, row_id, version, deleted)`` tuples."""
    count = value = 0
    for tbl, row_id, version, deleted in items:
        count += 1
        value ^= row_hash(tbl, row_id, version, deleted)
    return count, value


class SyncError(ValidationError):
    """A sync failure a person can read, in Chinese and English, with a stable code."""

    def __init__(
        self, code: str, zh: str, en: str, *, status: int | None = None, item: int | None = None
    ) -> None:
        super().__init__("sync", code, zh, en)
        self.zh = zh
        self.en = en
        self.status = status
        # The 0-based place, in the request's list, of the one op (or row) refused: a device
        # sets that op aside and sends the rest (relocdesk.sync.refused).
        self.item = item

    def as_wire(self) -> dict[str, Any]:
        wire: dict[str, Any] = {"code": self.code, "zh": self.zh, "en": self.en}
        if self.item is not None:
            wire["item"] = self.item
        return wire


def upgrade_required(client_version: object) -> SyncError:
    if isinstance(client_version, int) and client_version > MAX_VERSION:
        # The app is newer than the server: the county must update, not the person.
        return SyncError(
            "server_outdated",
            f"县服务器版本较旧（同步协议 {MIN_VERSION}–{MAX_VERSION}），"
            f"本程序需要 {client_version}，请联系县里更新服务器；修改已保存在本机",
            f"the county server is older than this app (it speaks sync protocol"
            f" {MIN_VERSION}–{MAX_VERSION}, this app {client_version}); ask the county to update"
            f" the server; changes are kept on this device",
            status=426,
        )
    return SyncError(
        "upgrade_required",
        f"需要升级：本程序的同步协议版本（{client_version}）不被服务器支持"
        f"（支持 {MIN_VERSION}–{MAX_VERSION}），请安装新版本",
        f"upgrade required: the server supports sync protocol {MIN_VERSION}–{MAX_VERSION},"
        f" this app speaks {client_version}; please install the new version",
        status=426,
    )


def with_download(body: dict[str, Any], download: str | None) -> dict[str, Any]:
    """A 426's body with where the county offers the new version, for the person reading it."""
    if not download:
        return body
    return {
        **body,
        "zh": f"{body.get('zh', '')}；新版本下载地址：{download}",
        "en": f"{body.get('en', '')}; download the new version from {download}",
        "download": download,
    }


def unauthorized() -> SyncError:
    return SyncError(
        "unauthorized",
        "本设备的授权已失效或被撤销，请重新登记设备",
        "this device's token is invalid or was revoked; enroll the device again",
        status=401,
    )


# An op the device can no longer read (a damaged file): set aside, its row offered instead.
DAMAGED_OP = "damaged_op"


def forbidden(zh: str, en: str, item: int | None = None) -> SyncError:
    return SyncError("forbidden", zh, en, status=403, item=item)


def bad_request(zh: str, en: str, item: int | None = None) -> SyncError:
    return SyncError("bad_request", zh, en, status=400, item=item)


def unreachable(detail: str) -> SyncError:
    return SyncError(
        "unreachable",
        f"无法连接县服务器，修改已保存在本机，联网后会自动同步（{detail}）",
        f"cannot reach the county server; changes are kept on this device and sync later"
        f" ({detail})",
    )


def enroll_unreachable(url: str) -> SyncError:
    return SyncError(
        "unreachable",
        f"无法连接县服务器 {url}：请检查网络连接和服务器地址（向县里要的地址，以 https:// 开头），"
        "然后再登记",
        f"cannot reach the county server at {url}: check the network connection and the"
        " server address (the one the county gave, starting with https://), then enroll again",
    )


def digest_mismatch() -> SyncError:
    return SyncError(
        "digest_mismatch",
        "本机数据与服务器核对不一致，完整重新下载后仍不一致，请联系管理员",
        "this device's data does not match the server even after a full re-download;"
        " contact the administrator",
    )


def not_enrolled() -> SyncError:
    return SyncError(
        "not_enrolled",
        "本设备尚未登记到县服务器，请先登记（relocdesk enroll）",
        "this device is not enrolled with a county server; enroll it first (relocdesk enroll)",
    )


def not_the_server(zh: str, en: str, status: int) -> SyncError:
    return SyncError(
        "not_the_server",
        f"这个地址回复的不是县服务器（{zh}）：网络可能要先登录（如 Wi-Fi 认证页面：在浏览器里"
        "打开任意网页完成登录），或服务器地址填错了；请登录网络或核对地址后再试",
        f"the reply at this address is not the county server's ({en}): the network may want a"
        " sign-in first (a Wi-Fi login page: open any web page in a browser to sign in), or the"
        " server address is wrong; sign in to the network or check the address, then try again",
        status=status,
    )


def error_from_wire(status: int, body: Mapping[str, Any] | None) -> SyncError:
    if body and "code" in body:
        item = body.get("item")
        return SyncError(
            str(body["code"]),
            str(body.get("zh", "")),
            str(body.get("en", "")),
            status=status,
            item=item if type(item) is int and item >= 0 else None,
        )
    if status == 401:
        return unauthorized()
    if status == 426:
        return upgrade_required(VERSION)
    if status in (404, 405):  # every county server's own refusal carries its code
        return SyncError(
            "not_the_server",
            f"这个地址不是县服务器，或服务器版本比本程序旧、不认识这个请求（HTTP {status}）："
            "请核对服务器地址",
            f"this address is not a county server, or the server is older than this app and"
            f" does not know the request (HTTP {status}): check the server address",
            status=status,
        )
    return SyncError(
        "server_error",
        f"服务器出错（HTTP {status}），稍后会重试",
        f"the server failed (HTTP {status}); sync will try again",
        status=status,
    )
