"""Writing a demo community into an empty database: the bulk writer.

Rows are generated a few thousand households at a time and written with
``RowWriter.insert_many`` in one transaction, so a 100,000-household county fits in memory.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from relocdesk import validation
from relocdesk.demo.draws import TABLES
from relocdesk.demo.generator import Generator
from relocdesk.desk import Desk
from relocdesk.store import search


@dataclass(frozen=True)
class DemoSummary:
    community: str
    county: str
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        parts = ", ".join(f"{t} {n:,}" for t, n in self.counts.items())
        return f"{self.county} {self.community}: {parts}"


def build(
    desk: Desk,
    households: int,
    seed: int = 1,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with a demo community; returns the rows written per table."""
    if desk.community_id:
        raise validation.ValidationError(
            "community",
            "exists",
            "此数据库已有社区数据，不能再生成演示社区",
            "this database already holds a community; no demo was made",
        )
    gen = Generator(households, seed, today)
    community = gen.community()
    counts = dict.fromkeys(("community", *TABLES), 0)
    # The community and its rows in one transaction: a demo stopped half-way (Ctrl+C, a full
    # disk) left an empty community behind, which no demo or new community could replace.
    try:
        with desk.transaction():
            desk.create_community(community.pop("name"), **community)
            counts["community"] = 1
            done = 0
            # joins the transaction; its writer stamps rows with the new community's id
            with desk.transaction() as w:
                for batch in gen.batches():
                    for table in TABLES:
                        counts[table] += w.insert_many(table, batch[table])
                    done += len(batch["household"])
                    if progress is not None:
                        progress(done, households)
            search.rebuild(desk.conn)
    except BaseException:
        desk.community_id = ""  # its row went with the rollback
        raise
    return DemoSummary(gen.community_name, gen.county.name, counts)


def ensure_demo(path: str | Path, households: int = 2000) -> Desk:
    """The desk at ``path``, with a demo community made first if it has none yet."""
    desk = Desk(path)
    try:
        if not desk.community_id:
            build(desk, households)
    except BaseException:
        desk.close()
        raise
    return desk
