"""The one database setup: SQLite by default, PostgreSQL by DATABASE_URL.

Connection strategy — kept open per worker thread, not opened per request
(`make bench` re-measures it: kept 1,755 vs per-request 1,105 req/s on SQLite,
1,996 vs 201 on PostgreSQL for one query per request, 2026-11-26).
Measured on these machines (shared/STACK.md, wrk -c32, 2 gunicorn workers, one
response + 20 answer rows per POST): SQLite WAL with a kept connection did
560–770 req/s against ~300 when reconnecting per request (closing the last WAL
connection forces a checkpoint); PostgreSQL did ~460 against ~66. peewee keeps
connections thread-local, so each gunicorn sync worker (or dev-server thread)
has its own; nothing is opened at import time, so `gunicorn --preload` forks
no connection. bench/ re-measures this choice.

Writes go through `write_transaction()`: on SQLite it begins IMMEDIATE, because a
deferred transaction that reads before it writes fails with "database is locked"
under concurrent load whatever the busy timeout; PostgreSQL gets a plain
transaction (its `atomic` has no lock type).
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import peewee
from playhouse.migrations import Runner
from playhouse.shortcuts import ReconnectMixin

database = peewee.DatabaseProxy()

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,  # ms: writers queue rather than fail
    "synchronous": "normal",  # safe with WAL; a power cut loses at most the last commit
    "cache_size": -16_000,  # 16 MB page cache
}


class DatabaseUrlError(ValueError):
    """DATABASE_URL cannot be used; the message names the setting."""


class ReconnectingPostgresqlDatabase(ReconnectMixin, peewee.PostgresqlDatabase):
    """A kept connection that survives a PostgreSQL restart."""

    reconnect_errors = ReconnectMixin.reconnect_errors + (
        (peewee.OperationalError, "server closed the connection"),
        (peewee.InterfaceError, "connection already closed"),
    )


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


def make_database(url: str) -> peewee.Database:
    """Build (not connect) the database named by a URL; raise DatabaseUrlError if malformed."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if parsed.netloc or not path or path == "/":
            raise DatabaseUrlError(
                f"DATABASE_URL: ใช้รูปแบบ sqlite:////ที่อยู่/ไฟล์.sqlite3 / use sqlite:////path/file.sqlite3, got {url!r}"
            )
        # sqlite:///relative.db parses to "/relative.db", sqlite:////abs.db to "//abs.db"
        path = path[1:]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return peewee.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, autoconnect=True)
    if parsed.scheme in {"postgres", "postgresql"}:
        name = parsed.path.lstrip("/")
        if not name or not parsed.hostname:
            raise DatabaseUrlError(
                f"DATABASE_URL: ใช้รูปแบบ postgresql://ผู้ใช้:รหัส@โฮสต์:พอร์ต/ฐานข้อมูล / "
                f"use postgresql://user:password@host:port/dbname, got {_redact(url)!r}"
            )
        try:
            port = parsed.port or 5432
        except ValueError:
            raise DatabaseUrlError(f"DATABASE_URL: พอร์ตไม่ถูกต้อง / bad port in {_redact(url)!r}") from None
        return ReconnectingPostgresqlDatabase(
            name,
            user=unquote(parsed.username or "") or None,
            password=unquote(parsed.password or "") or None,
            host=parsed.hostname,
            port=port,
            autoconnect=True,
            connect_timeout=5,
        )
    raise DatabaseUrlError(
        f"DATABASE_URL: รองรับเฉพาะ sqlite:// และ postgresql:// / only sqlite:// and postgresql:// "
        f"are supported, got {_redact(url)!r}"
    )


def _redact(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(parsed.password, "***")
    return url


def is_sqlite(db=None) -> bool:
    db = db or database.obj
    return isinstance(db, peewee.SqliteDatabase)


def write_transaction():
    """The one way to write: BEGIN IMMEDIATE on SQLite, a plain transaction on PostgreSQL.

    Nested calls become savepoints of the outer transaction.
    """
    db = database.obj
    if db.transaction_depth() == 0 and is_sqlite(db):
        return db.atomic(lock_type="IMMEDIATE")
    return db.atomic()


def check_connection(db: peewee.Database, url: str) -> None:
    """Connect once and close, turning any failure into a one-line DatabaseUrlError."""
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any driver error becomes one clear line
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseUrlError(
            f"DATABASE_URL: เชื่อมต่อฐานข้อมูลไม่ได้ / cannot connect to {_redact(url)}: {first_line}"
        ) from None
    finally:
        if not db.is_closed():
            db.close()


def migration_runner(db=None) -> Runner:
    return Runner(db or database.obj, directory=str(MIGRATIONS_DIR))


def upgrade(db=None) -> list[str]:
    """Apply pending migrations; return their names."""
    return migration_runner(db).up()


def pending_migrations(db=None) -> list[str]:
    return [m.name for m in migration_runner(db).status() if not m.applied]


def init_app(app) -> None:
    """Bind the deferred database to the app's DATABASE_URL (no connection is opened)."""
    db = make_database(app.config["DATABASE_URL"])
    database.initialize(db)
    app.extensions["database"] = db

    @app.teardown_appcontext
    def _end_transaction(exc):
        # The connection is kept (see module docstring); only a transaction a
        # failing request left open is rolled back.
        if not db.is_closed() and db.in_transaction():
            db.rollback()

    if os.environ.get("PORTAL_CLOSE_DB_PER_REQUEST") == "1":
        # For the bench/ comparison only.
        @app.teardown_appcontext
        def _close(exc):
            if not db.is_closed():
                db.close()


@contextlib.contextmanager
def connection():
    """Explicit connection scope for CLI commands and threads outside a request."""
    db = database.obj
    opened = db.connect(reuse_if_open=True)
    try:
        yield db
    finally:
        if opened and not db.is_closed():
            db.close()
