"""``relocdesk-server migrate``: bring a server database's schema to this version's, with
Alembic (``relocdesk/server/migrations``).

Each revision creates only what is missing, so a database made by ``create_all`` of an
earlier server (which had no migrations) upgrades the same way as one Alembic made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from relocdesk.server.database import engine_for, require_utf8

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
            if conn.dialect.name == "postgresql":  # every start and command comes here first
                require_utf8(conn)
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def head() -> str:
    from alembic.script import ScriptDirectory

    found = ScriptDirectory(str(_SCRIPTS)).get_current_head()
    assert found is not None
    return found


class NewerSchema(RuntimeError):
    """The database is at a revision this version has no script for: a newer server made
    it (a package installed again after an upgrade). Running on it, this version would write
    to a schema it does not know; migrating, Alembic can only say it cannot find it."""


def refuse_newer(url: str) -> str | None:
    """The database's revision; NewerSchema when it is not one of this version's."""
    from alembic.script import ScriptDirectory

    found = current(url)
    known = {s.revision for s in ScriptDirectory(str(_SCRIPTS)).walk_revisions()}
    if found is not None and found not in known:
        raise NewerSchema(
            f"数据库由较新版本的 relocdesk-server 建立（结构版本 {found}，"
            f"本版本只认识到 {head()}）：请安装那个版本或更新的版本"
            f" / the database was made by a newer relocdesk-server (schema revision {found};"
            f" this version knows up to {head()}): install that version or a newer one"
        )
    return found


def upgrade(url: str) -> tuple[str | None, str]:
    """Upgrade to the newest revision; the revisions before and after."""
    from alembic import command

    before = refuse_newer(url)
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
