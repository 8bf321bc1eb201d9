"""The county server's database: SQLAlchemy Core, one code path for SQLite and PostgreSQL.

Rows are kept generically — ``(tbl, row_id, community_id, seq, created_at, deleted, data,
clocks)`` with the field values and field clocks as JSON text — so the server needs no
column list, and clients of older or newer schemas sync through it unchanged.

This module holds the engine, the tables and the two kinds of transaction; what is done in
them lives by job beside it: ``accounts`` (communities, users, device tokens), ``push`` (ops
merged in) and ``pull`` (rows handed out, with count and digest). ``storage.Storage`` is all
of them together.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, MetaData, Table

_CHUNK = 900
# Pages of WAL (4 KB each) after which a commit copies it back into the database file.
WAL_CHECKPOINT_PAGES = 10_000
EPOCH_KEY = "epoch"
# The PostgreSQL advisory lock that making the schema holds (any number no other lock of
# the database uses): processes making it at once take turns.
_SCHEMA_LOCK = 0x52445343484D41  # "RDSCHMA"


def in_memory(url: str) -> bool:
    """A SQLite URL of no file: a county's data would live as long as one process."""
    rest = url.split("://", 1)[-1].split("?", 1)[0]
    return url.startswith("sqlite") and rest in ("", "/", "/:memory:")


def _into_wal(cur: Any, wait: float = 30.0) -> None:
    """WAL mode, waited for: a new file turns to WAL under an exclusive lock, and SQLite
    answers "database is locked" without its busy wait when commands started side by side
    (county IT's set-up script) open the file at once. Once one has turned it, it stays."""
    import sqlite3

    deadline = time.monotonic() + wait
    while True:
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def engine_for(url: str) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError

    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if in_memory(url):  # every command would work, and keep nothing (cli_errors says so)
        raise ArgumentError(f"a database in memory: {url}")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            # pysqlite's own transaction handling is switched off; BEGIN is ours.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout = 30000")
            _into_wal(cur)
            cur.execute("PRAGMA synchronous = NORMAL")
            # The WAL is copied back into the file (a checkpoint, which the committing
            # request waits for) every 40 MB rather than every 4 MB: a push batch of
            # 2,500 new rows rewrites most pages of the rows' id index, and a checkpoint
            # after each batch copied them each time (a full push of 139,403 ops: its
            # commits took 2.2 s, 1.25 s so).
            cur.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # A writer takes the lock at BEGIN: a deferred BEGIN that later writes can fail
            # with "database is locked" without waiting.
            write = conn.get_execution_options().get("rd_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return create_engine(
        url,
        pool_size=10,
        max_overflow=40,
        pool_pre_ping=True,
        connect_args={
            # UTF8 both ways: on a database of another encoding (SQL_ASCII, the default of a
            # cluster made under the C locale) psycopg hands text back as bytes, and the
            # engine's own first queries failed with a TypeError before ``require_utf8``
            # could say what is wrong.
            "client_encoding": "utf8",
            # No server-side prepared statements (psycopg makes one at a statement's fifth
            # use on a connection): behind PgBouncer in transaction mode, which docs/scaling.md
            # proposes past two processes, a statement prepared on one server connection is
            # missing or already there on the next, and before PgBouncer 1.21 (Debian 12 has
            # 1.18) the server could not even start.
            "prepare_threshold": None,
        },
    )


class OtherEncoding(RuntimeError):
    """A PostgreSQL database that is not in UTF8, told to county IT with what to do."""


def require_utf8(conn: Connection) -> None:
    """OtherEncoding unless a PostgreSQL database keeps text in UTF8. SQL_ASCII checks nothing
    and sorts bytes; LATIN1 and EUC_CN have no place for the names of a county (LATIN1 none
    of Chinese, EUC_CN none of the rarer characters): a server on either failed with a
    TypeError, or took a community's name and lost the next one's."""
    found = str(conn.exec_driver_sql("SHOW server_encoding").scalar())
    if found.upper() == "UTF8":
        return
    name = conn.exec_driver_sql("SELECT current_database()").scalar()
    raise OtherEncoding(
        f"PostgreSQL 数据库 {name} 的编码是 {found}，县服务器需要 UTF8：请新建一个 UTF8 的数据库"
        f"（CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0），见 docs/operations.md"
        f" / the PostgreSQL database {name} is encoded {found}; the county server needs UTF8:"
        f" make a UTF8 database (CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0),"
        " see docs/operations.md"
    )


def _tables(meta: MetaData) -> dict[str, Table]:
    from sqlalchemy import BigInteger, Column, String, Table, Text

    community = Table(
        "rd_community",
        meta,
        Column("id", String(64), primary_key=True),
        Column("name", Text, nullable=False),
        Column("seq", BigInteger, nullable=False, default=0),
        Column("n_rows", BigInteger, nullable=False, default=0),
        Column("digest", BigInteger, nullable=False, default=0),
        Column("created_at", Text, nullable=False),
    )
    user = Table(
        "rd_user",
        meta,
        Column("name", String(200), primary_key=True),
        Column("community_id", String(64), nullable=False),
        Column("role", String(32), nullable=False),
        Column("password_hash", Text, nullable=False),
        Column("created_at", Text, nullable=False),
        # A disabled user enrolls no device and every device of theirs is revoked.
        Column("disabled_at", Text),
    )
    device = Table(
        "rd_device",
        meta,
        Column("id", String(64), primary_key=True),
        Column("device_id", String(64), nullable=False),
        Column("device_name", Text),
        Column("user_name", String(200), nullable=False),
        Column("community_id", String(64), nullable=False),
        Column("role", String(32), nullable=False),
        Column("token_hash", String(64), nullable=False, unique=True),
        Column("created_at", Text, nullable=False),
        Column("last_seen", Text),
        Column("revoked_at", Text),
    )
    meta_table = Table(
        "rd_meta",
        meta,
        # The server's epoch: a new id on every restore or reset (``admin new-epoch``).
        Column("key", String(64), primary_key=True),
        Column("value", Text, nullable=False),
    )
    return {
        "community": community,
        "user": user,
        "device": device,
        **_row_tables(meta),
        "meta": meta_table,
        "login_failure": _login_failure_table(meta),
        **_web_tables(meta),
        **_county_tables(meta),
        "snapshot": _snapshot_table(meta),
    }


def _row_tables(meta: MetaData) -> dict[str, Table]:
    """The communities' rows as the server keeps them, and the ops it has applied."""
    from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

    row = Table(
        "rd_row",
        meta,
        # row_id first: a push looks rows up by id alone, then checks table and community.
        Column("row_id", String(64), primary_key=True),
        Column("tbl", String(64), primary_key=True),
        Column("community_id", String(64), nullable=False),
        Column("seq", BigInteger, nullable=False),
        Column("created_at", Text, nullable=False),
        Column("deleted", Integer, nullable=False),
        Column("data", Text, nullable=False),
        Column("clocks", Text, nullable=False),
        Index("rd_row_seq_idx", "community_id", "seq"),
        # One table's rows of some communities (the access log's audit rows) without a pass
        # over every row of those communities.
        Index("rd_row_tbl_idx", "tbl", "community_id", "seq"),
    )
    applied = Table(
        "rd_applied_op",
        meta,
        # op_id first: looked up by op ids of one community; a community-first index makes
        # PostgreSQL scan every applied op of the community for each batch.
        Column("op_id", String(64), primary_key=True),
        Column("community_id", String(64), primary_key=True),
        Column("seq", BigInteger, nullable=False),
    )
    return {"row": row, "applied": applied}


def _snapshot_table(meta: MetaData) -> Table:
    from sqlalchemy import BigInteger, Column, LargeBinary, String, Table, Text

    return Table(
        "rd_snapshot",
        meta,
        # A community's prepared first download (relocdesk.server.snapshot): its rows as of
        # number ``head``, compressed; one row per community, replaced in one transaction.
        Column("community_id", String(64), primary_key=True),
        Column("head", BigInteger, nullable=False),
        Column("epoch", String(64), nullable=False),
        Column("n_rows", BigInteger, nullable=False),
        Column("built_at", Text, nullable=False),
        Column("body", LargeBinary, nullable=False),
    )


def _county_tables(meta: MetaData) -> dict[str, Table]:
    from sqlalchemy import Column, Integer, String, Table, Text, UniqueConstraint

    # each device's outbox as it last told us, for the county's page (migration 0007,
    # relocdesk.server.unsent)
    meta.tables["rd_device"].append_column(Column("unsent", Integer))
    meta.tables["rd_device"].append_column(Column("unsent_at", Text))
    # the county that owns a community, and the county a county account reads
    meta.tables["rd_community"].append_column(Column("county_id", String(64), index=True))
    meta.tables["rd_user"].append_column(Column("county_id", String(64)))
    # A building-head account's own building_head row: its scope (admin set-building-head).
    meta.tables["rd_user"].append_column(Column("building_head_id", String(64)))
    county = Table(
        "rd_county",
        meta,
        Column("id", String(64), primary_key=True),
        Column("code", String(32), nullable=False),
        Column("name", Text, nullable=False),
        Column("created_at", Text, nullable=False),
        UniqueConstraint("code", name="rd_county_code_key"),
    )
    published = Table(
        "rd_county_param",
        meta,
        # A threshold the county publishes (``published``): "INC-01.line" -> "8000".
        Column("county_id", String(64), primary_key=True),
        Column("key", String(64), primary_key=True),
        Column("value", Text, nullable=False),
        Column("set_at", Text, nullable=False),
        Column("set_by", String(200), nullable=False),
    )
    return {"county": county, "county_param": published}


def _login_failure_table(meta: MetaData) -> Table:
    from sqlalchemy import Column, Float, Index, Integer, String, Table

    return Table(
        "rd_login_failure",
        meta,
        # Wrong passwords, by account and by address, for the enrollment throttle (never the
        # password itself).
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("user_name", String(200), nullable=False),
        Column("address", String(64), nullable=False),
        Column("at", Float, nullable=False),
        Index("rd_login_failure_user_idx", "user_name", "at"),
        Index("rd_login_failure_address_idx", "address", "at"),
    )


def _web_tables(meta: MetaData) -> dict[str, Table]:
    from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

    session = Table(
        "rd_web_session",
        meta,
        # The dashboard's sign-ins (relocdesk.server.web.sessions): the cookie carries a random
        # token, the table only its hash, so a copy of the database signs nobody in.
        Column("token_hash", String(64), primary_key=True),
        Column("user_name", String(200), nullable=False),
        Column("csrf", String(64), nullable=False),
        Column("created_at", Float, nullable=False),
        Column("seen_at", Float, nullable=False),
        Column("address", String(64), nullable=False),
        Index("rd_web_session_user_idx", "user_name"),
    )
    audit = Table(
        "rd_web_audit",
        meta,
        # Who looked at which list of households on the dashboard, and how many rows it showed.
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", Text, nullable=False),
        Column("user_name", String(200), nullable=False),
        Column("community_id", String(64), nullable=False),
        Column("what", Text, nullable=False),
        Column("n_rows", Integer, nullable=False),
        Column("address", String(64), nullable=False),
        Index("rd_web_audit_at_idx", "at"),
    )
    return {"web_session": session, "web_audit": audit}


class Database:
    """The engine and tables of one server database, and its transactions."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import MetaData

        self.url = url
        self.engine = engine_for(url)
        self.meta = MetaData()
        t = _tables(self.meta)
        self.t_community, self.t_user, self.t_device = t["community"], t["user"], t["device"]
        self.t_row, self.t_applied, self.t_meta = t["row"], t["applied"], t["meta"]
        self.t_login_failure = t["login_failure"]
        self.t_web_session, self.t_web_audit = t["web_session"], t["web_audit"]
        self.t_county, self.t_county_param = t["county"], t["county_param"]
        self.t_snapshot = t["snapshot"]
        self.is_postgres = self.engine.dialect.name == "postgresql"
        # Called inside a push's transaction just before it commits (tests hold it open there).
        self.before_commit: Callable[[], None] | None = None

    def create_all(self) -> None:
        """The tables, columns and indexes missing, and a first epoch, in one transaction
        that other processes doing the same wait for: an admin command run beside another,
        or beside the server's first start, on a new database. Apart, on SQLite the second
        one's read turned into a write and failed at once with 'database is locked' (the
        BEGIN IMMEDIATE of write() waits instead), on PostgreSQL two CREATE TABLEs collided
        in its catalogue and two first epochs were inserted."""
        from sqlalchemy import text

        with self.write() as conn:
            if self.is_postgres:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            self.meta.create_all(conn)
            self._add_missing_columns(conn)
            self._set_epoch(conn, only_if_none=True)  # a database with none gets its first

    def epoch(self, conn: Connection | None = None) -> str:
        """The server's epoch id, made on first use. Devices compare it on every pull: a new
        one means the server's history was replaced (a restore), and they reconcile."""
        from sqlalchemy import select

        m = self.t_meta
        query = select(m.c.value).where(m.c.key == EPOCH_KEY)
        if conn is not None:
            found = conn.execute(query).scalar()
            if found is not None:
                return str(found)
        else:
            with self.read() as c:
                found = c.execute(query).scalar()
            if found is not None:
                return str(found)
        return self.new_epoch(only_if_none=True)

    def new_epoch(self, *, only_if_none: bool = False) -> str:
        """Declare a new epoch (after a restore, ``relocdesk-server admin new-epoch``)."""
        with self.write() as conn:
            return self._set_epoch(conn, only_if_none=only_if_none)

    def _set_epoch(self, conn: Connection, *, only_if_none: bool) -> str:
        from sqlalchemy import select

        m = self.t_meta
        value = uuid.uuid4().hex
        found = conn.execute(select(m.c.value).where(m.c.key == EPOCH_KEY)).scalar()
        if found is None:
            conn.execute(m.insert().values(key=EPOCH_KEY, value=value))
        elif only_if_none:
            return str(found)
        else:
            conn.execute(m.update().where(m.c.key == EPOCH_KEY).values(value=value))
        return value

    def _add_missing_columns(self, conn: Connection) -> None:
        """A database made by an older server gains the nullable columns and the indexes
        added since (``create_all`` makes missing tables only)."""
        from sqlalchemy import inspect

        found = inspect(conn)  # the tables this transaction just made included
        for table in self.meta.sorted_tables:
            have = {c["name"] for c in found.get_columns(table.name)}
            for col in table.columns:
                if col.name not in have and col.nullable:
                    kind = col.type.compile(self.engine.dialect)
                    conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {col.name} {kind}")
            indexed = {i["name"] for i in found.get_indexes(table.name)}
            for index in table.indexes:
                if index.name not in indexed:
                    index.create(conn)

    def close(self) -> None:
        self.engine.dispose()

    def raw_rows(self, conn: Connection, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        """What ``sql`` finds (its ``{}`` marks take ``args``), through the driver's own cursor
        in the transaction ``conn`` holds. For the small queries of every request: building
        and compiling each through SQLAlchemy cost more than the database's answer."""
        return self._raw(conn, sql, args, fetch=True)

    def raw_write(self, conn: Connection, sql: str, args: Sequence[Any] = ()) -> None:
        """``raw_rows`` for a statement that returns nothing (an UPDATE)."""
        self._raw(conn, sql, args, fetch=False)

    def _raw(self, conn: Connection, sql: str, args: Sequence[Any], *, fetch: bool) -> list[Any]:
        mark = "%s" if self.is_postgres else "?"
        raw: Any = conn.connection.dbapi_connection
        cur = raw.cursor()
        try:
            cur.execute(sql.format(*([mark] * len(args))), tuple(args))
            return list(cur.fetchall()) if fetch else []
        finally:
            cur.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(rd_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            if self.is_postgres:
                # One snapshot for the head, the page and the digest.
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    """Slices short enough for one ``IN (...)`` on either database."""
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
