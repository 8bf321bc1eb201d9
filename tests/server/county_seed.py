"""Seeded communities on a real county server: each a demo community made on its own laptop
(``relocdesk.demo``), brought to the server the documented way (``create-community --id``
with the laptop's id, a secretary, enrollment, a sync) and put under a county."""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

from relocdesk.demo.writer import build
from relocdesk.desk import Desk
from relocdesk.sync.client import SyncEngine
from tests.sync.harness import County

_seq = itertools.count(1)


def seeded_laptop(
    county: County,
    tmp_path: Path,
    households: int,
    seed: int,
    county_code: str,
    today: datetime.date | None = None,
) -> SyncEngine:
    """A laptop holding a demo community, synced to the server, its community under the
    county ``county_code``."""
    desk = Desk(tmp_path / f"laptop{next(_seq)}.db")
    build(desk, households, seed=seed, today=today)
    community = desk.community()
    assert community is not None
    storage = county.storage
    storage.create_community(community["name"], desk.community_id)
    user = f"sec-{desk.community_id[:8]}"
    storage.create_user(user, county.password, "secretary", desk.community_id)
    storage.move_community(desk.community_id, county_code)
    engine = SyncEngine(desk, retries=1, backoff=0.01)
    engine.enroll(county.url, user, county.password)
    county.engines.append(engine)
    engine.run(verify=True)
    assert desk.unsent_count() == 0
    return engine
