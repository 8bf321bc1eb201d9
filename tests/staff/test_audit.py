"""The audit of every look: ``relocdesk show``, opening a household, revealing an ID number,
exporting; the trail's filters checked against a plain-Python pass over ``SELECT *``; the
workbook read back; masking as one function everywhere."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlcipher3 import dbapi2

from relocdesk.desk import Desk
from relocdesk.validation import make_id_number, mask_id_number
from tests.conftest import add_household, connect

ID_HEAD = "11010519491231002X"


def relocdesk(*args: str, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RELOCDESK_")}
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env=clean,
    )


def audit_rows(path: Path) -> list[dict[str, object]]:
    conn = connect(path)
    conn.row_factory = dbapi2.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY rowid")]
    finally:
        conn.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
        hh = add_household(desk, building="3", unit=2, room="501", household_no="522731-0001")
        desk.people.create(household_id=hh["id"], name="张三", id_number=ID_HEAD, relation="head")
        desk.people.create(household_id=hh["id"], name="张小花", relation="daughter")
        desk.staff.add("王芳", "482913")
    return tmp_path


def test_show_masks_and_writes_exactly_one_audit_row(data_dir: Path) -> None:
    db = data_dir / "community.db"
    before = len(audit_rows(db))
    out = relocdesk("--as", "王芳", "show", "3-2-501", data_dir=data_dir, stdin="482913\n")
    assert out.returncode == 0, out.stderr
    assert ID_HEAD not in out.stdout and mask_id_number(ID_HEAD) in out.stdout
    assert "1101**********002X" in out.stdout
    rows = audit_rows(db)
    assert len(rows) == before + 1
    (row,) = rows[before:]
    assert (row["action"], row["actor"], row["subject_table"]) == ("view", "王芳", "household")
    with Desk(db) as desk:
        assert row["subject_id"] == desk.households.by_number("522731-0001")["id"]
        trail = desk.audit_trail()
    assert [(e.action, e.actor, e.subject) for e in trail] == [("view", "王芳", "522731-0001")]


def test_show_json_masks_too_and_reveal_is_audited(data_dir: Path) -> None:
    db = data_dir / "community.db"
    masked = json.loads(relocdesk("show", "522731-0001", "--json", data_dir=data_dir).stdout)
    assert [m["id_number"] for m in masked["members"]] == [mask_id_number(ID_HEAD), ""]
    row = audit_rows(db)[-1]
    assert row["action"] == "view" and str(row["actor"]).startswith("cli:")  # no --as: OS user
    full = relocdesk(
        "show", "522731-0001", "--reveal", "--as", "王芳", data_dir=data_dir, stdin="482913\n"
    )
    assert full.returncode == 0, full.stderr
    assert ID_HEAD in full.stdout
    rows = audit_rows(db)
    assert len(rows) == 2
    assert (rows[-1]["action"], rows[-1]["actor"]) == ("reveal", "王芳")


def test_reveal_and_opening_a_household_through_the_facade(desk: Desk) -> None:
    hh = add_household(desk, household_no="H-7")
    person = desk.people.create(household_id=hh["id"], name="李四", id_number=ID_HEAD)
    desk.staff.add("王芳", "482913")
    desk.staff.sign_in("王芳", "482913")
    desk.opened_household(hh["id"])
    assert desk.reveal_id_number(person["id"]) == ID_HEAD
    rows = audit_rows(desk.path)
    assert [(r["action"], r["subject_table"], r["subject_id"], r["actor"]) for r in rows] == [
        ("view", "household", hh["id"], "王芳"),
        ("reveal", "person", person["id"], "王芳"),
    ]
    # append-only: an audit row cannot be changed or deleted through the record set
    with pytest.raises(Exception, match=r"(?i)append"):
        desk.audit.update(rows[0]["id"], actor="someone else")  # type: ignore[arg-type]


def _seed_trail(desk: Desk) -> dict[str, str]:
    """Looks by three people over three households on four days."""
    ids = {}
    for n in range(3):
        hh = add_household(desk, household_no=f"H-{n}", room=f"10{n}")
        p = desk.people.create(
            household_id=hh["id"],
            name=["陈一", "刘二", "杨三"][n],
            id_number=make_id_number("522731", datetime.date(1980 + n, 1, 2), n + 1),
        )
        ids[f"h{n}"], ids[f"p{n}"] = hh["id"], p["id"]
    kinds = ["view", "reveal", "print", "export"]
    for i in range(24):
        day = datetime.date(2026, 3, 1 + i % 4)
        n = i % 3
        table, sid = ("person", ids[f"p{n}"]) if i % 2 else ("household", ids[f"h{n}"])
        desk.audit.create(
            action=kinds[i % 4],
            subject_table=table,
            subject_id=sid,
            actor=["王芳", "李强", "赵敏"][i % 3 if i % 5 else 0],
            at=f"{day.isoformat()}T{8 + i % 9:02d}:00:00",
        )
    return ids


def test_trail_filters_agree_with_a_plain_pass(desk: Desk) -> None:
    ids = _seed_trail(desk)
    everything = audit_rows(desk.path)
    person_home = {ids[f"p{n}"]: ids[f"h{n}"] for n in range(3)}

    def expected(**f: object) -> list[str]:
        out = []
        for r in everything:
            home = (
                r["subject_id"]
                if r["subject_table"] == "household"
                else person_home[r["subject_id"]]
            )
            day = datetime.date.fromisoformat(str(r["at"])[:10])
            if (
                ("actor" not in f or r["actor"] == f["actor"])
                and ("action" not in f or r["action"] == f["action"])
                and ("household_id" not in f or home == f["household_id"])
                and ("since" not in f or day >= f["since"])  # type: ignore[operator]
                and ("until" not in f or day <= f["until"])  # type: ignore[operator]
            ):
                out.append(r)
        written = {r["id"]: n for n, r in enumerate(everything)}  # rowid order
        out.sort(key=lambda r: (str(r["at"]), written[r["id"]]), reverse=True)
        return [str(r["id"]) for r in out]

    cases: list[dict[str, object]] = [
        {},
        {"actor": "李强"},
        {"action": "reveal"},
        {"household_id": ids["h1"]},
        {"since": datetime.date(2026, 3, 2), "until": datetime.date(2026, 3, 3)},
        {"actor": "王芳", "household_id": ids["h0"], "since": datetime.date(2026, 3, 2)},
    ]
    for f in cases:
        got = [e.id for e in desk.audit_trail(**f)]  # type: ignore[arg-type]
        assert got == expected(**f), f
        assert got or f.get("actor") == "王芳"  # the cases are chosen to find rows
    choices = desk.audit_choices()
    assert choices.actors == sorted({str(r["actor"]) for r in everything})
    assert choices.actions == sorted({str(r["action"]) for r in everything})


def test_the_exported_workbook_holds_the_filtered_trail(desk: Desk, tmp_path: Path) -> None:
    import openpyxl

    ids = _seed_trail(desk)
    desk.staff.add("王芳", "482913")
    desk.staff.sign_in("王芳", "482913")
    wanted = desk.audit_trail(household_id=ids["h2"])
    out = tmp_path / "audit.xlsx"
    assert desk.export_audit(out, "审计记录", household_id=ids["h2"]) == len(wanted)
    sheet = openpyxl.load_workbook(out, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "审计记录" and rows[1][1] == "人员 Who"
    body = rows[2:]
    assert [(r[0], r[1], r[3]) for r in body] == [
        (e.at.replace("T", " "), e.actor, e.subject) for e in wanted
    ]
    assert all(r[3] == "H-2" or r[3] == "杨三" for r in body)
    # the export is itself audited, under the signed-in person
    last = audit_rows(desk.path)[-1]
    assert (last["action"], last["actor"]) == ("export", "王芳")
    assert "audit.xlsx" in str(last["detail"])


def test_audit_command_json_and_filters(data_dir: Path) -> None:
    relocdesk("--as", "王芳", "show", "3-2-501", data_dir=data_dir, stdin="482913\n")
    relocdesk("show", "522731-0001", "--reveal", data_dir=data_dir)
    out = relocdesk("audit", "--json", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    trail = json.loads(out.stdout)
    assert [t["action"] for t in trail] == ["reveal", "view"] or len(trail) == 2
    mine = json.loads(relocdesk("audit", "--json", "--person", "王芳", data_dir=data_dir).stdout)
    assert [(t["action"], t["subject"]) for t in mine] == [("view", "522731-0001")]
    by_member = relocdesk("audit", "--json", "--household", ID_HEAD, data_dir=data_dir)
    assert len(json.loads(by_member.stdout)) == 2
    bad = relocdesk("audit", "--since", "2026-13-01", data_dir=data_dir)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr


@given(
    st.dates(datetime.date(1920, 1, 1), datetime.date(2025, 12, 31)),
    st.integers(1, 999),
    st.sampled_from(["522731", "110105", "520102"]),
)
def test_the_mask_keeps_four_and_four_and_hides_the_birth_date(
    birth: datetime.date, seq: int, region: str
) -> None:
    number = make_id_number(region, birth, seq)
    masked = mask_id_number(number)
    assert len(masked) == len(number) == 18
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:]
    assert set(masked[4:-4]) == {"*"}
    assert birth.strftime("%Y%m%d") not in masked
    assert not re.search(r"\d{5}", masked)


def test_the_mask_of_odd_values() -> None:
    assert mask_id_number(None) == mask_id_number("") == ""
    assert mask_id_number("1234") == "****"  # too short to keep both ends
    assert mask_id_number("522731 19800102 0013") == "5227**********0013"


def test_search_and_lists_use_the_one_mask(desk: Desk) -> None:
    hh = add_household(desk, room="501", household_no="H-1")
    desk.people.create(household_id=hh["id"], name="张三", id_number=ID_HEAD)
    (hit,) = desk.search("张三")
    assert mask_id_number(ID_HEAD) in hit.detail and ID_HEAD not in hit.detail


def test_a_print_from_the_command_line_is_recorded_under_the_signed_in_person(
    data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "card.pdf"
    done = relocdesk(
        "--as", "王芳", "print", "card", "--household", "3-2-501", "-o", str(out),
        data_dir=data_dir, stdin="482913\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0
    rows = audit_rows(data_dir / "community.db")
    assert [(r["action"], r["actor"], r["subject_table"]) for r in rows] == [
        ("print", "王芳", "household")
    ]
    xlsx = tmp_path / "trail.xlsx"
    exported = relocdesk("audit", "--xlsx", str(xlsx), data_dir=data_dir)
    assert exported.returncode == 0, exported.stderr
    import openpyxl

    body = list(openpyxl.load_workbook(xlsx, read_only=True).active.iter_rows(values_only=True))
    assert [(r[1], r[3]) for r in body[2:]] == [("王芳", "522731-0001")]
