"""The two-writers sequence trap on PostgreSQL, with real concurrent connections.

A plain sequence hands out numbers at INSERT, but transactions commit in any order: a
reader can see 2 before 1 commits, move its cursor to 2, and never see 1. The server takes
a community's numbers under a row lock held to commit, so numbers commit in order."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest

from relocdesk.server.accounts import Device
from relocdesk.server.storage import Storage
from tests.sync.harness import PG_DSN, PgSchema, require_pg

pytestmark = pytest.mark.postgres


@pytest.fixture
def schema() -> Iterator[PgSchema]:
    require_pg()
    s = PgSchema()
    yield s
    s.drop()


def test_a_plain_sequence_loses_a_change(schema: PgSchema) -> None:
    import psycopg

    opts = f"-csearch_path={schema.name}"
    with psycopg.connect(PG_DSN, options=opts, autocommit=True) as setup:
        setup.execute("CREATE TABLE naive (seq bigserial PRIMARY KEY, v text)")
    a = psycopg.connect(PG_DSN, options=opts)
    b = psycopg.connect(PG_DSN, options=opts)
    reader = psycopg.connect(PG_DSN, options=opts, autocommit=True)
    try:
        a.execute("INSERT INTO naive (v) VALUES ('a')")  # takes 1, not committed
        b.execute("INSERT INTO naive (v) VALUES ('b')")  # takes 2
        b.commit()
        seen = [r[0] for r in reader.execute("SELECT seq FROM naive WHERE seq > 0 ORDER BY seq")]
        cursor = max(seen)
        a.commit()
        later = [r[0] for r in reader.execute("SELECT seq FROM naive WHERE seq > %s", (cursor,))]
        assert seen == [2] and later == []  # change 1 was skipped for good
    finally:
        for c in (a, b, reader):
            c.close()


def _op(row_id: str, n: int) -> list:
    return [
        str(uuid.uuid4()),
        "household",
        row_id,
        f"{1795360847965 + n:016d}-0000-dev",
        {"household_no": f"N{n}"},
        {},
    ]


def test_concurrent_pushes_commit_in_order_and_a_puller_misses_nothing(
    schema: PgSchema,
) -> None:
    # Three Storage objects: three connection pools, as three server processes would have.
    first, second, puller = (Storage(schema.url) for _ in range(3))
    try:
        first.create_all()
        cid = first.create_community("锦绣社区")
        dev = Device("d", "d", "u", cid, "secretary")
        head = puller.pull(dev, 0, 100)["next"]

        has_numbers, release = threading.Event(), threading.Event()

        def hold() -> None:
            has_numbers.set()
            assert release.wait(30)

        first.before_commit = hold
        results: dict[str, dict] = {}
        a_rows = [str(uuid.uuid4()) for _ in range(3)]
        b_rows = [str(uuid.uuid4()) for _ in range(3)]
        ta = threading.Thread(
            target=lambda: results.__setitem__(
                "a", first.push(dev, [_op(r, i) for i, r in enumerate(a_rows)])
            )
        )
        tb = threading.Thread(
            target=lambda: results.__setitem__(
                "b", second.push(dev, [_op(r, 10 + i) for i, r in enumerate(b_rows)])
            )
        )
        ta.start()
        assert has_numbers.wait(30)
        tb.start()
        tb.join(1.0)
        assert tb.is_alive(), "the second push must wait for the first to commit"
        # A puller in between: neither push is visible, and its cursor does not move past them.
        page = puller.pull(dev, head, 100)
        assert page["rows"] == [] and page["next"] == head
        release.set()
        ta.join(30)
        tb.join(30)
        assert results["a"]["seq_after"] < results["b"]["seq_before"] + 1
        got: list[str] = []
        cursor = head
        while True:
            page = puller.pull(dev, cursor, 2)
            got += [r[2] for r in page["rows"]]
            cursor = page["next"]
            if not page["more"]:
                break
        assert sorted(got) == sorted(a_rows + b_rows)
    finally:
        for s in (first, second, puller):
            s.close()
