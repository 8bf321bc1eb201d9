"""Every way a family's data leaves the database, walked from one table (docs/staff.md, "Where
personal data leaves, and what guards each"), on the two kinds of device a community has: the
office's and a building head's, both filled by real sync from a county server on 127.0.0.1.

For each exit: the full ID number is not shown where the role or a list masks it (read back
from the real output: the terminal, the PDF through pdftotext, the workbook through
openpyxl); a look, print or export writes exactly the audit rows it should, under the
signed-in person and naming the household; a building head's output holds no health data;
nothing personal reaches a log. A new command is caught by ``test_every_command_is_walked``
until it has a row in the table.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import logging
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relocdesk import cli
from relocdesk.desk import Desk
from relocdesk.sync.client import SyncEngine
from relocdesk.validation import ValidationError, make_id_number, mask_id_number
from tests.conftest import add_household, connect
from tests.sync.harness import County

pytest.importorskip("fastapi")

ID_A = make_id_number("522731", datetime.date(1961, 3, 14), 148)  # the household's head
ID_B = make_id_number("522731", datetime.date(1990, 7, 2), 211)  # a member, in a conflict
ID_B2 = make_id_number("522731", datetime.date(1990, 7, 2), 213)
ID_B3 = make_id_number("522731", datetime.date(1990, 7, 2), 215)
ID_FAR = make_id_number("522731", datetime.date(1975, 1, 9), 377)  # not the head's building
PHONE = "13812345678"
ILLNESS = "尿毒症"  # serious_illness, health data
DIALYSIS = "每周透析三次"  # a medical need
PIN = "482913"
OFFICE, HEAD = "王芳", "楼长甲"
# Every full number the world holds, and what looks like one: an ID must not hide in a
# table cell's spacing either, so outputs are compared with their spaces taken out.
FULL_IDS = (ID_A, ID_B, ID_B2, ID_B3, ID_FAR)
ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{6}(?:19|20)\d{2}[01]\d[0-3]\d\d{3}[\dX](?![0-9A-Za-z])")


@dataclasses.dataclass
class World:
    office: Path  # a data directory: community.db
    head: Path
    household_id: str
    household_no: str
    head_person_id: str


def _device(county: County, folder: Path, user: str, role: str) -> SyncEngine:
    """A device enrolled as ``user`` with the role the server gives, its database where the
    command line looks for it (``--data-dir folder``)."""
    desk = Desk(folder / "community.db")
    token = county.storage.issue_token(user, desk.device_id)["token"]
    with desk.transaction():
        desk.adopt_community(county.community_id)
        desk.set_setting("sync_server_url", county.url)
        desk.set_setting("sync_enrolled", "1")
        desk.set_setting("sync_role", role)  # as enrollment stores it
    engine = SyncEngine(desk, token_source=lambda: token, retries=3, backoff=0.02)
    county.engines.append(engine)
    return engine


def _build(county: County, root: Path) -> World:
    office = _device(county, root / "office", county.user, "secretary")
    office.run()  # the community's own row, as the server made it
    d = office.desk
    head_row = d.building_heads.create(name=HEAD, phone="13800000001")["id"]
    d.buildings.create(number="3", units=4, floors=18, building_head_id=head_row)
    hh = add_household(d, building="3", household_no="522731-0001", phone=PHONE)
    a = d.people.create(
        household_id=hh["id"],
        name="张三",
        id_number=ID_A,
        relation="head",
        phone=PHONE,
        serious_illness=ILLNESS,
        disability_grade="2",
    )
    b = d.people.create(household_id=hh["id"], name="张小花", id_number=ID_B, relation="daughter")
    d.needs.create(
        household_id=hh["id"], person_id=a["id"], category="medical", description=DIALYSIS
    )
    d.visits.create(household_id=hh["id"], date="2026-11-20", visitor=OFFICE, notes="入户")
    far = add_household(d, building="9", room="101", household_no="522731-0009", phone=PHONE)
    d.people.create(household_id=far["id"], name="李四", id_number=ID_FAR, relation="head")
    d.staff.add(OFFICE, PIN)
    office.run()
    # Two office devices change the member's ID number offline: the server keeps a conflict,
    # which every device of the community receives, the building head's included.
    other = _device(county, root / "other", county.user, "secretary")
    other.run()
    d.people.update(b["id"], id_number=ID_B2)
    other.desk.people.update(b["id"], id_number=ID_B3)
    office.run()
    other.run()
    office.run()
    county.storage.create_user("head-a", county.password, "building_head", county.community_id)
    county.storage.set_building_head("head-a", head_row)
    head = _device(county, root / "head", "head-a", "building_head")
    head.run()
    head.desk.staff.add(HEAD, PIN, role="building_head")
    return World(root / "office", root / "head", hh["id"], "522731-0001", a["id"])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("privacy")
    county = County(f"sqlite:///{root / 'server.db'}", root)
    try:
        built = _build(county, root)
    finally:
        county.close()  # the devices' files stay; each exit opens them as the app would
    yield built


def audit_rows(data: Path) -> list[dict[str, Any]]:
    conn = connect(data / "community.db")
    try:
        cur = conn.execute("SELECT * FROM audit ORDER BY rowid")
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur]
    finally:
        conn.close()


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def xlsx_text(path: Path) -> str:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return "\n".join(
            " ".join(str(c) for c in row if c is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    finally:
        book.close()


def read_back(path: Path) -> str:
    if path.suffix == ".pdf":
        return pdftotext(path)
    if path.suffix == ".xlsx":
        return xlsx_text(path)
    return path.read_bytes().decode("latin-1")  # a backup: encrypted, no text at all


@dataclasses.dataclass(frozen=True)
class Exit:
    """One command: its arguments (``{hh}`` the household number, ``{out}`` a file), the audit
    rows it writes (kind, count), whether an office's output may carry the full number (a form,
    a roster, a reveal: audited), and the file it writes, if any."""

    argv: tuple[str, ...]
    audit: tuple[str, int] | None = None
    office_full: bool = False
    out: str = ""
    head_refused: bool = False

    @property
    def id(self) -> str:
        return " ".join(self.argv).replace("{hh}", "HH").replace("{out}", self.out or "-")


EXITS = (
    Exit(("show", "{hh}"), ("view", 1)),
    Exit(("show", "{hh}", "--json"), ("view", 1)),
    Exit(("show", ID_A), ("view", 1)),
    Exit(("show", "--reveal", "{hh}"), ("reveal", 1), office_full=True, head_refused=True),
    Exit(
        ("search", "张"),
    ),
    Exit(
        ("search", "张", "--json"),
    ),
    Exit(
        ("search", PHONE),
    ),
    Exit(
        ("search", ID_A, "--json"),
    ),
    Exit(
        ("warnings",),
    ),
    Exit(
        ("warnings", "--json"),
    ),
    Exit(
        ("warnings", "--json", "--all"),
    ),
    Exit(
        ("audit",),
    ),
    Exit(
        ("audit", "--json"),
    ),
    Exit(
        ("audit", "--resident", ID_A, "--json"),
    ),
    Exit(("audit", "--xlsx", "{out}"), ("export", 1), out="trail.xlsx"),
    Exit(("export", "{out}"), ("export_roster", 1), office_full=True, out="roster.xlsx"),
    Exit(("print", "card", "--household", "{hh}", "-o", "{out}"), ("print", 1), True, "card.pdf"),
    Exit(("print", "visit", "--household", "{hh}", "-o", "{out}"), ("print", 1), True, "v.pdf"),
    Exit(
        ("print", "blank_visit", "--household", "{hh}", "-o", "{out}"), ("print", 2), True, "b.pdf"
    ),
    Exit(("print", "card", "--person", ID_A, "-o", "{out}"), ("print", 1), True, "card-a.pdf"),
    Exit(("print", "monthly", "--month", "2026-11", "-o", "{out}"), ("print", 1), True, "m.pdf"),
    Exit(("report", "monthly", "--month", "2026-11", "-o", "{out}", "--json"), out="m.xlsx"),
    Exit(
        ("staff", "list", "--json"),
    ),
    Exit(
        ("backup",),
    ),
)
# Commands that take personal data in and show none of it back, or none at all: walked by
# their own tests (roster import: tests/roster; sync: tests/sync; restore: tests/backup).
NOT_EXITS = {"demo", "enroll", "import", "init", "restore", "sync"}


def test_every_command_is_walked() -> None:
    """A command added later is a new way out: it needs a row in EXITS (or a reason here)."""
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    walked = {e.argv[0] for e in EXITS}
    assert set(sub.choices) - walked - NOT_EXITS == set()


def _run(
    data: Path, who: str, argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    code = cli.main(["--data-dir", str(data), "--as", who, *argv])
    got = capsys.readouterr()
    return code, got.out + got.err


@pytest.mark.parametrize("exit_", EXITS, ids=lambda e: e.id)
@pytest.mark.parametrize("device", ["office", "head"])
def test_each_exit(
    world: World,
    device: str,
    exit_: Exit,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, who = (world.office, OFFICE) if device == "office" else (world.head, HEAD)
    monkeypatch.setenv("RELOCDESK_PIN", PIN)
    monkeypatch.chdir(tmp_path)  # a backup or a file named without a folder lands here
    out = tmp_path / exit_.out if exit_.out else None
    argv = tuple(
        a.replace("{hh}", world.household_no).replace("{out}", str(out)) for a in exit_.argv
    )
    before = len(audit_rows(data))
    with caplog.at_level(logging.DEBUG):
        code, shown = _run(data, who, argv, capsys)
    refused = device == "head" and exit_.head_refused
    assert (code != 0) if refused else (code == 0), shown
    written = [read_back(out)] if out is not None and out.exists() else []
    written += [read_back(p) for p in tmp_path.glob("**/*") if p.is_file() and p != out]
    spaced = "\n".join([shown, *written])
    text = spaced.replace(" ", "")

    # (i) the full number: never on a building head's device, never by default in a list.
    full_allowed = device == "office" and exit_.office_full
    if not full_allowed:
        assert not [i for i in FULL_IDS if i in text], exit_.id
        assert not ID_LIKE.search(spaced), exit_.id
    # (ii) one audit row per look, under the signed-in person, naming the household.
    rows = audit_rows(data)[before:]
    kind, count = exit_.audit if exit_.audit and not refused else ("", 0)
    assert [r["action"] for r in rows] == [kind] * count, exit_.id
    assert all(r["actor"] == who for r in rows)
    if argv[0] in ("show", "print") and "monthly" not in argv:
        assert {r["household_id"] for r in rows} <= {world.household_id}
    # (iii) health data stays off a building head's device, whatever the exit.
    if device == "head":
        assert ILLNESS not in text and DIALYSIS not in text, exit_.id
        # Nor a household of a building not its own.
        assert ID_FAR not in text and mask_id_number(ID_FAR) not in text
        assert "522731-0009" not in text and "李四" not in text, exit_.id
    # (iv) nothing personal in a log.
    logged = caplog.text + "".join(p.read_text("utf-8") for p in data.glob("*.log"))
    assert not [v for v in (*FULL_IDS, PHONE) if v in logged], exit_.id


def test_a_head_sees_the_masked_number_where_the_office_sees_it(
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The masking is not an empty output: the forms and lists show the masked number."""
    monkeypatch.setenv("RELOCDESK_PIN", PIN)
    card = tmp_path / "card.pdf"
    code, shown = _run(
        world.head,
        HEAD,
        ("print", "card", "--household", world.household_no, "-o", str(card)),
        capsys,
    )
    assert code == 0, shown
    assert mask_id_number(ID_A) in pdftotext(card).replace(" ", "")
    code, shown = _run(world.head, HEAD, ("show", world.household_no), capsys)
    assert mask_id_number(ID_A) in shown


# -- the façade's exits, as the screens use them -------------------------------------------


@pytest.fixture
def head_desk(world: World) -> Iterator[Desk]:
    with Desk(world.head / "community.db") as desk:
        desk.staff.sign_in(HEAD, PIN)
        yield desk


@pytest.fixture
def office_desk(world: World) -> Iterator[Desk]:
    with Desk(world.office / "community.db") as desk:
        desk.staff.sign_in(OFFICE, PIN)
        yield desk


def test_the_conflicts_inbox_masks_an_id_number_on_a_heads_device(
    head_desk: Desk, office_desk: Desk
) -> None:
    """A conflict about a member's ID number reaches every device with both values whole;
    the inbox of a building head showed them so."""
    office = [c for c in office_desk.conflicts.open() if c["field"] == "id_number"]
    assert office, "the two offices' edits made a conflict"
    head = [c for c in head_desk.conflicts.open() if c["field"] == "id_number"]
    assert len(head) == len(office)
    text = repr(head)
    assert not [i for i in FULL_IDS if i in text]
    assert {head[0]["lost"], head[0]["won"]} == {mask_id_number(ID_B2), mask_id_number(ID_B3)}


def test_the_household_file_on_each_device(
    head_desk: Desk, office_desk: Desk, world: World
) -> None:
    for desk, who, masked in ((office_desk, OFFICE, False), (head_desk, HEAD, True)):
        before = len(desk.audit_trail(limit=100_000))
        file = desk.household_file(world.household_id)
        desk.opened_household(world.household_id)
        numbers = {m["id_number"] for m in file.members}
        assert (ID_A not in numbers and mask_id_number(ID_A) in numbers) == masked
        if masked:
            assert not any(m.get("serious_illness") for m in file.members)
            assert not any(m.get("disability_grade") for m in file.members)
        trail = desk.audit_trail(limit=100_000)
        assert len(trail) == before + 1 and trail[0].action == "view" and trail[0].actor == who


def test_search_hits_are_masked_for_every_role(head_desk: Desk, office_desk: Desk) -> None:
    for desk in (office_desk, head_desk):
        hits = desk.search("张三") + desk.search(PHONE)
        assert hits
        text = repr(hits)
        assert ID_A not in text and mask_id_number(ID_A) in text


def test_a_reveal_is_the_offices_and_audited(
    head_desk: Desk, office_desk: Desk, world: World
) -> None:
    before = len(office_desk.audit_trail(limit=100_000))
    assert office_desk.reveal_id_number(world.head_person_id) == ID_A
    (row, *_) = office_desk.audit_trail(limit=100_000)
    assert len(office_desk.audit_trail(limit=100_000)) == before + 1
    assert (row.action, row.actor) == ("reveal", OFFICE)
    with pytest.raises(ValidationError):
        head_desk.reveal_id_number(world.head_person_id)


# -- accounts: a building head's account works only on its own device ------------------------


def test_a_building_head_account_is_refused_on_an_office_device(
    office_desk: Desk, world: World
) -> None:
    """The office device holds every building, health data and whole ID numbers: an account
    of the building-head role there saw all of it, unmasked."""
    with pytest.raises(ValidationError) as e:
        office_desk.staff.add("楼长乙", "730052", role="building_head")
    assert e.value.code == "office_device" and "楼栋长" in e.value.message_zh
    assert office_desk.staff.get("楼长乙") is None
    office_desk.staff.add("李强", "730052", role="clerk")  # other roles as before


def test_an_old_building_head_account_cannot_sign_in_on_an_office_device(tmp_path: Path) -> None:
    """An account made before the rule (or a device enrolled again as the office's) is
    refused at sign-in, before anything is shown under it."""
    with Desk(tmp_path / "head-first.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
        desk.set_setting("sync_role", "building_head")
        desk.staff.add(HEAD, PIN, role="building_head")
        desk.staff.sign_in(HEAD, PIN)
        desk.staff.sign_out()
        desk.set_setting("sync_role", "secretary")
        with pytest.raises(ValidationError) as e:
            desk.staff.sign_in(HEAD, PIN)
        assert e.value.code == "office_device" and desk.actor == ""


# -- logs ----------------------------------------------------------------------------------


def test_the_crash_log_keeps_no_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected error's report names the command line (``show ID``, ``print --person
    ID``, ``search PHONE``) and the error's message: both wrote the numbers whole."""
    from relocdesk.cli_support import write_crash_log

    monkeypatch.setattr("sys.argv", ["relocdesk", "print", "card", "--person", ID_A, PHONE])
    args = argparse.Namespace(data_dir=str(tmp_path))
    try:
        raise KeyError(f"{ID_B} 0854-8123456 {PHONE}")
    except KeyError as e:
        where = write_crash_log(args, e)
    assert where is not None
    kept = where.read_text("utf-8")
    assert "KeyError" in kept and "--person" in kept
    assert not [v for v in (ID_A, ID_B, PHONE, "0854-8123456") if v in kept]
    assert mask_id_number(ID_A) in kept


def test_the_apps_log_file_keeps_no_number(tmp_path: Path) -> None:
    from ui.app import setup_logging

    root = logging.getLogger()
    handlers = list(root.handlers)
    path = setup_logging(tmp_path)
    try:
        try:
            raise ValueError(f"身份证号 {ID_A} 电话 {PHONE}")
        except ValueError:
            logging.getLogger("relocdesk").exception("unhandled error: %s", ID_B)
    finally:
        for h in set(root.handlers) - set(handlers):
            h.close()
            root.removeHandler(h)
    kept = path.read_text("utf-8")
    assert "ValueError" in kept and "unhandled error" in kept
    assert not [v for v in (ID_A, ID_B, PHONE) if v in kept]
    assert mask_id_number(ID_A) in kept


@pytest.mark.parametrize(
    "text",
    [
        "device 3fa9c0d2e1b84f7a clock 1733529600000-0001-ab12",  # ids and clocks are no numbers
        "2026-12-07 00:12:21,345 INFO database open",
        "household 522731-0001 room 3-2-501, 18 rows",
    ],
)
def test_the_log_keeps_what_is_not_a_number(text: str) -> None:
    from relocdesk.masking import scrubbed

    assert scrubbed(text) == text
