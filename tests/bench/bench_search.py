"""Search p95 over 200 mixed queries on a 100,000-household community (target ≤ 20 ms).

Run: .venv/bin/python -m tests.bench.bench_search [--households N]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time

from tests.bench._common import demo_database, percentile, summary_ms, table


def mixed_queries(conn: sqlite3.Connection, n: int, seed: int = 7) -> list[tuple[str, str]]:
    from relocdesk.store.search import pinyin_tokens, room_key

    rng = random.Random(seed)
    people = conn.execute(
        "SELECT p.name, p.id_number, p.phone, h.unit, h.room, b.number FROM person p"
        " JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id"
        " WHERE p.deleted = 0 ORDER BY p.rowid LIMIT 5000"
    ).fetchall()
    out: list[tuple[str, str]] = []
    kinds = [
        "1 char",
        "2 chars",
        "full name",
        "pinyin",
        "initials",
        "ID part",
        "phone part",
        "room",
    ]
    while len(out) < n:
        name, id_number, phone, unit, room, building = rng.choice(people)
        kind = kinds[len(out) % len(kinds)]
        tokens = pinyin_tokens(name).split()
        if kind == "1 char":
            q = rng.choice(name)
        elif kind == "2 chars":
            q = name[:2] if rng.random() < 0.5 else name[-2:]
        elif kind == "full name":
            q = name
        elif kind == "pinyin":
            q = tokens[0][: rng.randint(3, len(tokens[0]))] if tokens else name
        elif kind == "initials":
            q = tokens[1] if len(tokens) > 1 else name
        elif kind == "ID part":
            if not id_number:
                continue
            i = rng.randint(0, 12)
            q = id_number[i : i + rng.randint(4, 6)]
        elif kind == "phone part":
            if not phone:
                continue
            q = phone[-rng.randint(4, 8) :]
        else:
            q = room_key(building, unit, room)
        out.append((kind, q))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    args = parser.parse_args()
    from relocdesk.desk import Desk

    path = demo_database(args.households)
    with Desk(path) as desk:
        people = desk.people.count()
        queries = mixed_queries(desk.conn, 200)
        for _, q in queries[:20]:  # warm the page cache as a running app would be
            desk.search(q)
        times: dict[str, list[float]] = {}
        all_times: list[float] = []
        empty = 0
        for kind, q in queries:
            t = time.perf_counter()
            hits = desk.search(q, limit=50)
            dt = time.perf_counter() - t
            empty += not hits
            times.setdefault(kind, []).append(dt)
            all_times.append(dt)
        raw = _raw_fts(desk.conn, [q for _, q in queries])
    rows = [("query kind", "n", "latency")]
    rows += [(k, str(len(v)), summary_ms(v)) for k, v in times.items()]
    rows.append(("ALL", str(len(all_times)), summary_ms(all_times)))
    rows.append(("baseline: bare FTS5 MATCH", str(len(raw)), summary_ms(raw)))
    print(f"search on {args.households:,} households / {people:,} people (limit 50)")
    table(rows)
    print(f"queries with no result: {empty} (every query is taken from a real record)")
    ratio = percentile(all_times, 95) / percentile(raw, 95)
    print(f"search p95 / bare MATCH p95: {ratio:.1f}x   (target: search p95 <= 20 ms)")


def _raw_fts(conn: sqlite3.Connection, queries: list[str]) -> list[float]:
    """In-run baseline: the same MATCH expressions, without ranking or reading the rows."""
    from relocdesk.store.search_query import match_expression

    out: list[float] = []
    for q in queries:
        expr = match_expression(q)
        if expr is None:
            continue
        table_name, match = expr
        t = time.perf_counter()
        conn.execute(
            f"SELECT rowid FROM {table_name} WHERE {table_name} MATCH ? LIMIT 50", (match,)
        ).fetchall()
        out.append(time.perf_counter() - t)
    return out


if __name__ == "__main__":
    main()
