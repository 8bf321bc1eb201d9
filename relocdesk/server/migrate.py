"""``relocdesk-server migrate``: bring a server database's schema to this version's, with
Alembic (``relocdesk/server/migrations``).

Each revision creates only what is missing, so a database made by ``create_all`` of an
earlier server (which had no migrations) upgrades the same way as one Alembic made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from relocdesk.server.database import engine_for

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPTS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def current(url: str) -> str | None:
    """The revision the database is at (None: never migrated)."""
    from alembic.runtime.migration import MigrationContext

    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def head() -> str:
    from alembic.script import ScriptDirectory

    found = ScriptDirectory(str(_SCRIPTS)).get_current_head()
    assert found is not None
    return found


def upgrade(url: str) -> tuple[str | None, str]:
    """Upgrade to the newest revision; the revisions before and after."""
    from alembic import command

    before = current(url)
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            config = _config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
    finally:
        engine.dispose()
    return before, head()
