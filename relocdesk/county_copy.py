"""The county server's copy of one community, made the way a device makes its own.

The county's figures must equal the ones a community's own laptop shows, so the server does
not count them a second time: it keeps, per community, an SQLite file of the device's schema
(made by the device's own migrations, ``relocdesk.desk.Desk``) filled by the device's own
apply code (``relocdesk.sync.received.apply_page``) from the pages a county device would pull,
and runs the device's monitoring and report code over it.

The server process never imports this module (its contract keeps the device's store and
façade out of it): ``relocdesk.server.county.copies`` runs it as a child process,

    RELOCDESK_COPY_DB=URL python -m relocdesk.county_copy --folder DIR COMMUNITY_ID ...

which brings each named copy up to the community's sequence head (only the rows after the
copy's cursor, like a device's sync) and prints ``{community_id: head}`` as JSON. A copy
made under another epoch (a restored server), or ahead of the server's head, is made anew.
Beside each ``<id>.db`` a ``<id>.json`` records the epoch and head it holds, written last.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:
    from relocdesk.server.storage import Storage

COPY_DEVICE = "county-copy"


def copy_path(folder: Path, community_id: str) -> Path:
    return folder / f"{community_id}.db"


def meta_path(folder: Path, community_id: str) -> Path:
    return folder / f"{community_id}.json"


def _remove(folder: Path, community_id: str) -> None:
    base = copy_path(folder, community_id)
    for p in (base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")):
        p.unlink(missing_ok=True)
    meta_path(folder, community_id).unlink(missing_ok=True)


def refresh(storage: Storage, folder: Path, community_id: str) -> int:
    """Bring the copy of one community to the server's head; the head it now holds."""
    from relocdesk.desk import Desk
    from relocdesk.server.accounts import Device
    from relocdesk.sync import local, protocol, published, received

    epoch = storage.epoch()
    meta_file = meta_path(folder, community_id)
    meta = orjson.loads(meta_file.read_bytes()) if meta_file.exists() else {}
    if meta.get("epoch") != epoch:
        _remove(folder, community_id)
    device = Device(COPY_DEVICE, COPY_DEVICE, COPY_DEVICE, community_id, "county")
    for attempt in range(2):
        desk = Desk(copy_path(folder, community_id), encrypted=False)
        try:
            if not desk.community_id:
                desk.adopt_community(community_id)
            after = local.cursor(desk)
            while True:
                # Through JSON, as a device receives it: the stored text becomes values.
                page = orjson.loads(
                    orjson.dumps(storage.pull(device, after, protocol.MAX_PULL_LIMIT))
                )
                if int(page["head"]) < after:
                    break  # the server's history is shorter than the copy's: make it anew
                after = int(page["next"])
                received.apply_page(desk, page["rows"], new_cursor=after)
                if not page.get("more"):
                    published.store(desk, page.get("published"))
                    held = published.held(desk)
                    meta = {"epoch": epoch, "head": after, "published": held}
                    meta_file.write_bytes(orjson.dumps(meta, option=orjson.OPT_SORT_KEYS))
                    return after
        finally:
            desk.close()
        if attempt == 0:
            _remove(folder, community_id)
    raise RuntimeError(f"copy of community {community_id} cannot be made")


def main(argv: Sequence[str] | None = None) -> int:
    from relocdesk.server.storage import Storage

    parser = argparse.ArgumentParser(prog="python -m relocdesk.county_copy")
    parser.add_argument("--db", default=os.environ.get("RELOCDESK_COPY_DB"))
    parser.add_argument("--folder", required=True)
    parser.add_argument("communities", nargs="+")
    args = parser.parse_args(argv)
    if not args.db:
        parser.error("--db or RELOCDESK_COPY_DB is needed")
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    storage = Storage(args.db)
    try:
        heads = {cid: refresh(storage, folder, cid) for cid in args.communities}
    finally:
        storage.close()
    sys.stdout.write(orjson.dumps(heads).decode() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
