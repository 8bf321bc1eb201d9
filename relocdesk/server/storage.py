"""The county server's store: SQLAlchemy Core, one code path for SQLite and PostgreSQL.

Rows are kept generically — ``(tbl, row_id, community_id, seq, created_at, deleted, data,
clocks)`` with the field values and field clocks as JSON text — so the server needs no
column list, and clients of older or newer schemas sync through it unchanged.

The sequence: each community has a counter in its ``rd_community`` row. A push locks that
row (``SELECT … FOR UPDATE``; SQLite serialises writers anyway) before it takes numbers and
holds the lock until it commits. So numbers of one community are handed out and committed
in the same order, and a puller that has seen number N has seen every number below it —
the trap of a global sequence (a later number committed before an earlier one, a reader
moving its cursor past the gap) cannot occur. The same lock makes read-merge-write of a
push atomic against other pushes of the community. Different communities never wait on
each other.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from relocdesk import hlc, roles
from relocdesk.server.merge import RowState, apply_op, refuse
from relocdesk.sync import protocol
from relocdesk.sync.protocol import SyncError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, MetaData, Table

_CHUNK = 900


@dataclass(frozen=True)
class Device:
    id: str
    device_id: str
    user: str
    community_id: str
    role: str


def engine_for(url: str) -> Engine:
    from sqlalchemy import create_engine, event

    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            # pysqlite's own transaction handling is switched off; BEGIN is ours.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute("PRAGMA busy_timeout = 30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # A writer takes the lock at BEGIN: a deferred BEGIN that later writes can fail
            # with "database is locked" without waiting.
            write = conn.get_execution_options().get("rd_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return create_engine(url, pool_size=10, max_overflow=40, pool_pre_ping=True)


def _tables(meta: MetaData) -> dict[str, Table]:
    from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

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
    return {"community": community, "user": user, "device": device, "row": row, "applied": applied}


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    n, r, p = 2**14, 8, 1
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${key.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, key = stored.split("$")
        got = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), key)


_DUMMY_HASH = hash_password(secrets.token_hex(8))


def token_hash(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough, and keeps each request cheap.
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())


class Storage:
    def __init__(self, url: str) -> None:
        from sqlalchemy import MetaData

        self.url = url
        self.engine = engine_for(url)
        self.meta = MetaData()
        t = _tables(self.meta)
        self.t_community, self.t_user, self.t_device = t["community"], t["user"], t["device"]
        self.t_row, self.t_applied = t["row"], t["applied"]
        self.is_postgres = self.engine.dialect.name == "postgresql"
        # Called inside a push's transaction just before it commits (tests hold it open there).
        self.before_commit: Callable[[], None] | None = None

    def create_all(self) -> None:
        self.meta.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

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

    # -- administration ---------------------------------------------------------------------
    def create_community(self, name: str, community_id: str | None = None, **fields: Any) -> str:
        cid = community_id or str(uuid.uuid4())
        stamp = hlc.make(int(time.time() * 1000), 0, "server")
        data = {"name": name, **{k: v for k, v in fields.items() if v is not None}}
        with self.write() as conn:
            conn.execute(
                self.t_community.insert().values(
                    id=cid,
                    name=name,
                    seq=1,
                    n_rows=1,
                    created_at=_now(),
                    digest=protocol.row_hash("community", cid, stamp, 0),
                )
            )
            conn.execute(
                self.t_row.insert().values(
                    tbl="community",
                    row_id=cid,
                    community_id=cid,
                    seq=1,
                    created_at=stamp,
                    deleted=0,
                    data=orjson.dumps(data).decode(),
                    clocks="{}",
                )
            )
        return cid

    def create_user(self, name: str, password: str, role: str, community_id: str) -> None:
        if role not in roles.ROLES:
            raise ValueError(f"角色应为 / role must be one of {', '.join(roles.ROLES)}")
        with self.write() as conn:
            found = conn.execute(
                self.t_community.select().where(self.t_community.c.id == community_id)
            ).first()
            if found is None:
                raise LookupError(f"没有此社区 / no community {community_id}")
            taken = conn.execute(self.t_user.select().where(self.t_user.c.name == name)).first()
            if taken is not None:
                raise ValueError(f"用户名已存在 / user name already taken: {name}")
            conn.execute(
                self.t_user.insert().values(
                    name=name,
                    community_id=community_id,
                    role=role,
                    password_hash=hash_password(password),
                    created_at=_now(),
                )
            )

    def list_devices(self) -> list[dict[str, Any]]:
        with self.read() as conn:
            rows = conn.execute(self.t_device.select().order_by(self.t_device.c.created_at))
            return [{str(k): v for k, v in r._mapping.items() if k != "token_hash"} for r in rows]

    def revoke_device(self, device_key: str) -> int:
        """Revoke by the server's device record id or the device's own id."""
        d = self.t_device
        with self.write() as conn:
            res = conn.execute(
                d.update()
                .where((d.c.id == device_key) | (d.c.device_id == device_key))
                .where(d.c.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
            return int(res.rowcount)

    def communities(self) -> list[dict[str, Any]]:
        with self.read() as conn:
            return [
                {str(k): v for k, v in r._mapping.items()}
                for r in conn.execute(self.t_community.select())
            ]

    # -- enrollment and tokens ----------------------------------------------------------------
    def enroll(self, user: str, password: str, device_id: str, device_name: str) -> dict[str, Any]:
        with self.read() as conn:
            found = conn.execute(self.t_user.select().where(self.t_user.c.name == user)).first()
        # The same slow hash runs for unknown names: timing tells nothing.
        ok = check_password(password, found.password_hash if found else _DUMMY_HASH)
        if found is None or not ok:
            raise SyncError(
                "bad_credentials", "用户名或密码不正确", "wrong user name or password", status=401
            )
        return self.issue_token(user, device_id, device_name)

    def issue_token(self, user: str, device_id: str, device_name: str = "") -> dict[str, Any]:
        """A new device token for a user whose password was checked (or by an administrator)."""
        with self.read() as conn:
            found = conn.execute(self.t_user.select().where(self.t_user.c.name == user)).one()
        token = "rd1." + secrets.token_urlsafe(32)
        record = str(uuid.uuid4())
        with self.write() as conn:
            conn.execute(
                self.t_device.insert().values(
                    id=record,
                    device_id=device_id[:64],
                    device_name=device_name[:200],
                    user_name=user,
                    community_id=found.community_id,
                    role=found.role,
                    token_hash=token_hash(token),
                    created_at=_now(),
                )
            )
            name = (
                conn.execute(
                    self.t_community.select().where(self.t_community.c.id == found.community_id)
                )
                .one()
                .name
            )
        return {
            "token": token,
            "device": record,
            "community_id": found.community_id,
            "community_name": name,
            "role": found.role,
            "user": user,
        }

    def authenticate(self, token: str) -> Device:
        d = self.t_device
        with self.read() as conn:
            found = conn.execute(d.select().where(d.c.token_hash == token_hash(token))).first()
        if found is None or found.revoked_at is not None:
            raise protocol.unauthorized()
        return Device(found.id, found.device_id, found.user_name, found.community_id, found.role)

    # -- push -------------------------------------------------------------------------------
    def push(self, device: Device, ops: Sequence[Sequence[Any]]) -> dict[str, Any]:
        from sqlalchemy import bindparam, select

        if device.role in roles.READ_ONLY_ROLES and ops:
            raise protocol.forbidden(
                "县级账号只能查看，不能修改社区数据", "county accounts may read, not change, data"
            )
        parsed = [_parse_op(op, device.community_id) for op in ops]
        cid = device.community_id
        c, r, a = self.t_community, self.t_row, self.t_applied
        with self.write() as conn:
            head = conn.execute(
                select(c.c.seq, c.c.n_rows, c.c.digest).where(c.c.id == cid).with_for_update()
            ).one()
            seq, n_rows, dig = int(head.seq), int(head.n_rows), int(head.digest)
            seq_before = seq
            op_ids = [p[0] for p in parsed]
            done: set[str] = set()
            for chunk in _chunks(op_ids):
                done.update(
                    x[0]
                    for x in conn.execute(
                        select(a.c.op_id).where(a.c.community_id == cid, a.c.op_id.in_(chunk))
                    )
                )
            todo = [p for p in parsed if p[0] not in done]
            states: dict[tuple[str, str], RowState] = {}
            wanted = sorted({p[2] for p in todo})
            for chunk in _chunks(wanted):
                for x in conn.execute(
                    select(
                        r.c.tbl,
                        r.c.row_id,
                        r.c.community_id,
                        r.c.created_at,
                        r.c.deleted,
                        r.c.data,
                        r.c.clocks,
                    ).where(r.c.row_id.in_(chunk))
                ):
                    clocks = orjson.loads(x.clocks)
                    states[(x.tbl, x.row_id)] = RowState(
                        x.tbl,
                        x.row_id,
                        x.community_id,
                        x.created_at,
                        x.deleted,
                        orjson.loads(x.data),
                        clocks,
                        old_hash=protocol.row_hash(
                            x.tbl, x.row_id, protocol.version_of(x.created_at, clocks), x.deleted
                        ),
                    )
            conflicts: list[RowState] = []
            for op_id, tbl, row_id, stamp, fields, base in todo:
                state = states.get((tbl, row_id))
                if state is not None and state.community_id != cid:
                    raise _foreign_row()
                banned = roles.refused(device.role, tbl, fields)
                if banned:
                    conflicts.extend(refuse(state, cid, op_id, tbl, row_id, stamp, banned))
                    fields = {k: v for k, v in fields.items() if k not in banned}
                    base = {k: v for k, v in base.items() if k not in banned}
                state, made = apply_op(state, cid, op_id, tbl, row_id, stamp, fields, base)
                if banned:
                    state.clean = False  # the device must get back what the server kept
                states[(tbl, row_id)] = state
                conflicts.extend(made)
            inserts: list[dict[str, Any]] = []
            updates: list[dict[str, Any]] = []
            back: list[list[Any]] = []
            for state in [*(s for s in states.values() if s.touched), *conflicts]:
                seq += 1
                state.seq = seq
                data_text = orjson.dumps(state.data).decode()
                clocks_text = orjson.dumps(state.clocks).decode()
                version = protocol.version_of(state.created_at, state.clocks)
                if state.old_hash is None:
                    n_rows += 1
                    inserts.append(
                        {
                            "tbl": state.tbl,
                            "row_id": state.row_id,
                            "community_id": cid,
                            "seq": seq,
                            "created_at": state.created_at,
                            "deleted": state.deleted,
                            "data": data_text,
                            "clocks": clocks_text,
                        }
                    )
                else:
                    dig ^= state.old_hash
                    updates.append(
                        {
                            "b_tbl": state.tbl,
                            "b_row_id": state.row_id,
                            "b_seq": seq,
                            "b_deleted": state.deleted,
                            "b_data": data_text,
                            "b_clocks": clocks_text,
                        }
                    )
                dig ^= protocol.row_hash(state.tbl, state.row_id, version, state.deleted)
                if not state.clean:
                    wire = state.wire()
                    if roles.needs_redaction(device.role, state.tbl):
                        wire = roles.redact_state(device.role, wire)
                    back.append(wire)
            applied = [{"community_id": cid, "op_id": p[0], "seq": seq} for p in todo]
            if not self.is_postgres:
                # SQLite: straight to the driver; compiling 40,000 parameter sets through
                # SQLAlchemy costs more than writing them.
                _sqlite_many(conn, "rd_row", inserts)
                _sqlite_many(conn, "rd_applied_op", applied)
                if updates:
                    conn.exec_driver_sql(
                        "UPDATE rd_row SET seq = ?, deleted = ?, data = ?, clocks = ?"
                        " WHERE row_id = ? AND tbl = ?",
                        [
                            (
                                u["b_seq"],
                                u["b_deleted"],
                                u["b_data"],
                                u["b_clocks"],
                                u["b_row_id"],
                                u["b_tbl"],
                            )
                            for u in updates
                        ],
                    )
            else:
                # PostgreSQL: COPY, an order of magnitude faster than row-by-row inserts.
                _pg_copy(conn, "rd_row", inserts)
                if updates:
                    conn.execute(
                        r.update()
                        .where(r.c.tbl == bindparam("b_tbl"), r.c.row_id == bindparam("b_row_id"))
                        .values(
                            seq=bindparam("b_seq"),
                            deleted=bindparam("b_deleted"),
                            data=bindparam("b_data"),
                            clocks=bindparam("b_clocks"),
                        ),
                        updates,
                    )
                _pg_copy(conn, "rd_applied_op", applied)
            if seq != seq_before:
                conn.execute(
                    c.update().where(c.c.id == cid).values(seq=seq, n_rows=n_rows, digest=dig)
                )
            if self.before_commit is not None:
                self.before_commit()
        return {
            "acked": op_ids,
            "applied": len(todo),
            "seq_before": seq_before,
            "seq_after": seq,
            "rows": back,
            "conflicts": len(conflicts),
        }

    # -- pull -------------------------------------------------------------------------------
    def pull(self, device: Device, after: int, limit: int) -> dict[str, Any]:
        from sqlalchemy import select

        c, r = self.t_community, self.t_row
        limit = max(1, min(limit, protocol.MAX_PULL_LIMIT))
        with self.read() as conn:
            head = conn.execute(
                select(c.c.seq, c.c.n_rows, c.c.digest).where(c.c.id == device.community_id)
            ).one()
            found = conn.execute(
                select(
                    r.c.seq, r.c.tbl, r.c.row_id, r.c.created_at, r.c.deleted, r.c.data, r.c.clocks
                )
                .where(
                    r.c.community_id == device.community_id, r.c.seq > after, r.c.seq <= head.seq
                )
                .order_by(r.c.seq)
                .limit(limit)
            ).all()
        frag = orjson.Fragment
        role = device.role
        if roles.sees_everything(role):
            rows = [[x[0], x[1], x[2], x[3], x[4], frag(x[5]), frag(x[6])] for x in found]
        else:
            rows = [
                roles.redact_state(role, [x[0], x[1], x[2], x[3], x[4], x[5], frag(x[6])])
                if roles.needs_redaction(role, x[1])
                else [x[0], x[1], x[2], x[3], x[4], frag(x[5]), frag(x[6])]
                for x in found
            ]
        more = len(rows) == limit and rows[-1][0] < head.seq
        out: dict[str, Any] = {
            "rows": rows,
            "more": more,
            "next": rows[-1][0] if more else max(int(head.seq), after),
            "head": int(head.seq),
        }
        if not more:
            out["count"] = int(head.n_rows)
            out["digest"] = int(head.digest)
        return out


def _parse_op(
    op: Sequence[Any], community_id: str
) -> tuple[str, str, str, str, dict[str, Any], dict[str, str]]:
    try:
        op_id, tbl, row_id, stamp, fields, base = op
        ok = (
            isinstance(op_id, str)
            and isinstance(tbl, str)
            and isinstance(row_id, str)
            and isinstance(stamp, str)
            and isinstance(fields, dict)
            and isinstance(base, dict)
            and 0 < len(op_id) <= 64
            and 0 < len(row_id) <= 64
        )
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise protocol.bad_request("同步数据格式不正确", "malformed sync op")
    if tbl not in protocol.TABLES:
        raise protocol.bad_request(f"未知的数据表 {tbl}", f"unknown table {tbl}")
    if fields.get("community_id", community_id) != community_id or (
        tbl == "community" and row_id != community_id
    ):
        raise _foreign_row()
    return op_id, tbl, row_id, stamp, fields, base


def _sqlite_many(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [tuple(r[n] for n in names) for r in rows],
    )


def _pg_copy(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    raw: Any = conn.connection.dbapi_connection
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as cp:
        for r in rows:
            cp.write_row([r[n] for n in names])


def _foreign_row() -> SyncError:
    return protocol.forbidden(
        "不能修改其他社区的数据", "a device may not change another community's data"
    )


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
