"""What a smaller page would do for encrypted search: the mixed and typed searches of
bench_encryption on copies of its 10,000-household community made in SQLite/SQLCipher
pages of 4,096 (the product's), 2,048 and 1,024 bytes, each encrypted against plain in turns.

A search's slowest queries (ID-number and phone fragments) read 20-30 scattered pages, each
decrypted and authenticated on its first read; a smaller page is fewer bytes to decrypt per
hit, but more pages per query. The full-text index's blocks are made to fit each page size
(FTS5 ``pgsz``, as migration 0027 did for 4,096), so no block spills into a second page.
The product's connections stay at 4,096; this benchmark opens the copies at their own size.

Run: .venv/bin/python -m tests.bench.bench_page_size [--queries 200] [--runs 4]
Figures: docs/encryption.md, "Smaller pages, measured".
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.bench import bench_encryption as be
from tests.bench._common import table
from tests.bench._plain import use_plain

SIZES = (4096, 2048, 1024)
_SPARE = 200  # bytes of a page an index block leaves free: the 3,900 of 4,096, as 0027 chose


def _plain_copy(source: Path, size: int, work: Path) -> Path:
    """The plain community in pages of ``size``, its text index in blocks that fit them."""
    from sqlcipher3 import dbapi2

    path = work / f"plain-{size}.db"
    shutil.copy(source, path)
    conn = dbapi2.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")  # a WAL file keeps its page size
        conn.execute(f"PRAGMA page_size = {size}")
        conn.execute("VACUUM")
        for t in ("search_name", "search_digits"):
            conn.execute(f"INSERT INTO {t} ({t}, rank) VALUES ('pgsz', ?)", (size - _SPARE,))
            conn.execute(f"INSERT INTO {t} ({t}) VALUES ('rebuild')")
            conn.execute(f"INSERT INTO {t} ({t}) VALUES ('optimize')")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return path


def _encrypted_copy(plain: Path, size: int, key: bytes) -> Path:
    from sqlcipher3 import dbapi2

    from relocdesk.store import cipher

    path = plain.with_name(f"encrypted-{size}.db")
    conn = dbapi2.connect(str(plain), isolation_level=None)
    try:
        conn.execute(f"ATTACH DATABASE ? AS enc KEY {cipher.key_pragma(key)}", (str(path),))
        conn.execute(f"PRAGMA enc.cipher_hmac_algorithm = {cipher.HMAC}")
        conn.execute(f"PRAGMA enc.cipher_page_size = {size}")
        conn.execute("SELECT sqlcipher_export('enc')")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()
    return path


@contextlib.contextmanager
def _opened_at(size: int) -> Iterator[None]:
    """Connections open encrypted files of ``size``-byte pages (the product's default: 4,096)."""
    from relocdesk.store import cipher

    connect = cipher._connect

    def at_size(path: Any, key: bytes | None, hmac: str, kw: dict[str, Any]) -> Any:
        if key is None:
            return connect(path, key, hmac, kw)
        kw = {**kw, "factory": cipher.StoreConnection}
        conn = cipher.dbapi2.connect(str(path), **kw)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA cipher_memory_security = OFF")
        conn.execute(f"PRAGMA key = {cipher.key_pragma(key)}")
        conn.execute(f"PRAGMA cipher_page_size = {size}")
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn

    cipher._connect = at_size  # type: ignore[assignment]
    try:
        yield
    finally:
        cipher._connect = connect  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=4, help="encrypted and plain, in turns")
    args = parser.parse_args()
    from relocdesk.store import database_key

    source = be.demo(args.households, True)
    work = be._RUN / "page-size"
    work.mkdir(parents=True, exist_ok=True)
    key = database_key.database_key()
    copies = {}
    for size in SIZES:
        plain = _plain_copy(source, size, work)
        copies[size] = (plain, _encrypted_copy(plain, size, key))
    with _opened_at(4096):
        queries = {
            "search, mixed (p95)": be.mixed(copies[4096][1], args.queries),
            "keystroke to results (p95)": be.typed(copies[4096][1], args.queries),
        }
    rows: list[be.Row] = [("what, page size", "encrypted / plain", "cost")]
    for label, qs in queries.items():
        for size in SIZES:
            plain_db, encrypted_db = copies[size]

            def one(plain: bool, qs: list[str] = qs, p: Path = plain_db, e: Path = encrypted_db):
                with use_plain() if plain else contextlib.nullcontext():
                    return be.search_times(p if plain else e, qs, 1)

            with _opened_at(size):
                enc, plain = be.alternate(args.runs, one)
            rows.append(be.compared(f"{label}, {size} B", enc, plain, be.p95))
    table(rows)
    shutil.rmtree(be._RUN, ignore_errors=True)


if __name__ == "__main__":
    main()
