"""The county server's store: one object for the HTTP face and the admin command.

Each job lives in its own module — ``database`` (engine, tables, transactions),
``accounts`` (communities, users, device tokens), ``counties`` (counties, their
accounts and what they see), ``users`` (the administrator's work on
users), ``push`` (ops merged in, numbered under the community's lock), ``pull`` (rows handed
out with count and digest), ``reconcile`` (a device's rows offered back after a restore) and
``repair`` (a bad row put right), ``releases`` (the newest app version and its download),
``unsent`` (what each device last told of its outbox), ``snapshot`` (a community's
prepared first download) — and
``Storage`` is all of them over one database.
"""

from __future__ import annotations

from relocdesk.server.counties import Counties
from relocdesk.server.pull import Pulls
from relocdesk.server.reconcile import Reconciles
from relocdesk.server.releases import Releases
from relocdesk.server.repair import Repairs
from relocdesk.server.snapshot import Snapshots
from relocdesk.server.unsent import UnsentCounts
from relocdesk.server.users import Users


class Storage(Counties, Users, Reconciles, Pulls, Repairs, Releases, UnsentCounts, Snapshots):
    """``Storage(url)`` for ``sqlite:///…`` or ``postgresql://…``; ``create_all()`` makes
    the tables."""
