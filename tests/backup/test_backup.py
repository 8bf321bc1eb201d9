"""Backups: the online backup API while the app writes, the rolling set, restore and its checks."""

from __future__ import annotations

import datetime
import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.store import backup, open_database
from relocdesk.validation import ValidationError
from tests.conftest import add_household, connect


def digest(path: Path) -> tuple[int, str]:
    """Households counted and every row of the data tables hashed, read with the key but
    apart from the store's code."""
    conn = connect(path)
    try:
        h = hashlib.sha256()
        for table in ("household", "person", "outbox"):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid"):
                h.update(repr(tuple(row)).encode())
        (count,) = conn.execute("SELECT count(*) FROM household").fetchone()
    finally:
        conn.close()
    return int(count), h.hexdigest()


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[Desk]:
    desk = Desk(tmp_path / "data" / "community.db")
    desk.create_community("锦绣社区", county="惠水县")
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
    for n, room in enumerate(range(101, 121)):
        hh = add_household(desk, room=str(room))
        desk.people.create(household_id=hh["id"], name=surnames[n] + "建国", relation="head")
    yield desk
    desk.close()  # left to the collector, each test's connection stayed open for the run


def test_backup_inside_an_open_write_transaction_is_the_last_commit(
    filled: Desk, tmp_path: Path
) -> None:
    before = digest(filled.path)
    writer = open_database(filled.path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE household SET room = 'X' || room")
    writer.execute("DELETE FROM person")
    # The backup runs while another connection holds the write lock with changes pending.
    made = backup.take(filled.path, tmp_path / "b" / "during.db")
    writer.execute("COMMIT")
    writer.close()
    assert digest(filled.path) != before  # the write did land afterwards

    restored = Desk(tmp_path / "restored" / "community.db")
    restored.create_community("另一个")
    # another community's desk, not enrolled: restoring it there is asked for by name
    outcome = restored.backups.restore(made, other_community=True)
    assert outcome.integrity == "ok"
    assert backup.integrity(restored.conn) == "ok"
    restored.close()
    assert digest(restored.path) == before


def test_a_backup_of_a_quiet_database_is_its_file_copied(filled: Desk, tmp_path: Path) -> None:
    """No page read, decrypted and encrypted again: the copy starts with the database's own
    salt (the backup API would write a file of its own), and opens as a whole database."""
    before = digest(filled.path)
    made = backup.take(filled.path, tmp_path / "b" / "quiet.db")
    assert made.read_bytes()[:16] == filled.path.read_bytes()[:16]
    assert digest(made) == before
    conn = connect(made)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not made.with_name(made.name + "-wal").exists()


def test_a_backup_beside_a_reader_that_holds_the_wal_is_the_last_commit(
    filled: Desk, tmp_path: Path
) -> None:
    reader = open_database(filled.path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM household").fetchone()  # holds its snapshot
    hh = add_household(filled, room="999")  # committed into the WAL, kept there by the reader
    after = digest(filled.path)
    made = backup.take(filled.path, tmp_path / "b" / "held.db")
    reader.execute("COMMIT")
    reader.close()
    assert made.read_bytes()[:16] != filled.path.read_bytes()[:16]  # the backup API's copy
    assert digest(made) == after
    conn = connect(made)
    assert conn.execute("SELECT count(*) FROM household WHERE id = ?", (hh["id"],)).fetchone()[0]
    conn.close()


def test_backups_under_a_busy_writer_are_each_one_commit(filled: Desk, tmp_path: Path) -> None:
    """A writer commits pairs (a key and the count it makes) as fast as it can; every backup
    taken meanwhile holds as many keys as its count says: never half of a transaction."""
    stop = threading.Event()

    def write() -> None:
        conn = open_database(filled.path)
        i = 0
        while not stop.is_set():
            i += 1
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO settings (key, value) VALUES (?, 'x')", (f"k{i}",))
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('n', ?)", (i,))
            conn.execute("COMMIT")
        conn.close()

    t = threading.Thread(target=write)
    t.start()
    try:
        counts = []
        for n in range(8):
            made = backup.take(filled.path, tmp_path / "b" / f"{n}.db")
            conn = connect(made)
            keys = conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'k%'").fetchone()
            said = conn.execute("SELECT value FROM settings WHERE key = 'n'").fetchone()
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
            counts.append(keys[0])
            assert keys[0] == (int(said[0]) if said else 0)
    finally:
        stop.set()
        t.join()
    assert counts[-1] > 0


def test_rolling_set_keeps_seven_days_and_four_weeks(filled: Desk) -> None:
    start = datetime.datetime(2026, 10, 1, 9, 0)
    days = [start + datetime.timedelta(days=d, hours=d % 3) for d in range(45) if d % 5 != 4]
    for at in days:
        filled.backups.take_due(at)
        filled.backups.take_due(at + datetime.timedelta(hours=5))  # a second start that day
    kept = filled.backups.kept()
    daily = sorted(b.taken_at for b in kept if b.kind == "daily")
    weekly = sorted(b.taken_at for b in kept if b.kind == "weekly")
    # Independently: the first start of each of the last 7 days run, of each of the last 4 weeks.
    assert daily == days[-7:]
    first_in_week: dict[tuple[int, int], datetime.datetime] = {}
    for at in days:
        first_in_week.setdefault(tuple(at.isocalendar()[:2]), at)  # type: ignore[arg-type]
    assert weekly == sorted(first_in_week.values())[-4:]
    assert not list(filled.backups.folder.glob("*.partial"))


def test_a_weeks_first_start_takes_the_daily_once_and_copies_it_as_the_weekly(
    filled: Desk,
) -> None:
    daily, weekly = filled.backups.take_due(datetime.datetime(2026, 10, 5, 9, 0))
    assert (daily.name, weekly.name) == ("daily-20261005-090000.db", "weekly-20261005-090000.db")
    assert weekly.read_bytes() == daily.read_bytes()
    assert weekly.read_bytes()[:16] != b"SQLite format 3\x00"  # still encrypted
    assert digest(weekly) == digest(filled.path) == (20, digest(daily)[1])
    backup.check(weekly)  # a sound community database that the restore would take


def test_restore_keeps_the_current_file_aside_and_the_clock_moves_on(filled: Desk) -> None:
    made = filled.backups.take_now()
    at_backup = digest(filled.path)
    later = add_household(filled, room="999")
    last_clock = later["updated_at"]
    now = digest(filled.path)
    outcome = filled.backups.restore(made)
    assert digest(filled.path) == at_backup
    assert digest(outcome.kept_aside) == now
    assert outcome.reconciles is False  # not enrolled
    # Writing goes on after the restore, with clocks after every clock seen before it.
    again = add_household(filled, room="998")
    assert again["updated_at"] > last_clock
    assert filled.households.get(again["id"])["room"] == "998"
    assert sorted(b.kind for b in filled.backups.kept()) == ["before-restore", "manual"]


@pytest.mark.parametrize("kind", ["text", "damaged", "other_db", "missing"])
def test_a_bad_backup_is_refused_and_nothing_changes(
    filled: Desk, tmp_path: Path, kind: str
) -> None:
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("户号,房号\n1,101\n", encoding="utf-8")
    elif kind == "damaged":
        good = filled.backups.take_now()
        data = bytearray(good.read_bytes())
        data[4096 * 2 : 4096 * 2 + 2000] = b"\xff" * 2000  # a page scribbled over
        bad.write_bytes(bytes(data))
    elif kind == "other_db":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    before = digest(filled.path)
    with pytest.raises(ValidationError) as e:
        filled.backups.restore(bad)
    assert e.value.field == "backup"
    assert "备份" in e.value.message_zh and "backup" in e.value.message_en
    assert digest(filled.path) == before
    assert not [b for b in filled.backups.kept() if b.kind == "before-restore"]
