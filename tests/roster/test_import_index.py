"""After an import the search index is what a fresh rebuild makes of the database, both
when the import rebuilds it (a first roster) and when it refreshes the rows it touched;
what each hit shows (household, title, detail) included, whether the import worked it out
from its plan (new households and their people) or read it back from the rows (a new person
of a household already there)."""

from __future__ import annotations

from pathlib import Path

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping

from ._roster import HEADERS, as_rows, roster, write_csv
from ._roster import person as roster_person


def _index(desk: Desk) -> set[tuple[object, ...]]:
    return {
        tuple(r)
        for r in desk.conn.execute(
            "SELECT d.kind, d.ref_id, n.chars, n.pinyin, g.digits, d.household_id, d.title,"
            " d.detail FROM search_doc d"
            " LEFT JOIN search_name n ON n.rowid = d.rowid"
            " LEFT JOIN search_digits g ON g.rowid = d.rowid"
        )
    }


def _import(desk: Desk, path: Path) -> None:
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.ok, plan.to_json(3)
    assert apply_import(desk, plan).applied


def test_first_roster_then_a_few_more_people(desk: Desk, tmp_path: Path) -> None:
    people = roster(40)
    _import(desk, write_csv(tmp_path / "a.csv", HEADERS, as_rows(people)))
    first = _index(desk)
    desk.rebuild_search()
    assert first == _index(desk)
    # what the index holds for one person, spelled out
    p = people[0]
    person = desk.people.by_id_number(p["身份证号码"])
    assert person is not None
    name = p["姓名"]
    row = next(r for r in first if r[1] == person["id"])
    assert row[2] == " ".join(name)
    assert row[3].split()[2:] == [s for s in row[3].split()[2:] if s.isalpha()]
    assert row[3].split()[1] == "".join(s[0] for s in row[3].split()[2:])
    assert row[4] == f"{p['身份证号码']} {p['联系电话']}"

    more = roster(3, start=500)
    _import(desk, write_csv(tmp_path / "b.csv", HEADERS, as_rows(more)))
    refreshed = _index(desk)
    assert len(refreshed) == len(first) + len(more) + 3
    desk.rebuild_search()
    assert refreshed == _index(desk)

    # A new member of a household already there: what the hit shows is read back.
    joined = [roster_person(9001, relation="女儿", household=1)]
    _import(desk, write_csv(tmp_path / "c.csv", HEADERS, as_rows(joined)))
    again = _index(desk)
    new_row = next(r for r in again if r[2] == " ".join(joined[0]["姓名"]))
    assert new_row[5] is not None and new_row[6] == joined[0]["姓名"]
    assert new_row[7].endswith(joined[0]["身份证号码"][-4:])  # masked, the last four kept
    desk.rebuild_search()
    assert again == _index(desk)
