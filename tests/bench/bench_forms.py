"""PDF forms: 1,000 residence-permit applications into one file (target ≥ 500 pages/s) and
one household card (target ≤ 300 ms).

Run: .venv/bin/python -m tests.bench.bench_forms [--households 1000] [--forms 1000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tests.bench._common import demo_database, summary_ms, table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--forms", type=int, default=1000)
    args = parser.parse_args()
    from relocdesk.forms import fonts, layout, load, permit, printing
    from relocdesk.store import open_database

    try:
        import _rl_accel  # noqa: F401

        accel = "yes"
    except ImportError:
        accel = "no"
    conn = open_database(demo_database(args.households))
    out_dir = Path(tempfile.mkdtemp(prefix="relocdesk-forms-"))
    t = time.perf_counter()
    fonts.chain()
    register_s = time.perf_counter() - t

    ids = [
        r[0] for r in conn.execute("SELECT id FROM person WHERE deleted = 0 LIMIT ?", (args.forms,))
    ]
    place = load.community(conn)
    furniture = layout.Furniture(place.name, "2026-01-01")
    t = time.perf_counter()
    items = load.permit_applications(conn, ids, place)
    load_s = time.perf_counter() - t
    rates = []
    for _ in range(3):
        t = time.perf_counter()
        pages = permit.render(items, out_dir / "permits.pdf", furniture=furniture)
        rates.append(pages / (time.perf_counter() - t))
    size_mb = (out_dir / "permits.pdf").stat().st_size / 1e6

    biggest = conn.execute(
        "SELECT h.household_no FROM household h JOIN person p ON p.household_id = h.id"
        " WHERE h.deleted = 0 GROUP BY h.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    card_times = []
    card_pages = 0
    for _ in range(20):
        t = time.perf_counter()
        result = printing.print_forms(
            conn, "household_card", household_no=biggest, out=out_dir / "card.pdf"
        )
        card_times.append(time.perf_counter() - t)
        card_pages = result.pages
    members = conn.execute(
        "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE h.household_no = ? AND p.deleted = 0",
        (biggest,),
    ).fetchone()[0]
    table(
        [
            ("what", "result", "target"),
            ("rl_accel C extension", accel, ""),
            ("font registration, primary (once per process)", f"{register_s * 1000:.0f} ms", ""),
            (f"load {len(items)} applications", f"{load_s * 1000:.0f} ms", ""),
            (
                f"{len(items)} residence-permit applications, one file",
                f"{statistics.median(rates):.0f} pages/s (best {max(rates):.0f}), {size_mb:.1f} MB",
                "≥ 500 pages/s",
            ),
            (
                f"one household card ({members} members, {card_pages} pages), load + render",
                summary_ms(card_times),
                "≤ 300 ms",
            ),
        ]
    )


if __name__ == "__main__":
    main()
