"""The demo community: realistic, consistent and the same for the same seed and date."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relocdesk import demo, validation
from relocdesk.desk import Desk
from relocdesk.enums import EMPLOYED, RELATION
from tests.conftest import connect

TODAY = datetime.date(2026, 5, 1)


def _age(birth: str, on: datetime.date = TODAY) -> float:
    return (on - datetime.date.fromisoformat(birth)).days / 365.25


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Desk, demo.DemoSummary]]:
    path = tmp_path_factory.mktemp("demo") / "community.db"
    desk = Desk(path)
    summary = demo.build(desk, 300, seed=5, today=TODAY)
    yield desk, summary
    desk.close()


@pytest.fixture(scope="module")
def people(built: tuple[Desk, demo.DemoSummary]) -> list[dict[str, Any]]:
    desk, _ = built
    return [dict(r) for r in desk.conn.execute("SELECT * FROM person")]


def _content(desk: Desk) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in desk.conn.execute(
            "SELECT p.name, p.id_number, p.relation, p.employment_status, b.number, h.unit,"
            " h.room, h.household_no FROM person p JOIN household h ON h.id = p.household_id"
            " JOIN building b ON b.id = h.building_id ORDER BY p.id_number"
        )
    ]


def test_same_seed_same_community(tmp_path: Path) -> None:
    runs = []
    for i in range(2):
        with Desk(tmp_path / f"d{i}.db") as desk:
            demo.build(desk, 120, seed=11, today=TODAY)
            runs.append((_content(desk), desk.community()["name"]))  # type: ignore[index]
    assert runs[0] == runs[1]
    with Desk(tmp_path / "other.db") as desk:
        demo.build(desk, 120, seed=12, today=TODAY)
        assert _content(desk) != runs[0][0]


def test_summary_counts_match_tables(built: tuple[Desk, demo.DemoSummary]) -> None:
    desk, summary = built
    for table, n in summary.counts.items():
        assert desk.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n, table
    assert summary.counts["household"] == 300
    # every row went through the write path: one outbox op each
    assert desk.unsent_count() == sum(summary.counts.values())
    assert summary.community.endswith("社区")


def test_id_numbers_valid_unique_and_match(people: list[dict[str, Any]]) -> None:
    numbers = [p["id_number"] for p in people]
    assert all(numbers) and len(set(numbers)) == len(numbers)
    for p in people:
        info = validation.id_info(p["id_number"])
        assert info.gender == p["gender"]
        assert info.birth_date.isoformat() == p["birth_date"]
        assert datetime.date.fromisoformat(p["birth_date"]) <= TODAY


def test_household_shape_and_relations(
    built: tuple[Desk, demo.DemoSummary], people: list[dict[str, Any]]
) -> None:
    desk, _ = built
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in people:
        members[p["household_id"]].append(p)
    heads = {r[0]: r[1] for r in desk.conn.execute("SELECT id, head_person_id FROM household")}
    assert set(members) == set(heads)
    for hid, group in members.items():
        assert 1 <= len(group) <= 8
        head = [p for p in group if p["relation"] == "head"]
        assert len(head) == 1 and head[0]["id"] == heads[hid]
        head_age = _age(head[0]["birth_date"])
        assert head_age >= 18
        assert all(p["relation"] in RELATION for p in group)
        spouse = [p for p in group if p["relation"] == "spouse"]
        assert len(spouse) <= 1
        for p in group:
            age = _age(p["birth_date"])
            if p["relation"] in ("son", "daughter"):
                for parent in head + spouse:
                    assert 18 <= _age(parent["birth_date"]) - age <= 40
            elif p["relation"] in ("father", "mother"):
                assert 18 <= age - head_age <= 40
            elif p["relation"] in ("grandson", "granddaughter"):
                assert 36 <= head_age - age <= 85
            elif p["relation"] == "spouse":
                assert age >= 18 and abs(age - head_age) <= 8
        parents = [_age(p["birth_date"]) for p in group if p["relation"] in ("father", "mother")]
        assert len(parents) < 2 or abs(parents[0] - parents[1]) <= 8  # a couple


def test_rooms_and_buildings(built: tuple[Desk, demo.DemoSummary]) -> None:
    desk, _ = built
    rows = desk.conn.execute(
        "SELECT b.number, b.units, b.floors, h.unit, h.room FROM household h"
        " JOIN building b ON b.id = h.building_id"
    ).fetchall()
    assert len({(r[0], r[3], r[4]) for r in rows}) == len(rows)  # one household per flat
    for _number, units, floors, unit, room in rows:
        assert 1 <= unit <= units and 1 <= int(room[:-2]) <= floors and int(room[-2:]) >= 1
    uncovered = desk.conn.execute(
        "SELECT count(*) FROM building WHERE building_head_id IS NULL"
    ).fetchone()[0]
    assert uncovered == 0
    for head in desk.conn.execute("SELECT * FROM building_head"):
        assert head["phone"] and head["name"]
        covered = desk.conn.execute(
            "SELECT count(*) FROM building WHERE building_head_id = ?", (head["id"],)
        ).fetchone()[0]
        assert 1 <= covered <= 3


def test_employment_mix(built: tuple[Desk, demo.DemoSummary], people: list[dict[str, Any]]) -> None:
    desk, _ = built
    by_home: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in people:
        by_home[p["household_id"]].append(p)
    employed = sum(any(p["employment_status"] in EMPLOYED for p in g) for g in by_home.values())
    share = employed / len(by_home)
    assert 0.85 <= share <= 0.98, share
    statuses = Counter(p["employment_status"] for p in people)
    for status in ("local_job", "outside_county", "public_welfare", "unemployed_willing"):
        assert statuses[status] > 0, status
    workshop = desk.conn.execute(
        "SELECT count(*) FROM person WHERE employer LIKE '%帮扶车间%'"
    ).fetchone()[0]
    assert workshop > 0


def test_school_age_children(people: list[dict[str, Any]]) -> None:
    school_age = [p for p in people if 6 <= _age(p["birth_date"]) < 16]
    assert len(school_age) > 30
    enrolled = [p for p in school_age if p["school_status"] == "enrolled"]
    assert len(enrolled) / len(school_age) > 0.9
    assert all(p["school"] and p["grade"] for p in enrolled)


def test_referrals_only_for_people(built: tuple[Desk, demo.DemoSummary]) -> None:
    desk, summary = built
    assert summary.counts["referral"] > 0
    orphans = desk.conn.execute(
        "SELECT count(*) FROM referral r LEFT JOIN person p ON p.id = r.person_id"
        " WHERE p.id IS NULL"
    ).fetchone()[0]
    assert orphans == 0
    # outcomes other than pending have their event; pending ones have none
    for r in desk.conn.execute("SELECT * FROM referral"):
        events = desk.referrals.events(r["id"])
        if r["outcome"] == "pending":
            assert events == []
        else:
            assert events[-1]["outcome"] == r["outcome"]
    kinds = {r[0] for r in desk.conn.execute("SELECT DISTINCT outcome FROM referral")}
    assert {"pending", "not_hired", "declined", "hired"} <= kinds


def test_needs_visits_and_history(built: tuple[Desk, demo.DemoSummary]) -> None:
    desk, _ = built
    today = TODAY.isoformat()
    assert desk.conn.execute("SELECT max(date) FROM visit").fetchone()[0] <= today
    cats = {r[0] for r in desk.conn.execute("SELECT DISTINCT category FROM need")}
    assert len(cats) == 6
    statuses = {r[0] for r in desk.conn.execute("SELECT DISTINCT status FROM need")}
    assert statuses == {"open", "in_progress", "resolved", "confirmed"}
    overdue = desk.conn.execute(
        "SELECT count(*) FROM need WHERE status IN ('open', 'in_progress') AND due_date < ?",
        (today,),
    ).fetchone()[0]
    assert overdue > 0
    for need in desk.conn.execute("SELECT * FROM need WHERE status != 'open'"):
        history = desk.needs.history(need["id"])
        assert history[-1]["status"] == need["status"]
        assert all(e["date"] >= need["raised_date"] for e in history)
    monitored = desk.conn.execute(
        "SELECT avg(n) FROM (SELECT count(v.id) n FROM household h JOIN visit v"
        " ON v.household_id = h.id WHERE h.monitored = 1 GROUP BY h.id)"
    ).fetchone()[0]
    others = desk.conn.execute(
        "SELECT avg(n) FROM (SELECT count(v.id) n FROM household h JOIN visit v"
        " ON v.household_id = h.id WHERE h.monitored = 0 GROUP BY h.id)"
    ).fetchone()[0]
    assert monitored > others >= 2


def test_search_finds_people_after_build(
    built: tuple[Desk, demo.DemoSummary], people: list[dict[str, Any]]
) -> None:
    desk, _ = built
    person = people[len(people) // 2]
    hits = desk.search(person["name"], limit=200)
    assert person["id"] in {h.id for h in hits}


def test_ensure_demo_builds_once(tmp_path: Path) -> None:
    path = tmp_path / "first.db"
    with demo.ensure_demo(path, households=100) as desk:
        first = desk.community_id
        assert desk.households.count() == 100
    with demo.ensure_demo(path, households=100) as desk:
        assert desk.community_id == first and desk.households.count() == 100


def test_build_refuses_a_database_with_a_community(tmp_path: Path) -> None:
    with Desk(tmp_path / "c.db") as desk:
        desk.create_community("锦绣社区")
        with pytest.raises(validation.ValidationError):
            demo.build(desk, 100)


def test_an_interrupted_demo_leaves_no_community(tmp_path: Path) -> None:
    """Ctrl+C, a full disk or a closed window while the demo is written leaves the database
    without a community, as it was: the demo (or a new community) can be made again, from
    the first-start dialog on the same desk or by a later start."""
    path = tmp_path / "community.db"

    def interrupted(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with Desk(path) as desk:
        with pytest.raises(KeyboardInterrupt):
            desk.make_demo(100, interrupted)
        assert desk.community_id == "" and desk.community() is None
    with Desk(path) as desk:
        assert desk.community_id == "" and desk.households.count() == 0
        with pytest.raises(KeyboardInterrupt):
            desk.make_demo(100, interrupted)
        assert desk.make_demo(100)  # the dialog's second try, on the same desk
        assert desk.households.count() == 100
        assert desk.conn.execute("SELECT count(*) FROM community").fetchone()[0] == 1


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data_dir), "demo", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


def test_cli_demo_refuses_then_replaces(tmp_path: Path) -> None:
    out = _cli(tmp_path, "--households", "100", "--seed", "3", "--date", "2026-05-01")
    assert out.returncode == 0, out.stderr
    assert "household" in out.stdout
    db = tmp_path / "community.db"
    con = connect(db)
    first = con.execute("SELECT count(*) FROM household").fetchone()[0]
    con.close()
    assert first == 100

    again = _cli(tmp_path, "--households", "100")
    assert again.returncode == 2
    assert "--replace" in again.stderr and "Traceback" not in again.stderr

    replaced = _cli(tmp_path, "--households", "150", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    aside = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert len(aside) == 1
    con = connect(db)
    assert con.execute("SELECT count(*) FROM household").fetchone()[0] == 150
    con.close()


def test_every_row_passes_the_field_rules(tmp_path: Path) -> None:
    """The bulk path skips validation, so the demo itself must only make valid rows."""
    from relocdesk import fields

    gen = demo.Generator(150, seed=9, today=TODAY)
    for batch in gen.batches():
        for table, rows in batch.items():
            for row in rows:
                fields.clean(table, row)


def test_unemployed_people_have_zero_to_five_referrals(
    built: tuple[Desk, demo.DemoSummary],
) -> None:
    desk, _ = built
    counts = Counter(
        r[0]
        for r in desk.conn.execute(
            "SELECT count(r.id) FROM person p LEFT JOIN referral r ON r.person_id = p.id"
            " WHERE p.employment_status = 'unemployed_willing' GROUP BY p.id"
        )
    )
    assert set(counts) <= set(range(6)) and {0, 3, 5} <= set(counts), counts
    # The policy is three or more: most have had them, some are still short of it.
    at_least_three = sum(n for k, n in counts.items() if k >= 3)
    assert 0.5 <= at_least_three / sum(counts.values()) < 1


def test_gaps_the_warnings_should_find_are_a_minority(
    built: tuple[Desk, demo.DemoSummary], people: list[dict[str, Any]]
) -> None:
    desk, _ = built
    no_medical = sum(not p["ins_medical"] for p in people) / len(people)
    assert 0.01 <= no_medical <= 0.15, no_medical
    zero_employment = desk.conn.execute(
        "SELECT count(*) FROM household h WHERE EXISTS (SELECT 1 FROM person p"
        "  WHERE p.household_id = h.id AND p.employment_status = 'unemployed_willing')"
        " AND NOT EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id"
        f"  AND p.employment_status IN ({','.join(repr(s) for s in sorted(EMPLOYED))}))"
    ).fetchone()[0]
    assert 0 < zero_employment / 300 <= 0.15, zero_employment


def test_people_carry_the_region_codes_of_real_origin_counties(
    built: tuple[Desk, demo.DemoSummary], people: list[dict[str, Any]]
) -> None:
    from relocdesk import regions

    desk, _ = built
    codes = {c.code for c in regions.COUNTIES}
    assert {p["id_number"][:6] for p in people} <= codes
    origin = dict(desk.conn.execute("SELECT id, origin_region_code FROM household").fetchall())
    same = sum(p["id_number"][:6] == origin[p["household_id"]] for p in people) / len(people)
    assert same >= 0.8, same  # spouses married in from elsewhere keep their own code


def test_names_use_common_surnames(people: list[dict[str, Any]]) -> None:
    surnames = Counter(p["name"][0] for p in people)
    common = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗龙潘韦石蒙岑")
    assert sum(n for s, n in surnames.items() if s in common) / len(people) >= 0.6
    assert all(2 <= len(p["name"]) <= 4 for p in people)


# The rows of Generator(120, seed=4, today=TODAY) as the one-module demo drew them, before
# it was split into a package: a seed gives the same community on every machine and after
# every refactoring. A deliberate change to what the demo draws updates this digest (the
# trainings gained their provider and result, set by position, not drawn; monitored
# households their monitoring and risk type, worked out from their rows, and every household
# its "3+1" check, groups in difficulty and a few sudden hardships, drawn from a generator of
# the household's own: without those keys the rows still give d483c402…; households not
# monitored their last year's total, from a generator of their own too: with it set back to
# none the rows give b18890dc…).
SEED_4_DIGEST = "73f6b20a9066eb39066651a17cd55d06324532c961c4ba333e98dde2f9a14aec"


def test_a_seed_draws_the_same_rows_as_before() -> None:
    import hashlib
    import json

    gen = demo.Generator(120, seed=4, today=TODAY)
    digest = hashlib.sha256(
        json.dumps(gen.community(), ensure_ascii=False, sort_keys=True).encode()
    )
    rows = 0
    for batch in gen.batches(chunk=50):
        for table in demo.TABLES:
            for row in batch[table]:
                line = f"{table} {json.dumps(row, ensure_ascii=False, sort_keys=True)}\n"
                digest.update(line.encode())
                rows += 1
    assert rows > 120
    assert digest.hexdigest() == SEED_4_DIGEST
