"""The store: pragmas, migrations, the write path and its outbox."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest
from sqlite_utils import Database

from relocdesk.catalogue import APPEND_ONLY, SYNC_COLUMNS, SYNCED_TABLES
from relocdesk.desk import Desk
from relocdesk.store import migrations, open_database, search, search_query
from relocdesk.validation import ValidationError, ValidationErrors
from tests.conftest import add_household, connect

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
    # Every step after the first, in order (each new migration joins the list by itself).
    assert desk.applied_migrations[:4] == [
        "0002_search_index",
        "0003_search_phone_digits",
        "0004_visit_live_index",
        "0005_sync_tables",
    ]
    assert desk.applied_migrations == [name for name, _ in migrations.STEPS[1:]]
    backup = path.with_name("old.db.before-0002_search_index.bak")
    assert backup.exists()
    # The copy kept before the migration is encrypted like the database.
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(backup).execute("SELECT count(*) FROM sqlite_master").fetchone()
    old = connect(backup)
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
    assert search_query.query(desk.conn, "7-1-1203") == search_query.query(desk.conn, "17-1-1203")


def test_settings_round_trip_and_clear(desk: Desk) -> None:
    assert desk.setting("missing") is None
    desk.set_setting("income_line", "7000")
    assert desk.setting("income_line") == "7000"
    desk.set_setting("income_line", None)
    assert desk.setting("income_line") is None


# What DESIGN §3 lists for each table, by the column names used here.
DESIGN_COLUMNS = {
    "community": {"name", "county", "subdistrict", "township", "address"},
    "building": {"number", "units", "floors", "building_head_id"},
    "building_head": {"person_id", "name", "phone", "since"},
    "household": {
        "building_id", "unit", "room", "household_no", "head_person_id", "origin_county",
        "origin_township", "origin_village", "move_in_date", "registration_status",
        "formerly_poor", "monitored", "dibao", "extreme_poverty", "income_wages",
        "income_business", "income_transfers", "income_property", "phone", "notes", "status",
    },
    "person": {
        "household_id", "name", "gender", "id_number", "birth_date", "relation", "ethnicity",
        "phone", "education", "school", "grade", "labour_capacity", "employment_status",
        "employer", "job", "work_place", "monthly_wage", "skills", "disability_grade",
        "serious_illness", "ins_medical", "ins_critical", "ins_pension", "ins_employment",
        "ins_residence", "left_behind_child", "elderly_alone", "severe_disability",
        "permit_number", "permit_status",
    },
    "referral": {
        "person_id", "date", "referred_by", "building_head_id", "employer", "position", "kind",
        "wage_offered", "outcome", "outcome_date", "outcome_note",
    },
    "referral_event": {"referral_id", "date", "outcome", "note"},
    "visit": {"household_id", "date", "visitor", "kind", "met", "notes"},
    "need": {
        "household_id", "person_id", "source", "category", "description", "status", "assignee",
        "due_date", "resolution",
    },
    "need_event": {"need_id", "date", "status", "note"},
    "training": {
        "person_id", "course", "provider", "start_date", "end_date", "certificate", "result",
    },
    "warning_ack": {"indicator", "subject_id", "acked_by", "acked_date", "reason", "until"},
    "conflict": {
        "tbl", "row_id", "field", "lost_value", "lost_clock", "won_clock", "lost_device",
        "won_device", "resolved_by", "resolved_at",
    },
    "audit": {"action", "subject_table", "subject_id", "actor", "at"},
    "warning_closeout": {"indicator", "subject_id", "raised_date", "closed_date", "cleared_by"},
    "employment_event": {"person_id", "date", "source", "from_status", "to_status"},
    "facility": {"name", "kind", "status", "capacity", "served"},
}  # fmt: skip


def test_the_schema_holds_every_table_and_field_of_the_design(desk: Desk) -> None:
    assert set(DESIGN_COLUMNS) == set(SYNCED_TABLES)
    for table, wanted in DESIGN_COLUMNS.items():
        cols = {r[1] for r in desk.conn.execute(f"PRAGMA table_info({table})")}
        assert wanted <= cols, (table, wanted - cols)
    # Ids are client-made text UUIDs: no autoincrement key crosses devices.
    for table in SYNCED_TABLES:
        info = {r[1]: r for r in desk.conn.execute(f"PRAGMA table_info({table})")}
        assert info["id"][2] == "TEXT" and info["id"][5] == 1, table


def test_a_database_made_by_migration_2_gets_the_new_index_entries(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before="0003_search_phone_digits")
    conn.close()
    with Desk(path) as desk:  # a desk can write on a version-2 file: steps are append-only
        pass
    conn = open_database(path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0003_search_phone_digits'")
    conn.execute(
        "INSERT INTO household (id, community_id, created_at, updated_at, updated_by,"
        " household_no, phone) VALUES ('h1', 'c', 'h', 'h', 'd', 'HH1', '0854-8654321')"
    )
    conn.close()
    desk = Desk(path)
    assert desk.applied_migrations == ["0003_search_phone_digits"]
    assert path.with_name("v2.db.before-0003_search_phone_digits.bak").exists()
    assert [h.id for h in desk.search("08548654321")] == ["h1"]
    desk.close()


def test_migration_22_fills_what_each_search_hit_shows(tmp_path: Path) -> None:
    path = tmp_path / "v21.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before="0022_search_shows_hits")
    sync = "community_id, created_at, updated_at, updated_by"
    conn.execute(
        f"INSERT INTO building (id, {sync}, number) VALUES ('b1', 'c', 'h', 'h', 'd', '7')"
    )
    conn.execute(
        f"INSERT INTO household (id, {sync}, household_no, building_id, unit, room,"
        " head_person_id) VALUES ('h1', 'c', 'h', 'h', 'd', 'HH1', 'b1', 2, '301', 'p1')"
    )
    conn.execute(
        f"INSERT INTO person (id, {sync}, household_id, name, id_number) VALUES"
        " ('p1', 'c', 'h', 'h', 'd', 'h1', '钱进', '11010519491231002X')"
    )
    search.rebuild(conn)
    conn.commit()
    conn.close()
    with Desk(path) as desk:
        assert desk.applied_migrations[0] == "0022_search_shows_hits"
        assert [(h.id, h.household_id, h.title) for h in desk.search("钱进")] == [
            ("p1", "h1", "钱进")
        ]
        assert desk.search("钱进")[0].detail == "7-2-301 1101**********002X"
        assert [h.title for h in desk.search("7-2-301")] == ["7-2-301 钱进"]


def _indexes(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_fresh_database_has_the_sync_tables(desk: Desk) -> None:
    assert {"sync_held", "sync_seen"} <= _tables(desk.conn)
    desk.conn.execute("INSERT INTO sync_seen (tbl, row_id) VALUES ('person', 'p1')")
    with pytest.raises(sqlite3.IntegrityError):  # one entry a row: the key is (tbl, row_id)
        desk.conn.execute("INSERT INTO sync_seen (tbl, row_id) VALUES ('person', 'p1')")


def test_migration_16_keeps_one_index_of_people_by_household(tmp_path: Path) -> None:
    """The two indexes of people by household (all rows; live rows) become one that serves
    both, on a database that had both, with its rows and foreign keys intact."""
    path = tmp_path / "m15.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before="0016_person_household_index")
    before = _indexes(conn)
    assert {"person_household_idx", "person_list_household_idx"} <= before
    conn.close()
    with Desk(path) as desk:
        assert desk.applied_migrations[0] == "0016_person_household_index"
        indexes = {
            r[0]: r[1]
            for r in desk.conn.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"
            )
        }
        assert "person_household_idx" not in indexes
        assert "person_list_household_idx" not in indexes
        assert indexes["person_household_live_idx"] == "person"
        columns = [r[2] for r in desk.conn.execute("PRAGMA index_info(person_household_live_idx)")]
        assert columns == ["household_id", "deleted"]
        # A child's foreign key is looked up by its leading column: a plan that searches it.
        plan = [
            r[3]
            for r in desk.conn.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM person WHERE household_id = ?", ("h",)
            )
        ]
        assert any("person_household_live_idx" in step for step in plan), plan


def test_a_database_at_migration_4_gets_the_sync_tables_on_open(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before="0005_sync_tables")
    assert not {"sync_held", "sync_seen"} & _tables(conn)
    conn.close()
    with Desk(path) as desk:
        assert desk.applied_migrations[0] == "0005_sync_tables"
        assert desk.applied_migrations == [n for n, _ in migrations.STEPS[4:]]
        assert {"sync_held", "sync_seen"} <= _tables(desk.conn)
    assert path.with_name("v4.db.before-0005_sync_tables.bak").exists()


def test_sync_tables_a_device_made_before_migration_5_keep_their_rows(tmp_path: Path) -> None:
    """Before 0005 the sync engine made the two tables itself, the same way: a device that
    has synced holds them, maybe with a held row that must not be lost."""
    path = tmp_path / "v4.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before="0005_sync_tables")
    conn.execute(
        "CREATE TABLE sync_held (tbl TEXT NOT NULL, row_id TEXT NOT NULL, state TEXT NOT NULL,"
        " reason TEXT, PRIMARY KEY (tbl, row_id)) WITHOUT ROWID"
    )
    conn.execute("INSERT INTO sync_held VALUES ('person', 'p1', '[]', 'UNIQUE')")
    conn.close()
    with Desk(path) as desk:
        assert desk.applied_migrations[0] == "0005_sync_tables"
        assert desk.applied_migrations == [n for n, _ in migrations.STEPS[4:]]
        assert [r[0] for r in desk.conn.execute("SELECT row_id FROM sync_held")] == ["p1"]
        assert "sync_seen" in _tables(desk.conn)


def test_references_must_be_live_rows_and_a_refusal_writes_nothing(desk: Desk) -> None:
    hh = add_household(desk)
    before = desk.unsent_count()
    with pytest.raises(ValidationError) as err:
        desk.people.create(household_id="no-such-household", name="王五")
    assert (err.value.field, err.value.code) == ("household_id", "not_found")
    assert "住户" in err.value.message_zh and "household" in err.value.message_en
    desk.households.delete(hh["id"])
    after_delete = desk.unsent_count()
    assert after_delete == before + 1
    with pytest.raises(ValidationError) as err:
        desk.visits.create(household_id=hh["id"], visitor="罗书记")
    assert err.value.code == "not_found"
    assert desk.unsent_count() == after_delete
    assert desk.conn.execute("SELECT count(*) FROM visit").fetchone()[0] == 0


def test_unknown_ids_are_validation_errors_not_crashes(desk: Desk) -> None:
    before = desk.unsent_count()
    for call in (
        lambda: desk.referrals.record_outcome("missing", "hired"),
        lambda: desk.needs.set_status("missing", "resolved"),
        lambda: desk.people.delete("missing"),
        lambda: desk.households.update("missing", notes="x"),
    ):
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.code == "not_found"
    assert desk.unsent_count() == before


def test_a_two_row_save_is_all_or_nothing(desk: Desk) -> None:
    hh = add_household(desk)
    p = desk.people.create(household_id=hh["id"], name="周八")
    r = desk.referrals.create(person_id=p["id"], employer="黔南帮扶车间", kind="workshop")
    before = desk.unsent_count()
    with pytest.raises(ValidationErrors):
        desk.referrals.record_outcome(r["id"], "hired", date="2999-01-01")
    assert desk.unsent_count() == before
    assert desk.referrals.events(r["id"]) == []
    assert desk.referrals.get(r["id"])["outcome"] == "pending"  # type: ignore[index]


def test_a_corrected_id_number_brings_its_gender_and_birth_date(desk: Desk) -> None:
    hh = add_household(desk)
    p = desk.people.create(household_id=hh["id"], name="吴九", id_number=ID_ZHANG)
    assert (p["gender"], p["birth_date"]) == ("female", "1949-12-31")
    man = validation_id("522731", "1988-03-05", 11)
    fixed = desk.people.update(p["id"], id_number=man)
    assert (fixed["gender"], fixed["birth_date"]) == ("male", "1988-03-05")
    # Typed in the same edit, they are still checked against the number.
    with pytest.raises(ValidationError) as err:
        desk.people.update(p["id"], id_number=ID_ZHANG, gender="male")
    assert err.value.code == "gender_mismatch"


def test_the_household_head_must_be_one_of_its_members(desk: Desk) -> None:
    hh = add_household(desk)
    head = desk.people.create(household_id=hh["id"], name="郑十", relation="head")
    desk.households.update(hh["id"], head_person_id=head["id"])
    assert desk.households.get(hh["id"])["head_person_id"] == head["id"]  # type: ignore[index]
    other = add_household(desk, room="502")
    stranger = desk.people.create(household_id=other["id"], name="冯一", relation="head")
    with pytest.raises(ValidationError) as err:
        desk.households.update(hh["id"], head_person_id=stranger["id"])
    assert err.value.code == "head_not_member"


def validation_id(region: str, birth: str, seq: int) -> str:
    import datetime

    from relocdesk.validation import make_id_number

    return make_id_number(region, datetime.date.fromisoformat(birth), seq)


def test_members_are_listed_in_register_order(desk: Desk) -> None:
    hh = add_household(desk)
    for name, relation, born in [
        ("罗朝阳", "father", "1951-03-08"),
        ("罗天航", "son", "2017-11-26"),
        ("罗强", "head", "1981-04-26"),
        ("吴小娟", "spouse", "1981-08-27"),
        ("罗天琪", "daughter", "2012-02-01"),
        ("王兰", "mother", "1953-06-13"),
    ]:
        desk.people.create(household_id=hh["id"], name=name, relation=relation, birth_date=born)
    names = [m["name"] for m in desk.households.members(hh["id"])]
    assert names == ["罗强", "吴小娟", "罗天琪", "罗天航", "罗朝阳", "王兰"]


def test_a_failed_later_step_keeps_the_reindex_of_the_step_before_it(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before="0003_search_phone_digits")
    conn.execute(
        "INSERT INTO household (id, community_id, created_at, updated_at, updated_by,"
        " household_no, phone) VALUES ('h1', 'c', 'h', 'h', 'd', 'HH1', '0854-8654321')"
    )
    # Something in the file blocks 0004 (a table under its index's name).
    conn.execute("CREATE TABLE visit_live_idx (x)")
    conn.close()
    with pytest.raises(sqlite3.OperationalError):
        Desk(path)
    conn = open_database(path)
    assert migrations.applied(conn)[-1] == "0003_search_phone_digits"
    found = conn.execute(
        "SELECT count(*) FROM search_digits WHERE search_digits MATCH '\"08548654321\"'"
    ).fetchone()[0]
    assert found == 1  # 0003 committed with its index, not without it
    conn.close()


def test_a_household_number_is_used_once(desk: Desk) -> None:
    first = add_household(desk, household_no="JX-0001")
    before = desk.unsent_count()
    with pytest.raises(ValidationError) as err:
        add_household(desk, room="502", household_no="JX-0001")
    assert (err.value.field, err.value.code) == ("household_no", "duplicate")
    assert "JX-0001" in err.value.message_zh and desk.unsent_count() == before
    desk.households.update(first["id"], household_no="JX-0001", notes="same number, same row")
    desk.households.delete(first["id"])
    assert add_household(desk, household_no="JX-0001")["household_no"] == "JX-0001"


def test_migration_20_leaves_one_index_of_people_by_name(tmp_path: Path) -> None:
    """The index by name alone goes; every lookup by name (search's exact name, the forms'
    subjects) asks for live people and reads the index of live people by name instead."""
    path = tmp_path / "m19.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before="0020_person_name_index")
    # as step 0002 made it on every database before 0020
    conn.execute("CREATE INDEX person_name_idx ON person(name)")
    before = _indexes(conn)
    assert {"person_name_idx", "person_list_name_idx"} <= before
    conn.close()
    with Desk(path) as desk:
        assert desk.applied_migrations[0] == "0020_person_name_index"
        after = _indexes(desk.conn)
        assert "person_name_idx" not in after and "person_list_name_idx" in after
        desk.create_community("锦绣社区", county="惠水县")
        hh = add_household(desk, household_no="H-20")
        desk.people.create(household_id=hh["id"], name="王小明")
        desk.people.create(household_id=hh["id"], name="王小")
        for sql in (
            "SELECT d.rowid FROM person p JOIN search_doc d ON d.ref_id = p.id"
            " WHERE p.name = ? AND p.deleted = 0 LIMIT ?",
            "SELECT p.id FROM person p JOIN household h ON h.id = p.household_id"
            " WHERE p.name = ? AND p.deleted = 0 ORDER BY h.household_no",
        ):
            plan = " ".join(
                str(r[3])
                for r in desk.conn.execute(
                    f"EXPLAIN QUERY PLAN {sql}", ("王小", 5)[: sql.count("?")]
                )
            )
            assert "person_list_name_idx" in plan, plan
        assert [h.title for h in desk.search("王小")][:1] == ["王小"]


def test_migration_21_keeps_every_entry_searchable_without_token_counts(tmp_path: Path) -> None:
    """The full-text tables are made again without their token-count tables; what a person
    could find before (name, pinyin, part of an ID number or phone, a room) is found after."""
    path = tmp_path / "m20.db"
    with Desk(path) as desk:
        desk.create_community("锦绣社区", county="惠水县")
        hh = add_household(desk, household_no="H-21", room="1203")
        desk.people.create(
            household_id=hh["id"], name="张三丰", id_number=ID_ZHANG, phone="13800138000"
        )
    conn = open_database(path)  # the tables as every database before 0021 had them
    conn.execute("DROP TABLE search_name")
    conn.execute("DROP TABLE search_digits")
    conn.execute(
        "CREATE VIRTUAL TABLE search_name USING fts5("
        " chars, pinyin, tokenize = 'unicode61 remove_diacritics 0')"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE search_digits USING fts5("
        " digits, tokenize = 'trigram case_sensitive 0')"
    )
    search.rebuild(conn)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0021_search_without_sizes'")
    conn.commit()
    assert {"search_name_docsize", "search_digits_docsize"} <= _tables(conn)
    conn.close()
    queries = ("张三丰", "zhangsanfeng", ID_ZHANG[-6:], "38001", "H-21")

    def found(desk: Desk) -> list[list[str]]:
        return [[h.kind for h in desk.search(q)] for q in queries]

    with Desk(path) as desk:
        assert desk.applied_migrations == ["0021_search_without_sizes"]
        tables = _tables(desk.conn)
        assert "search_name_docsize" not in tables and "search_digits_docsize" not in tables
        assert all(kinds for kinds in found(desk)), found(desk)


def test_0025_adds_the_table_of_ops_set_aside_and_keeps_the_outbox(tmp_path: Path) -> None:
    path = tmp_path / "m25.db"
    with Desk(path) as desk:
        desk.create_community("锦绣社区", county="惠水县")
        add_household(desk, household_no="H-25")
        unsent = desk.unsent_count()
    conn = open_database(path)  # as every database before 0025
    conn.execute("DROP TABLE outbox_refused")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0025_outbox_refused'")
    conn.commit()
    conn.close()
    with Desk(path) as desk:
        assert desk.applied_migrations == ["0025_outbox_refused"]
        assert "outbox_refused" in _tables(desk.conn)
        assert desk.unsent_count() == unsent > 0
