"""Where class mode keeps its data: a SQLite file in a local folder by default, PostgreSQL when ``DATABASE_URL``
is set (so that several app servers share one class). Every failure to reach the database becomes one error,
:class:`StorageUnavailable`, whose message the UI shows while the lessons go on working."""

import logging
import math
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event, exc

from classes.errors import StorageUnavailable

log = logging.getLogger(__name__)
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "var"  # beside the code: `make run` needs no set-up
FILE_NAME = "classes.sqlite3"


def database_url(environ: dict | None = None) -> str:
    """``DATABASE_URL`` when set, else a SQLite file in ``AE_DATA_DIR`` (default ``var/`` beside the code)."""
    environ = os.environ if environ is None else environ
    if url := environ.get("DATABASE_URL", "").strip():
        return url
    return f"sqlite:///{Path(environ.get('AE_DATA_DIR') or DEFAULT_DIR) / FILE_NAME}"


def make_engine(url: str, *, busy_timeout: float = 5.0) -> sa.Engine:
    """An engine for ``url`` (``postgres://``, ``postgresql://`` or ``sqlite:///``); ``busy_timeout`` seconds is
    how long a statement waits for a lock, a pooled connection or a server before giving up."""
    try:
        parsed = sa.make_url(url)
    except exc.ArgumentError as e:
        raise StorageUnavailable("DATABASE_URL is not a database URL (postgresql://user@host/db).") from e
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        # psycopg 3 whatever driver the URL names; pre-ping so a restarted server costs no failed request.
        return sa.create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True,
                                pool_timeout=busy_timeout,
                                connect_args={"connect_timeout": max(1, math.ceil(busy_timeout))})
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        return _sqlite_engine(parsed, busy_timeout)
    raise StorageUnavailable("Class mode needs a PostgreSQL URL in DATABASE_URL, or none for a local SQLite file.")


def _sqlite_engine(parsed: sa.URL, busy_timeout: float) -> sa.Engine:
    folder = Path(parsed.database).parent
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / ".gitignore").write_text("*\n")  # the class data is never committed
    except OSError as e:
        log.warning("class mode's data folder %s: %s", folder, e)
        raise StorageUnavailable(f"Class mode cannot create its data folder ({e.strerror}); "
                                 "set AE_DATA_DIR to a writable folder. The lessons work as usual.") from e
    engine = sa.create_engine(parsed, pool_timeout=busy_timeout,
                              connect_args={"timeout": busy_timeout, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # the driver's own implicit BEGIN off: _begin says which kind
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        _use_wal(cursor, busy_timeout)  # readers never wait for the one writer
        cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; a power cut may lose the last votes only
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # A write takes the write lock at BEGIN, where the busy timeout applies; a deferred transaction that
        # writes later fails at once with "database is locked" when another writer got in between.
        immediate = connection.get_execution_options().get("write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _use_wal(cursor, busy_timeout: float) -> None:
    """Switch the file to WAL (it stays so). The switch needs the file to itself and SQLite's busy handler does not
    wait for it, so connections opening a new file together retry here, within the busy timeout."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextmanager
def transaction(engine: sa.Engine, *, write: bool) -> Iterator[sa.Connection]:
    """One transaction, committed when the block ends; a database that cannot be reached, is locked past the busy
    timeout or fails mid-way raises :class:`StorageUnavailable` (the cause is logged for the operator)."""
    try:
        with engine.connect() as connection:
            connection.execution_options(write=write)
            with connection.begin():
                yield connection
    except (exc.OperationalError, exc.InterfaceError, exc.TimeoutError) as e:
        log.warning("class mode's database: %s", e)
        raise StorageUnavailable() from e
    except exc.DBAPIError as e:
        if not e.connection_invalidated:
            raise
        log.warning("class mode's database: %s", e)
        raise StorageUnavailable() from e


def is_postgresql(engine: sa.Engine) -> bool:
    return engine.dialect.name == "postgresql"
