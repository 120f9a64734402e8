"""The schema is versioned and created on start; the SQLite file goes where the environment says."""

from pathlib import Path

import sqlalchemy as sa

from classes import ClassStore, StorageUnavailable
from classes.database import DEFAULT_DIR, database_url, make_engine
from classes.schema import VERSION, migrate


def version_rows(store):
    with store.engine.connect() as conn:
        return conn.execute(sa.text("SELECT version FROM schema_version")).scalars().all()


def test_the_schema_is_created_once_and_recorded(url):
    store = ClassStore.open(url)
    assert version_rows(store) == list(range(1, VERSION + 1))
    assert migrate(store.engine) == VERSION  # opening again finds nothing to do
    again = ClassStore.open(url)
    assert version_rows(again) == list(range(1, VERSION + 1))
    started = store.start_class()
    assert again.teach(started.code, started.teacher_key).class_id == started.class_id
    again.dispose()
    store.dispose()


def test_a_database_from_a_newer_app_is_refused(url):
    store = ClassStore.open(url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": VERSION + 1})
    try:
        ClassStore.open(url)
    except StorageUnavailable as e:
        assert "newer version" in str(e)
    else:
        raise AssertionError("a newer schema was accepted")
    store.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = ClassStore.open(f"sqlite:///{tmp_path / 'c.sqlite3'}", busy_timeout=0.75)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 750
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.dispose()


def test_where_the_data_goes(tmp_path):
    assert database_url({}) == f"sqlite:///{DEFAULT_DIR / 'classes.sqlite3'}"
    assert DEFAULT_DIR == Path(__file__).resolve().parents[2] / "var"  # beside the code, where `make run` runs
    assert database_url({"AE_DATA_DIR": str(tmp_path)}) == f"sqlite:///{tmp_path / 'classes.sqlite3'}"
    pg = "postgresql://app@db:5432/classes"
    assert database_url({"AE_DATA_DIR": str(tmp_path), "DATABASE_URL": pg}) == pg
    assert make_engine("postgres://app@db/classes").dialect.driver == "psycopg"  # Heroku-style URLs too
    folder = tmp_path / "new" / "folder"
    ClassStore.open(database_url({"AE_DATA_DIR": str(folder)})).dispose()  # created on first use, no set-up
    assert (folder / "classes.sqlite3").is_file()
    assert (folder / ".gitignore").read_text() == "*\n"
