"""What the server spends while the devices work, sampled a few times a second.

- CPU of the server's processes (the uvicorn parent and its workers) and of the PostgreSQL
  backends serving them (``pg_stat_activity`` rows with the run's ``application_name``),
  from ``/proc/<pid>/stat``; a backend that ends keeps the CPU last read of it;
- the machine's busy cores (``/proc/stat``): the machine is shared, and a figure read
  beside what else ran is worth more than one read alone;
- the server's connections to PostgreSQL and those waiting on a lock (``wait_event_type =
  'Lock'``, by wait event: ``transactionid`` is a push waiting for another push of its
  community to commit).
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(text[text.rindex(")") + 2 :].split()[1])
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(c for c, parent in parents.items() if parent == p)
    return found


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    parts = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    total = sum(parts[:8])
    return (total - parts[3] - parts[4]) / TICK, total / TICK


@dataclass
class Mark:
    at: float
    server: float
    postgres: float
    busy: float
    total: float


@dataclass
class PhaseLoad:
    """What one phase cost, between two marks, and what the samples inside it saw."""

    seconds: float
    server_cpu: float
    postgres_cpu: float
    machine_busy: float  # cores busy on average, everything on the machine
    connections: int = 0  # the server's connections to PostgreSQL, at most
    waiting_max: int = 0  # backends waiting on a lock at once, at most
    waiting_share: float = 0.0  # share of samples with any backend waiting on a lock
    wait_seconds: float = 0.0  # backend-seconds spent waiting on locks (samples x interval)
    events: Counter[str] = field(default_factory=Counter)


class Watch(threading.Thread):
    def __init__(self, dsn: str, application: str, server_pid: int, every: float = 0.1) -> None:
        super().__init__(daemon=True, name="load-watch")
        self.dsn, self.application, self.server_pid, self.every = (
            dsn,
            application,
            server_pid,
            every,
        )
        self.server_pids: list[int] = []
        self.cpu: dict[tuple[str, int], float] = {}  # (kind, pid) -> CPU seconds last read
        self.samples: list[tuple[float, int, list[str]]] = []  # at, connections, lock waits
        self.marks: dict[str, Mark] = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True, application_name="load-watch") as conn:
            n = 0
            while not self.stop.is_set():
                if n % 20 == 0:
                    self.server_pids = descendants(self.server_pid)
                self._sample(conn)
                n += 1
                self.stop.wait(self.every)

    def _sample(self, conn: Any) -> None:
        rows = conn.execute(
            "SELECT pid, wait_event_type, wait_event FROM pg_stat_activity"
            " WHERE application_name = %s",
            (self.application,),
        ).fetchall()
        waits = [str(event) for _pid, kind, event in rows if kind == "Lock"]
        with self.lock:
            self.samples.append((time.time(), len(rows), waits))
            for pid, _kind, _event in rows:
                self._read("postgres", pid)
            for pid in self.server_pids:
                self._read("server", pid)

    def _read(self, kind: str, pid: int) -> None:
        got = cpu_seconds(pid)
        if got is not None:
            self.cpu[(kind, pid)] = got

    def mark(self, name: str) -> None:
        with self.lock:
            for pid in self.server_pids:
                self._read("server", pid)
            for kind, pid in list(self.cpu):
                self._read(kind, pid)
            server = sum(v for (k, _), v in self.cpu.items() if k == "server")
            pg = sum(v for (k, _), v in self.cpu.items() if k == "postgres")
            busy, total = machine_busy()
            self.marks[name] = Mark(time.time(), server, pg, busy, total)

    def between(self, start: str, end: str) -> PhaseLoad:
        a, b = self.marks[start], self.marks[end]
        load = PhaseLoad(
            b.at - a.at,
            b.server - a.server,
            b.postgres - a.postgres,
            (b.busy - a.busy) / max(b.at - a.at, 1e-9),
        )
        inside = [s for s in self.samples if a.at <= s[0] <= b.at]
        if inside:
            load.connections = max(s[1] for s in inside)
            load.waiting_max = max(len(s[2]) for s in inside)
            load.waiting_share = sum(1 for s in inside if s[2]) / len(inside)
            step = load.seconds / len(inside)  # the samples' real spacing
            load.wait_seconds = sum(len(s[2]) for s in inside) * step
            for s in inside:
                load.events.update(s[2])
        return load
