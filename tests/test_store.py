"""The store: pragmas, migrations, the write path and its outbox."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest
from sqlite_utils import Database

from relocdesk.desk import Desk
from relocdesk.store import migrations, open_database, search
from relocdesk.store.rows import APPEND_ONLY, SYNC_COLUMNS, SYNCED_TABLES
from relocdesk.validation import ValidationError, ValidationErrors
from tests.conftest import add_household

ID_ZHANG = "11010519491231002X"


def test_connection_pragmas(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "a.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_every_synced_table_has_the_sync_columns(desk: Desk) -> None:
    for table in SYNCED_TABLES:
        cols = {r[1] for r in desk.conn.execute(f"PRAGMA table_info({table})")}
        assert set(SYNC_COLUMNS) <= cols, table


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "m.db")
    assert migrations.migrate(conn, tmp_path / "m.db")[0] == "0001_initial_schema"
    assert migrations.migrate(conn, tmp_path / "m.db") == []
    assert migrations.pending(conn) == []


def test_upgrade_a_database_made_by_the_first_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before="0002_search_index")
    conn.execute(
        "INSERT INTO community (id, community_id, created_at, updated_at, updated_by, name)"
        " VALUES ('c', 'c', 'h', 'h', 'd', '锦绣社区')"
    )
    conn.execute(
        "INSERT INTO household (id, community_id, created_at, updated_at, updated_by,"
        " household_no) VALUES ('h1', 'c', 'h', 'h', 'd', 'HH1')"
    )
    conn.execute(
        "INSERT INTO person (id, community_id, created_at, updated_at, updated_by,"
        " household_id, name, id_number) VALUES ('p1', 'c', 'h', 'h', 'd', 'h1', '欧阳娜娜', ?)",
        (ID_ZHANG,),
    )
    conn.close()

    desk = Desk(path)
    assert desk.applied_migrations == ["0002_search_index"]
    backup = path.with_name("old.db.before-0002_search_index.bak")
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("SELECT count(*) FROM person").fetchone()[0] == 1
    assert "search_doc" not in {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
    # The new index covers rows written before it existed.
    assert [h.id for h in desk.search("阳娜")] == ["p1"]
    assert [h.id for h in desk.search("1002x")] == ["p1"]
    desk.close()


def test_a_write_stores_the_row_and_its_outbox_op_together(desk: Desk) -> None:
    before = desk.unsent_count()
    hh = add_household(desk)
    person = desk.people.create(household_id=hh["id"], name="张三", id_number=ID_ZHANG.lower())
    assert person["id_number"] == ID_ZHANG  # lower-case x normalised
    assert person["gender"] == "female" and person["birth_date"] == "1949-12-31"
    assert desk.unsent_count() == before + 3  # building, household, person
    op = desk.conn.execute("SELECT * FROM outbox WHERE row_id = ?", (person["id"],)).fetchone()
    fields = orjson.loads(op["fields"])
    assert fields["name"] == "张三" and fields["community_id"] == desk.community_id
    assert op["hlc"] == person["created_at"]


def test_update_records_only_changed_fields_with_their_base_clocks(desk: Desk) -> None:
    hh = add_household(desk)
    p = desk.people.create(household_id=hh["id"], name="李四", phone="13800138000")
    updated = desk.people.update(p["id"], name="李四", phone="139-0013-9000", employer="帮扶车间")
    assert updated["phone"] == "13900139000"
    op = desk.conn.execute(
        "SELECT * FROM outbox WHERE row_id = ? ORDER BY seq DESC LIMIT 1", (p["id"],)
    ).fetchone()
    assert set(orjson.loads(op["fields"])) == {"phone", "employer"}
    assert orjson.loads(op["base"]) == {"phone": p["created_at"], "employer": p["created_at"]}
    clocks = orjson.loads(updated["clocks"])
    assert set(clocks) == {"phone", "employer"} and clocks["phone"] > p["created_at"]
    # Nothing changed: no op at all.
    n = desk.unsent_count()
    desk.people.update(p["id"], name="李四")
    assert desk.unsent_count() == n


def test_invalid_values_write_nothing(desk: Desk) -> None:
    hh = add_household(desk)
    before = desk.unsent_count()
    with pytest.raises(ValidationErrors) as err:
        desk.people.create(household_id=hh["id"], name="王五", id_number="110105194912310021")
    assert err.value.errors[0].field == "id_number"
    assert desk.unsent_count() == before
    assert desk.people.count() == 0


def test_identity_must_agree_with_the_id_number(desk: Desk) -> None:
    hh = add_household(desk)
    with pytest.raises(ValidationError) as err:
        desk.people.create(household_id=hh["id"], name="王五", id_number=ID_ZHANG, gender="male")
    assert err.value.field == "gender"


def test_duplicate_id_number_is_a_clear_error_and_rolls_back(desk: Desk) -> None:
    hh = add_household(desk)
    desk.people.create(household_id=hh["id"], name="张三", id_number=ID_ZHANG)
    before = desk.unsent_count()
    with pytest.raises(ValidationError) as err:
        desk.people.create(household_id=hh["id"], name="张三丰", id_number=ID_ZHANG)
    assert err.value.field == "id_number" and err.value.code == "duplicate"
    assert desk.unsent_count() == before
    assert [h.title for h in desk.search("张三丰")] == []


def test_a_failed_transaction_leaves_the_database_as_it_was(desk: Desk) -> None:
    hh = add_household(desk)
    counts = desk.unsent_count(), desk.people.count()
    clock = desk.clock.last
    with pytest.raises(RuntimeError), desk.transaction() as w:
        w.insert("person", {"household_id": hh["id"], "name": "赵六"})
        raise RuntimeError("power cut")
    assert (desk.unsent_count(), desk.people.count()) == counts
    assert desk.clock.last == clock


def test_delete_is_a_synced_tombstone(desk: Desk) -> None:
    hh = add_household(desk)
    p = desk.people.create(household_id=hh["id"], name="孙七")
    desk.people.delete(p["id"])
    assert desk.people.get(p["id"]) is None
    row = desk.conn.execute("SELECT deleted FROM person WHERE id = ?", (p["id"],)).fetchone()
    assert row["deleted"] == 1
    op = desk.conn.execute(
        "SELECT fields FROM outbox WHERE row_id = ? ORDER BY seq DESC LIMIT 1", (p["id"],)
    ).fetchone()
    assert orjson.loads(op["fields"]) == {"deleted": 1}
    assert desk.search("孙七") == []


def test_append_only_records_cannot_change(desk: Desk) -> None:
    assert {"visit", "referral_event", "need_event", "audit"} <= APPEND_ONLY
    hh = add_household(desk)
    visit = desk.visits.create(household_id=hh["id"], visitor="罗书记", notes="家中一切正常")
    with pytest.raises(ValidationError):
        desk.visits.update(visit["id"], notes="改写")
    with pytest.raises(PermissionError), desk.transaction() as w:
        w.update("visit", visit["id"], {"notes": "改写"})


def test_referral_outcomes_are_events(desk: Desk) -> None:
    hh = add_household(desk)
    p = desk.people.create(
        household_id=hh["id"], name="周八", employment_status="unemployed_willing"
    )
    r = desk.referrals.create(person_id=p["id"], employer="黔南帮扶车间", kind="workshop")
    assert r["outcome"] == "pending"
    desk.referrals.record_outcome(r["id"], "not_hired", note="岗位已满")
    row = desk.referrals.record_outcome(r["id"], "hired")
    assert row["outcome"] == "hired"
    assert [e["outcome"] for e in desk.referrals.events(r["id"])] == ["not_hired", "hired"]
    with pytest.raises(ValidationError):
        desk.referrals.update(r["id"], outcome="declined")


def test_need_status_history(desk: Desk) -> None:
    hh = add_household(desk)
    need = desk.needs.create(household_id=hh["id"], category="schooling", description="孩子转学")
    desk.needs.set_status(need["id"], "in_progress", note="已联系学校")
    closed = desk.needs.set_status(need["id"], "confirmed", resolution="已入学")
    assert closed["status"] == "confirmed" and closed["closed_date"]
    assert [e["status"] for e in desk.needs.history(need["id"])] == ["in_progress", "confirmed"]


def test_moving_a_building_reindexes_its_rooms(desk: Desk) -> None:
    hh = add_household(desk, building="7", unit=1, room="1203")
    assert [h.id for h in desk.search("7-1-1203")] == [hh["id"]]
    building = desk.buildings.find(number="7")[0]
    desk.buildings.update(building["id"], number="17")
    assert [h.id for h in desk.search("17-1-1203")] == [hh["id"]]
    assert search.query(desk.conn, "7-1-1203") == search.query(desk.conn, "17-1-1203")


def test_settings_round_trip_and_clear(desk: Desk) -> None:
    assert desk.setting("missing") is None
    desk.set_setting("income_line", "7000")
    assert desk.setting("income_line") == "7000"
    desk.set_setting("income_line", None)
    assert desk.setting("income_line") is None
