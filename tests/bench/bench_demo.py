"""Demo build: our write path (rows + outbox ops) against raw sqlite3 executemany.

The rows are generated once; then (a) ``RowWriter.insert_many`` in one ``desk.transaction()``
and (b) plain ``executemany`` of the same row tuples (sync columns filled in beforehand) go
into fresh migrated databases. The search index build is excluded from both and timed on
its own. Target: (a) within 3x of (b). Also prints the shares the demo is meant to match.

Run: .venv/bin/python tests/bench/bench_demo.py [--households N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import pstats
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

# Run as a script, the repository root is not on sys.path; the shared helpers live under it.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench._common import table

TODAY = datetime.date(2026, 5, 1)


def fresh_desk(path: Path, community: dict[str, Any]) -> Any:
    from relocdesk.desk import Desk

    desk = Desk(path)
    fields = dict(community)
    desk.create_community(fields.pop("name"), **fields)
    return desk


def our_path(desk: Any, batches: list[dict[str, list[dict[str, Any]]]]) -> float:
    from relocdesk.demo import TABLES

    started = time.perf_counter()
    with desk.transaction() as w:
        for batch in batches:
            for name in TABLES:
                w.insert_many(name, batch[name])
    return time.perf_counter() - started


def raw_path(desk: Any, batches: list[dict[str, list[dict[str, Any]]]]) -> float:
    from relocdesk.demo import TABLES
    from relocdesk.store.rows import data_columns, defaults

    conn: sqlite3.Connection = desk.conn
    hlc, device, community = desk.clock.tick(), desk.device_id, desk.community_id
    prepared: list[tuple[str, list[tuple[Any, ...]]]] = []
    for batch in batches:
        for name in TABLES:
            cols = data_columns(conn, name)
            fill = defaults(conn, name)
            sql = (
                f"INSERT INTO {name} (id, community_id, created_at, updated_at, updated_by, "
                f"{', '.join(cols)}) VALUES ({', '.join('?' * (len(cols) + 5))})"
            )
            rows = [
                (r["id"], community, hlc, hlc, device, *(r.get(c, fill.get(c)) for c in cols))
                for r in batch[name]
            ]
            prepared.append((sql, rows))
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for sql, rows in prepared:
        conn.executemany(sql, rows)
    conn.execute("COMMIT")
    return time.perf_counter() - started


def demo_statistics(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    def one(sql: str) -> float:
        return float(conn.execute(sql).fetchone()[0] or 0)

    employed = "('local_job','outside_county','public_welfare','self_employed','flexible')"
    households = one("SELECT count(*) FROM household")
    with_work = one(
        f"SELECT count(DISTINCT household_id) FROM person WHERE employment_status IN {employed}"
    )
    able = (
        "SELECT DISTINCT household_id FROM person WHERE labour_capacity != 'none'"
        " AND employment_status != 'in_school'"
        " AND birth_date > date(:today, '-65 years') AND birth_date <= date(:today, '-16 years')"
    ).replace(":today", f"'{TODAY.isoformat()}'")
    able_n = one(f"SELECT count(*) FROM ({able})")
    zero = one(
        f"SELECT count(*) FROM ({able}) a WHERE NOT EXISTS (SELECT 1 FROM person p WHERE"
        f" p.household_id = a.household_id AND p.employment_status IN {employed})"
    )
    t = f"'{TODAY.isoformat()}'"
    school_age = f"birth_date > date({t}, '-16 years') AND birth_date <= date({t}, '-6 years')"
    kids = one(f"SELECT count(*) FROM person WHERE {school_age}")
    out = one(f"SELECT count(*) FROM person WHERE {school_age} AND school_status = 'not_enrolled'")
    people = one("SELECT count(*) FROM person")
    old = f"birth_date <= date({t}, '-60 years')"
    unemployed = one("SELECT count(*) FROM person WHERE employment_status = 'unemployed_willing'")
    referred = one(
        "SELECT count(*) FROM (SELECT p.id, count(r.id) n FROM person p LEFT JOIN referral r"
        " ON r.person_id = p.id WHERE p.employment_status = 'unemployed_willing' GROUP BY p.id)"
        " WHERE n >= 3"
    )
    monitored = one("SELECT count(*) FROM household WHERE monitored = 1")
    dropped = one(
        "SELECT count(*) FROM household WHERE monitored = 1 AND income_wages + income_business"
        " + income_transfers + income_property < 0.7 * income_last_year"
    )

    def pct(a: float, b: float) -> str:
        return f"{100 * a / b:.1f} %" if b else "-"

    rows = [
        ("households with someone employed", f"{with_work:,.0f}", pct(with_work, households)),
        ("zero-employment / with labour capacity", f"{zero:,.0f}", pct(zero, able_n)),
        ("people per household", f"{people:,.0f}", f"{people / households:.2f}"),
        ("school-age children (6-15) not enrolled", f"{out:,.0f}", pct(out, kids)),
        (
            "people without basic medical insurance",
            f"{one('SELECT count(*) FROM person WHERE ins_medical = 0'):,.0f}",
            pct(one("SELECT count(*) FROM person WHERE ins_medical = 0"), people),
        ),
        (
            "over-60s without pension insurance",
            f"{one(f'SELECT count(*) FROM person WHERE {old} AND ins_pension = 0'):,.0f}",
            pct(
                one(f"SELECT count(*) FROM person WHERE {old} AND ins_pension = 0"),
                one(f"SELECT count(*) FROM person WHERE {old}"),
            ),
        ),
        ("unemployed, willing to work", f"{unemployed:,.0f}", pct(unemployed, people)),
        ("  ... with 3+ referrals", f"{referred:,.0f}", pct(referred, unemployed)),
        ("monitored households", f"{monitored:,.0f}", pct(monitored, households)),
        ("  ... income down > 30 %", f"{dropped:,.0f}", pct(dropped, monitored)),
    ]
    for label, sql in (
        ("left-behind children", "left_behind_child = 1"),
        ("elderly living alone", "elderly_alone = 1"),
        ("severe disability", "severe_disability = 1"),
        ("serious illness", "serious_illness IS NOT NULL"),
        ("permit to apply (not transferred)", "permit_status = 'to_apply'"),
        ("work outside the county", "employment_status = 'outside_county'"),
        ("public-welfare posts", "employment_status = 'public_welfare'"),
        ("assistance workshops", "employer LIKE '%帮扶车间%'"),
    ):
        n = one(f"SELECT count(*) FROM person WHERE {sql}")
        rows.append((label, f"{n:,.0f}", pct(n, people)))
    for status in ("transferred", "residence_permit", "pending"):
        n = one(f"SELECT count(*) FROM household WHERE registration_status = '{status}'")
        rows.append((f"registration {status}", f"{n:,.0f}", pct(n, households)))
    for dibao in ("rural", "urban"):
        n = one(f"SELECT count(*) FROM household WHERE dibao = '{dibao}'")
        rows.append((f"dibao {dibao}", f"{n:,.0f}", pct(n, households)))
    overdue = one(
        f"SELECT count(*) FROM need WHERE status IN ('open','in_progress') AND due_date < {t}"
    )
    rows.append(
        ("needs overdue", f"{overdue:,.0f}", pct(overdue, one("SELECT count(*) FROM need")))
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile our path (first run)")
    args = parser.parse_args()
    from relocdesk import demo
    from relocdesk.store import search

    started = time.perf_counter()
    gen = demo.Generator(args.households, seed=1, today=TODAY)
    batches = list(gen.batches())
    generate = time.perf_counter() - started
    rows = sum(len(v) for b in batches for v in b.values())

    t_ours: list[float] = []
    t_raw: list[float] = []
    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):  # alternate, so load from elsewhere hits both alike
            ours = fresh_desk(Path(tmp) / f"ours{i}.db", gen.community())
            if args.profile and i == 0:
                profile.enable()
            t_ours.append(our_path(ours, batches))
            profile.disable()
            if i == 0:
                started = time.perf_counter()
                with ours.transaction():
                    search.rebuild(ours.conn)
                t_search = time.perf_counter() - started
                stats = demo_statistics(ours.conn)
            ours.close()
            raw = fresh_desk(Path(tmp) / f"raw{i}.db", gen.community())
            t_raw.append(raw_path(raw, batches))
            raw.close()
            for p in Path(tmp).iterdir():
                p.unlink()
    a, b = median(t_ours), median(t_raw)

    print(
        f"demo build, {args.households:,} households, {rows:,} rows, median of {args.repeat}"
        " runs (search index excluded from (a) and (b))"
    )
    table(
        [
            ("step", "seconds", "rows/s"),
            ("generate rows (not timed below)", f"{generate:.2f}", f"{rows / generate:,.0f}"),
            ("(a) insert_many + outbox", f"{a:.2f}", f"{rows / a:,.0f}"),
            ("(b) raw executemany", f"{b:.2f}", f"{rows / b:,.0f}"),
            ("ratio (a)/(b)", f"{a / b:.2f}x", "target <= 3x"),
            ("search.rebuild (separate)", f"{t_search:.2f}", ""),
            ("all runs (a)", " ".join(f"{t:.2f}" for t in t_ours), ""),
            ("all runs (b)", " ".join(f"{t:.2f}" for t in t_raw), ""),
        ]
    )
    print()
    print(f"demo statistics ({args.households:,} households, seed 1, {TODAY})")
    table([("what", "count", "share"), *stats])
    if args.profile:
        print()
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
