"""What every part of a demo household reads and writes while it is drawn."""

from __future__ import annotations

import random

from relocdesk import regions
from relocdesk.demo.community import Community
from relocdesk.demo.draws import Batch, Member, Row


class HomeState:
    """The household being drawn: the parts (people, work, the household row, records of
    work) are mixed into ``Home`` and share these, drawing from one generator in turn."""

    gen: Community
    rng: random.Random
    visitor: str
    origin: regions.County
    township: str
    village: str
    minority: bool
    ethnicity: str
    registration: str
    members: list[Member]
    rows: Batch
    household: Row
    monitored: bool
