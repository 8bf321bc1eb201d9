"""The load harness (``tests/bench/bench_load.py``) at a tiny scale: two communities of three
devices for a few seconds, against the real server process on PostgreSQL; each community
large enough that its first downloads take the prepared snapshot, as in the full run. No time is
asserted; what is asserted is that the harness works — no request failed, every phase made
its kinds of request, and every change the schedule had the devices make is in the server's
database (counted there with plain SQL, against the count taken from the schedule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.harness import require_pg


@pytest.mark.postgres
def test_a_tiny_county_under_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_pg()
    monkeypatch.setenv("RELOCDESK_BENCH_DIR", str(tmp_path / "bench"))
    from tests.bench.bench_load import Settings, run

    s = Settings(
        communities=2,
        devices=3,
        # At least a pull page of rows (protocol.PULL_LIMIT), so the server prepares each
        # community's snapshot after the first push and the first downloads take it.
        households=400,
        procs=2,
        workers=1,
        interval=1.0,
        paced=3.0,
        storm=1.0,
        downloads=2,
        download_window=0.2,
    )
    out = run(s, tmp_path)
    assert out.errors == [], out.text
    assert out.scheduled_ops > 0
    # Acknowledged to the devices, and applied in the database: both the schedule's count.
    assert out.checks["ops applied"] == (out.scheduled_ops, out.scheduled_ops), out.text
    for what, (expected, found) in out.checks.items():
        assert expected == found, (what, out.text)
    assert out.checks["households with the last notes written"][0] > 0
    made = {(phase, what) for phase, what, _, status in out.samples if status == 200}
    for phase in ("paced", "storm"):
        assert (phase, "GET /v1/pull") in made and (phase, "GET /v1/info") in made
    assert ("paced", "POST /v1/push (1-10 ops)") in made
    assert ("first downloads", "GET /v1/snapshot") in made
    # Two first downloads, each timed whole.
    assert sum(w == "first download" for _, w, _, _ in out.samples) == 2
    assert "server CPU ms/req" in out.text and "lock waits" in out.text
