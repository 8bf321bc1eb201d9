"""The county benchmark (``tests/bench/bench_county.py``) runs: a bounded sample in the suite
(two small communities on SQLite), the full 100 x 1,000 on PostgreSQL when slow tests run.
No time is asserted here; the figures are read from the benchmark's own table."""

from __future__ import annotations

import os

import pytest

from tests.bench.bench_county import run
from tests.sync.harness import MemoryKeyring


def _what(rows: list[tuple[str, str, str]]) -> list[str]:
    return [r[0] for r in rows[1:]]


def test_a_bounded_sample(memory_keyring: MemoryKeyring) -> None:
    rows = run(2, 12, pg=False, repeats=3)
    assert "overview served, p95" in _what(rows)
    assert "fresh after one sync" in _what(rows) and "county workbook" in _what(rows)
    assert all(r[2] != "NOT FRESH" for r in rows)


FULL = os.environ.get("RELOCDESK_BENCH_FULL") == "1"


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.timeout(3600)
@pytest.mark.skipif(not FULL, reason="the full county run: RELOCDESK_BENCH_FULL=1 -m slow")
def test_the_full_county(memory_keyring: MemoryKeyring) -> None:
    from tests.sync.harness import require_pg

    require_pg()
    rows = run(100, 1000, pg=True, repeats=50)
    print(rows)
    what = _what(rows)
    for row in ("overview served, p95", "fresh after one sync", "county workbook"):
        assert row in what
    assert all(r[2] != "NOT FRESH" for r in rows)
