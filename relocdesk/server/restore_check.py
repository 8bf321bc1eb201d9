"""Noticing a restore at start, when nobody ran ``admin new-epoch``.

A backup restores every table, so the database cannot tell that it went back in time. A small
state file outside it can: the server writes its epoch and each community's head there when
it stops (and when it starts). At the next start, the same epoch with a head below the one
recorded means the database was put back: the server declares a new epoch, and every device
reconciles (docs/sync.md, "Backup and restore"). The file must live outside what a backup
restores; by default it sits beside a SQLite database (``county.db.state.json``), for
PostgreSQL it is given with ``--state-file``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import orjson

from relocdesk.server.storage import Storage


def default_path(db_url: str) -> Path | None:
    given = os.environ.get("RELOCDESK_SERVER_STATE")
    if given:
        return Path(given)
    if db_url.startswith("sqlite:///") and not db_url.endswith(":memory:"):
        return Path(db_url.removeprefix("sqlite:///") + ".state.json")
    return None


def _heads(storage: Storage) -> dict[str, int]:
    return {str(c["id"]): int(c["seq"]) for c in storage.communities()}


def check_at_start(storage: Storage, path: Path | None) -> str | None:
    """Declare a new epoch if the database went back behind the recorded heads; returns the
    new epoch, or None. Then records the present state."""
    declared = None
    if path is not None and path.exists():
        try:
            seen = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            seen = {}
        heads = _heads(storage)
        behind = [
            cid
            for cid, seq in dict(seen.get("heads") or {}).items()
            if cid in heads and heads[cid] < int(seq)
        ]
        if seen.get("epoch") == storage.epoch() and behind:
            declared = storage.new_epoch()
            print(
                f"数据库已回退（恢复了备份？），已声明新纪元 {declared}，设备将核对并补传"
                f" / the database went back in time (a restored backup?) for {len(behind)}"
                f" communities: new epoch {declared}; devices will reconcile",
                file=sys.stderr,
            )
    record(storage, path)
    return declared


def record(storage: Storage, path: Path | None) -> None:
    """Write the epoch and every community's head (at start and when the server stops)."""
    if path is None:
        return
    state = {"epoch": storage.epoch(), "heads": _heads(storage)}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(orjson.dumps(state))
    tmp.replace(path)
