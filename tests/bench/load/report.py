"""The load run's tables: per phase and request, p50/p95/p99 as the devices saw them and as
the server logged them, errors, and what the server spent per request."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from tests.bench._common import percentile as pct
from tests.bench.load.watch import PhaseLoad


def ms(values: Sequence[float]) -> str:
    if not values:
        return "-"
    return " / ".join(f"{pct(values, p) * 1000:.0f}" for p in (50, 95, 99))


def latency_rows(
    samples: Sequence[tuple[str, str, float, int]], errors: Sequence[tuple[str, str, str]]
) -> list[tuple[str, str, str, str]]:
    by: dict[tuple[str, str], list[float]] = defaultdict(list)
    failed: dict[tuple[str, str], int] = defaultdict(int)
    for phase, what, seconds, status in samples:
        if status == 200:
            by[(phase, what)].append(seconds)
        else:
            failed[(phase, what)] += 1
    for phase, what, _ in errors:
        if not what.startswith(("GET", "POST")):
            failed[(phase, what)] += 1
    rows = [("phase: request", "n", "p50 / p95 / p99 ms", "errors")]
    for key in sorted(set(by) | set(failed)):
        rows.append((f"{key[0]}: {key[1]}", str(len(by[key])), ms(by[key]), str(failed[key])))
    return rows


# uvicorn's access line as relocdesk.server.observe writes it, after logging's asctime
_ACCESS = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) relocdesk\.server\.access"
    r" (\S+) (\S+) (\d+) ([\d.]+)ms"
)


def server_rows(
    log: Path, phases: dict[str, tuple[float, float]]
) -> list[tuple[str, str, str, str]]:
    """The server's own time per route and phase (from request in to response out, without
    the socket and the HTTP parsing), read from its access log."""
    by: dict[tuple[str, str], list[float]] = defaultdict(list)
    failed: dict[tuple[str, str], int] = defaultdict(int)
    for line in log.read_text(errors="replace").splitlines():
        m = _ACCESS.match(line)
        if not m:
            continue
        at = datetime.datetime.strptime(m[1], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        # logged as each answer went out: inside its phase, whose end waits for every answer
        phase = next((p for p, (a, b) in phases.items() if a <= at <= b + 0.05), None)
        if phase is None:
            continue
        key = (phase, f"{m[2]} {m[3]}")
        if m[4] == "200":
            by[key].append(float(m[5]) / 1000)
        else:
            failed[key] += 1
    rows = [("phase: route (server's own time)", "n", "p50 / p95 / p99 ms", "non-200")]
    for key in sorted(set(by) | set(failed)):
        rows.append((f"{key[0]}: {key[1]}", str(len(by[key])), ms(by[key]), str(failed[key])))
    return rows


def cost_rows(
    loads: dict[str, PhaseLoad], requests: dict[str, int], harness: dict[str, float]
) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (
            "phase",
            "s",
            "requests",
            "server CPU ms/req",
            "PostgreSQL CPU ms/req",
            "harness CPU s",
            "machine busy cores",
            "PG conns max",
            "lock waits: max / share / backend-s",
        )
    ]
    for phase, load in loads.items():
        n = max(requests.get(phase, 0), 1)
        events = ", ".join(f"{k} {v}" for k, v in load.events.most_common(3))
        rows.append(
            (
                phase,
                f"{load.seconds:.0f}",
                str(requests.get(phase, 0)),
                f"{load.server_cpu / n * 1000:.1f} ({load.server_cpu:.1f} s)",
                f"{load.postgres_cpu / n * 1000:.1f} ({load.postgres_cpu:.1f} s)",
                f"{harness.get(phase, 0.0):.2f}",
                f"{load.machine_busy:.2f}",
                str(load.connections),
                f"{load.waiting_max} / {load.waiting_share:.1%} / {load.wait_seconds:.2f}"
                + (f" ({events})" if events else ""),
            )
        )
    return rows


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def target_rows(
    samples: Sequence[tuple[str, str, float, int]], errors: Sequence[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """The issue's targets, as the devices measured them (a sync: all its requests)."""

    def p95(what: str) -> str:
        got = [s for _, w, s, status in samples if w == what and status == 200]
        return f"p95 {pct(got, 95) * 1000:.0f} ms (n {len(got)})" if got else "-"

    return [
        ("target", "measured", "wanted"),
        ("errors", str(len(errors)), "0"),
        ("no-op sync (pull + info)", p95("sync: no-op"), "p95 <= 200 ms"),
        ("100-change sync (pull, push, pull, info)", p95("sync: 100 changes"), "p95 <= 200 ms"),
        ("  its push of 100 ops alone", p95("POST /v1/push (100 ops)"), "-"),
        ("first download (snapshot or pages, tail, info)", p95("first download"), "p95 <= 5000 ms"),
    ]
