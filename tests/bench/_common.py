"""Shared by the benchmark scripts: demo databases cached per size, and a table printer."""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _keyring_of_the_run() -> None:
    """The database key for benchmarks: a machine's own keyring if one is configured, else a
    file keyring in the benchmark folder (named, so it is taken) rather than a passphrase
    dialog or prompt in the middle of a timed run."""
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ.setdefault("XDG_DATA_HOME", str(bench_dir() / "keyring"))
    os.environ.setdefault("RELOCDESK_KEY_FILE", str(bench_dir() / "no-passphrase-file.json"))


def connect(path: Path | str) -> Any:
    """A benchmark's own connection to a database file, with the device's key."""
    from relocdesk.store import cipher, database_key

    conn = cipher.connect(path, database_key.database_key())
    conn.row_factory = cipher.Row
    return conn


def bench_dir() -> Path:
    path = Path(
        os.environ.get("RELOCDESK_BENCH_DIR", Path(tempfile.gettempdir()) / "relocdesk-bench")
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_database(households: int, seed: int = 1) -> Path:
    """A demo community of the given size, built once and reused by later runs."""
    from relocdesk import demo
    from relocdesk.desk import Desk

    path = bench_dir() / f"demo-{households}-{seed}.db"
    if path.exists():
        try:  # a file of another key (an older run, or from before encryption) is made anew
            connect(path).close()
        except Exception:
            path.unlink()
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        for p in tmp.parent.glob(tmp.name + "*"):
            p.unlink()
        started = time.perf_counter()
        with Desk(tmp) as desk:
            demo.build(desk, households, seed=seed)
            desk.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.move(tmp, path)
        print(f"(built {path.name} in {time.perf_counter() - started:.1f} s)")
    return path


_keyring_of_the_run()


def open_window(db: Path, start: bool = True) -> tuple[Any, Any, Any]:
    """(app, task runner, main window) of the real app on a database, offscreen, with the
    database open; started on Households unless `start` is false (window.start() also takes
    the day's backup of the file): what the UI benchmarks drive."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from relocdesk.desk import Desk
    from ui import i18n
    from ui.app import load_font
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner, wait_for

    app = QApplication.instance() or QApplication([])
    QCoreApplication.setOrganizationName("RelocDesk-bench")
    load_font(app)  # type: ignore[arg-type]
    i18n.install("zh_CN")
    tasks = TaskRunner()
    opened: list[Any] = []
    tasks.open(lambda: Desk(db), opened.append)
    window = MainWindow(tasks)
    window.resize(1280, 800)
    wait_for(lambda: bool(opened), 60000)
    window.show()
    if start:
        window.start("households")
    return app, tasks, window


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary_ms(values: Sequence[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"p50 {statistics.median(ms):7.2f} ms   p95 {percentile(ms, 95):7.2f} ms"
        f"   max {max(ms):7.2f} ms"
    )


def table(rows: Sequence[tuple[str, str, str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
