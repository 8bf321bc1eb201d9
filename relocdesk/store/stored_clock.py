"""Where the device's clock is kept between runs, so it never goes back after a restart.

Every save stamps its outbox op with the clock it ticked (the op's id is that clock), so the
newest op already holds the clock. The ``hlc_last`` setting is written only when no op does
(a pull that moved the clock past a received one, an acknowledgement that removed the op,
a transaction that wrote no op): its row is one more page per save, and each page written to
the encrypted file is AES plus an HMAC (docs/encryption.md, "What encryption costs").
"""

from __future__ import annotations

import sqlite3

from relocdesk import hlc

SETTING = "hlc_last"


def load(conn: sqlite3.Connection) -> str | None:
    """The newest clock the file holds: the setting's, or the newest op's when later."""
    found = conn.execute(
        "SELECT (SELECT value FROM settings WHERE key = ?), (SELECT max(op_id) FROM outbox)",
        (SETTING,),
    ).fetchone()
    stamps = [s for s in found if hlc.is_clock(s)]
    return max(stamps, key=hlc.parse) if stamps else None


def save(conn: sqlite3.Connection, last: str) -> None:
    """Keep ``last`` for the next run, unless an op in the outbox holds it already and the
    setting is not later: a clock set back on purpose (ops stamped under a wrong date and
    dated again from the true time) must not come back from the setting at the next start."""
    held, kept = conn.execute(
        "SELECT (SELECT 1 FROM outbox WHERE op_id = ?), (SELECT value FROM settings WHERE key = ?)",
        (last, SETTING),
    ).fetchone()
    later = hlc.is_clock(kept) and hlc.parse(kept)[:2] > hlc.parse(last)[:2]
    if held is None or later:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (SETTING, last),
        )
