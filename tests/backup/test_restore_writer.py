"""A restore while another program writes the same database (an import or a demo on the
command line, a second window): what that program commits before the restore is in the copy
kept aside, never lost between the copy and the replacement. A real second process writing
the real file, committing while the restore runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from relocdesk.desk import Desk
from tests.conftest import DATABASE_KEY, add_household

# The other program: a write transaction open on the file, committed a second later.
WRITER = """
import sys, time
from sqlcipher3 import dbapi2
conn = dbapi2.connect(sys.argv[1], isolation_level=None)
conn.execute(f"PRAGMA key = \\"x'{sys.argv[2]}'\\"")
conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE household SET notes = '导入写入' WHERE id = ?", (sys.argv[3],))
print("writing", flush=True)
time.sleep(1.0)
conn.execute("COMMIT")
"""


def test_a_commit_made_while_the_restore_waits_is_kept_aside(tmp_path: Path) -> None:
    desk = Desk(tmp_path / "data" / "community.db")
    desk.create_community("锦绣社区", county="惠水县")
    home = add_household(desk, room="101")
    old = desk.backups.take_now()  # the backup to restore: the household as it was
    other = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(desk.path), DATABASE_KEY.hex(), home["id"]],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline() == "writing\n"
        done = desk.backups.restore(old)
    finally:
        assert other.wait(timeout=60) == 0
    assert done.integrity == "ok"
    assert desk.households.get(home["id"])["notes"] is None  # the backup's data is back
    kept = Desk(done.kept_aside)
    try:
        # what the other program committed is in the copy the restore kept aside
        assert kept.households.get(home["id"])["notes"] == "导入写入"
    finally:
        kept.close()
        desk.close()
