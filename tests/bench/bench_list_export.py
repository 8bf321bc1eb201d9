"""Export (Ctrl+E) of the whole people and households lists on a large community, through the
real pages offscreen: from the call to the workbook on disk, rows a second, file size, and
how long the GUI thread went without turning its event loop meanwhile (the export runs on
the DB worker; a long gap would mean it does not). No target is set: the figures go in the note.

Run: .venv/bin/python -m tests.bench.bench_list_export [--households N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools

from tests.bench._common import demo_database, open_window, table


def export_pages(db: Path, out: Path) -> list[tuple[str, int, float, float, int]]:
    """(list, rows, seconds, longest GUI-thread gap in ms, bytes) per exported list."""
    from PySide6.QtCore import QTimer

    from ui.tasks import wait_for

    app, tasks, window = open_window(db)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(5)
    found = []
    for name in ("people", "households"):
        page = window.show_page(name)
        wait_for(lambda p=page: p.model.is_loaded, 60000)
        target = out / f"{name}.xlsx"
        ticks.clear()
        started = time.perf_counter()
        page.export_to(str(target))
        wait_for(lambda p=page: not p.exporter.busy, 600000)
        took = time.perf_counter() - started
        gaps = [b - a for a, b in itertools.pairwise(ticks)] or [took]
        found.append((name, page.exporter.written, took, max(gaps) * 1000, target.stat().st_size))
    timer.stop()
    tasks.close()
    del app
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    args = parser.parse_args()
    db = demo_database(args.households)
    work = Path(tempfile.mkdtemp(prefix="list-export-"))
    try:
        copy = work / "community.db"
        shutil.copyfile(db, copy)
        rows = [("list", "rows", "seconds / rows a second / longest GUI gap / size")]
        for name, count, took, gap, size in export_pages(copy, work):
            rows.append(
                (
                    name,
                    f"{count:,}",
                    f"{took:6.2f} s  {count / took:9,.0f} /s  {gap:6.0f} ms  {size / 1e6:5.1f} MB",
                )
            )
        table(rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    # Skip interpreter teardown: PySide6 objects collected after QApplication can crash it.
    os._exit(0)
