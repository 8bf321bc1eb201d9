"""PDF forms: 1,000 residence-permit applications into one file (target ≥ 500 pages/s) and
one household card, click to preview (target ≤ 300 ms).

"Click to preview" is what the print page does for one household: the façade prints the
card (load, lay out, write the PDF, write the audit row) and pdfium draws the first page at
preview width. The baselines, measured in the same run, are plain reportlab drawing a page
of the same amount of ruled text, and pdfium drawing a page: figures on a shared machine
are noisy, the ratios less so.

Run: .venv/bin/python -m tests.bench.bench_forms [--households 1000] [--forms 1000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench._common import demo_database, summary_ms, table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--forms", type=int, default=1000)
    args = parser.parse_args()
    from relocdesk.forms import fonts, layout, load, permit
    from relocdesk.store import open_database

    try:
        import _rl_accel  # noqa: F401

        accel = "yes"
    except ImportError:
        accel = "no"
    db = demo_database(args.households)
    conn = open_database(db)
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

    base = []
    for _ in range(3):
        t = time.perf_counter()
        baseline_pages(out_dir / "baseline.pdf", len(items))
        base.append(len(items) / (time.perf_counter() - t))

    biggest = conn.execute(
        "SELECT h.household_no FROM household h JOIN person p ON p.household_id = h.id"
        " WHERE h.deleted = 0 GROUP BY h.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    members = conn.execute(
        "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE h.household_no = ? AND p.deleted = 0",
        (biggest,),
    ).fetchone()[0]
    clicks, render_only = preview_clicks(db, biggest, out_dir)
    cold = cold_click(db, biggest, out_dir, warm=False)
    first = cold_click(db, biggest, out_dir, warm=True)
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
                "  baseline: bare reportlab, same ruling and text, one file",
                f"{statistics.median(base):.0f} pages/s; ours / baseline "
                f"{statistics.median(rates) / statistics.median(base):.2f}",
                "",
            ),
            (
                f"one household card ({members} members), first click after opening the page",
                f"{first * 1000:.0f} ms",
                "≤ 300 ms",
            ),
            (
                "  the same with nothing loaded yet (no warm-up: fonts, reportlab on the click)",
                f"{cold * 1000:.0f} ms",
                "",
            ),
            (
                "one household card, click to preview (print + audit + first page drawn)",
                summary_ms(clicks),
                "≤ 300 ms",
            ),
            (
                "  baseline: pdfium drawing that first page alone",
                f"{summary_ms(render_only)}; click / baseline "
                f"{statistics.median(clicks) / statistics.median(render_only):.1f}",
                "",
            ),
        ]
    )
    shutil.rmtree(out_dir, ignore_errors=True)


def baseline_pages(path: Path, pages: int) -> None:
    """Plain reportlab: a ruled grid of 9 rows and ~30 strings a page, no form XObject."""
    from reportlab.pdfgen.canvas import Canvas

    from relocdesk.forms import fonts

    c = Canvas(str(path), initialFontName=fonts.PRIMARY, pageCompression=1)
    for n in range(pages):
        c.setFont(fonts.PRIMARY, 10.5)
        for row in range(9):
            y = 720 - row * 32
            c.line(50, y, 545, y)
            for col in range(4):
                c.drawString(60 + col * 120, y - 20, f"姓名居住地址{n}")
        c.showPage()
    c.save()


WIDTH = 900  # pixels: the preview pane of a 1280-pixel window


def click(desk: Any, household_no: str, pdf: Path) -> None:
    """What the print page runs for one card: print through the façade, then preview."""
    from ui.views.print_page import render_pages

    desk.forms.print("household_card", household_no=household_no, out=pdf, actor="bench")
    render_pages(pdf, WIDTH)


def preview_clicks(db: Path, household_no: str, out_dir: Path) -> tuple[list[float], list[float]]:
    """Time the click on a copy of the database (the audit rows are written)."""
    from relocdesk.desk import Desk
    from ui.views.print_page import render_pages

    copy = out_dir / "click.db"
    shutil.copyfile(db, copy)
    times, renders = [], []
    with Desk(copy) as desk:
        click(desk, household_no, out_dir / "warm.pdf")
        for n in range(20):
            pdf = out_dir / f"card-{n}.pdf"
            t = time.perf_counter()
            click(desk, household_no, pdf)
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            render_pages(pdf, WIDTH, limit=1)
            renders.append(time.perf_counter() - t)
    return times, renders


COLD = """
import shutil, sys, time
from pathlib import Path
db, no, out, warm = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4] == "1"
shutil.copyfile(db, out / "cold.db")
from relocdesk.desk import Desk
from ui.views import print_page  # the page is on screen before the click
desk = Desk(out / "cold.db")
if warm:
    print_page.warm_up()  # what opening the page starts in the background
t = time.perf_counter()
from tests.bench.bench_forms import click
click(desk, no, out / "cold.pdf")
print(time.perf_counter() - t)
"""


def cold_click(db: Path, household_no: str, out_dir: Path, warm: bool) -> float:
    """The first click in a fresh process: without the page's warm-up, reportlab and the
    fonts load on it."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", COLD, str(db), household_no, str(out_dir), str(int(warm))],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.split()[-1])


if __name__ == "__main__":
    main()
