"""Every kind of look writes exactly one audit row per household or person looked at, and
the row names whose data it was: the household and, where one person was concerned, the
person. Checked by reading the audit table back with plain SQL against the ids the test
made itself; the trail's person filter against a plain pass over ``SELECT *``."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.validation import make_id_number
from tests.conftest import add_household, connect
from tests.staff.test_audit import ID_HEAD, audit_rows, data_dir, relocdesk

__all__ = ["data_dir"]

ID_WIFE = make_id_number("522731", datetime.date(1982, 5, 6), 12)


def new_rows(desk: Desk, before: int) -> list[tuple[Any, ...]]:
    """(action, household_id, person_id) of the rows written since ``before`` rows."""
    conn = connect(desk.path)
    try:
        rows = conn.execute(
            "SELECT action, household_id, person_id FROM audit ORDER BY rowid"
        ).fetchall()
    finally:
        conn.close()
    return [tuple(r) for r in rows[before:]]


def count(desk: Desk) -> int:
    conn = connect(desk.path)
    try:
        return int(conn.execute("SELECT count(*) FROM audit").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def family(desk: Desk) -> dict[str, str]:
    hh = add_household(desk, household_no="H-1", room="501")
    head = desk.people.create(
        household_id=hh["id"], name="张三", id_number=ID_HEAD, relation="head"
    )
    wife = desk.people.create(
        household_id=hh["id"], name="李梅", id_number=ID_WIFE, relation="spouse",
        permit_status="to_apply",
    )  # fmt: skip
    other = add_household(desk, household_no="H-2", room="502")
    desk.staff.add("王芳", "482913")
    desk.staff.sign_in("王芳", "482913")
    referral = desk.referrals.create(person_id=wife["id"], employer="帮扶车间", kind="workshop")
    return {
        "hh": hh["id"],
        "head": head["id"],
        "wife": wife["id"],
        "other": other["id"],
        "referral": referral["id"],
    }


def test_opening_and_revealing(desk: Desk, family: dict[str, str]) -> None:
    before = count(desk)
    desk.opened_household(family["hh"])
    assert new_rows(desk, before) == [("view", family["hh"], None)]
    before = count(desk)
    assert desk.reveal_id_number(family["wife"]) == ID_WIFE
    assert new_rows(desk, before) == [("reveal", family["hh"], family["wife"])]


@pytest.mark.parametrize(
    ("kind", "by", "expected"),
    [
        ("household_card", "household", [("hh", None)]),
        ("residence_permit", "wife", [("hh", "wife")]),
        ("referral", "wife", [("hh", "wife")]),  # a referral form: its person and household
        ("visit_form", "household", [("hh", "head"), ("hh", "wife")]),  # one per member named
    ],
)
def test_each_print_names_whose_form_it_was(
    desk: Desk,
    family: dict[str, str],
    tmp_path: Path,
    kind: str,
    by: str,
    expected: list[tuple[str, str | None]],
) -> None:
    before = count(desk)
    chosen = {"household_no": "H-1"} if by == "household" else {"person_id_number": ID_WIFE}
    desk.forms.print(kind, out=tmp_path / f"{kind}.pdf", **chosen)
    want = sorted(("print", family[h], family[p] if p else None) for h, p in expected)
    assert sorted(new_rows(desk, before), key=str) == sorted(want, key=str)


def test_a_list_export_is_one_row_naming_whose_list_it_was(
    desk: Desk, family: dict[str, str], tmp_path: Path
) -> None:
    for household, person in ((None, None), (family["hh"], None), (None, family["wife"])):
        before = count(desk)
        desk.lists.export(
            "people", tmp_path / "people.xlsx", title="人员", headers=["姓名"],
            rows=[["张三"], ["李梅"]], household_id=household, person_id=person,
        )  # fmt: skip
        home = household or (person and family["hh"])  # a person alone: their household
        assert new_rows(desk, before) == [("export", home, person)]
    before = count(desk)
    desk.roster.export(tmp_path / "roster.xlsx")
    assert new_rows(desk, before) == [("export_roster", None, None)]  # the whole community


def test_the_audit_trail_export_names_its_filter(
    desk: Desk, family: dict[str, str], tmp_path: Path
) -> None:
    desk.opened_household(family["hh"])
    before = count(desk)
    desk.export_audit(tmp_path / "a.xlsx", "审计记录", person_id=family["head"])
    assert new_rows(desk, before) == [("export", family["hh"], family["head"])]
    before = count(desk)
    desk.export_audit(tmp_path / "b.xlsx", "审计记录", household_id=family["other"])
    assert new_rows(desk, before) == [("export", family["other"], None)]


def test_show_by_room_names_the_household_and_by_id_number_the_member(data_dir: Path) -> None:
    db = data_dir / "community.db"
    with Desk(db) as desk:
        hh = desk.households.by_number("522731-0001")
        head = desk.people.by_id_number(ID_HEAD)
    for key, person in (("3-2-501", None), (ID_HEAD, head["id"])):
        before = len(audit_rows(db))
        out = relocdesk("show", key, data_dir=data_dir)
        assert out.returncode == 0, out.stderr
        rows = audit_rows(db)[before:]
        assert [(r["action"], r["household_id"], r["person_id"]) for r in rows] == [
            ("view", hh["id"], person)
        ]
    before = len(audit_rows(db))
    relocdesk("show", ID_HEAD, "--reveal", data_dir=data_dir)
    (row,) = audit_rows(db)[before:]
    assert (row["action"], row["household_id"], row["person_id"]) == (
        "reveal",
        hh["id"],
        head["id"],
    )


def test_the_person_filter_agrees_with_a_plain_pass(desk: Desk, family: dict[str, str]) -> None:
    desk.opened_household(family["hh"])
    desk.reveal_id_number(family["head"])
    desk.reveal_id_number(family["wife"])
    desk.opened_household(family["other"])
    # a row written before rows named their person: only its subject says whose it was
    conn = connect(desk.path)
    conn.execute(
        "INSERT INTO audit (id, community_id, created_at, updated_at, updated_by, action,"
        " subject_table, subject_id, actor, at) VALUES ('old', ?, 'x', 'x', 'x', 'reveal',"
        " 'person', ?, '王芳', '2026-01-02T10:00:00')",
        (desk.community_id, family["wife"]),
    )
    everything = [dict(zip(("id", "table", "sid", "person"), r, strict=True)) for r in conn.execute(
        "SELECT id, subject_table, subject_id, person_id FROM audit"
    )]  # fmt: skip
    conn.close()
    for who in ("head", "wife", "other"):
        pid = family[who]
        expected = {
            r["id"]
            for r in everything
            if r["person"] == pid
            or (r["person"] is None and r["table"] == "person" and r["sid"] == pid)
        }
        assert {e.id for e in desk.audit_trail(person_id=pid)} == expected, who
    wife = desk.audit_trail(person_id=desk.people_called("李梅"))
    assert {e.id for e in wife} == {e.id for e in desk.audit_trail(person_id=family["wife"])}
    assert len(wife) == 2 and all(e.person == "李梅" and e.household == "H-1" for e in wife)
    assert desk.people_called(ID_WIFE) == [family["wife"]]
    assert desk.audit_trail(person_id=desk.people_called("无此人")) == []
