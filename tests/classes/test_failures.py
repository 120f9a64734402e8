"""A database that is down, locked or unreachable raises one error, StorageUnavailable, with a message the UI can
show; nothing is half-done, and the store works again once the database is back."""

import sqlite3

import pytest

from classes import ClassStore, StorageUnavailable, new_learner
from tests.classes.postgres import free_port

MESSAGE = "cannot reach its database right now"


def test_a_locked_sqlite_file_gives_a_clear_error_and_reads_go_on(tmp_path):
    path = tmp_path / "classes.sqlite3"
    store = ClassStore.open(f"sqlite:///{path}", busy_timeout=0.2)
    started = store.start_class()
    learner = new_learner()
    store.join(started.code, learner)
    question = store.ask(started.class_id, started.teacher_key, "pca", "centre", 2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the write lock longer than the busy timeout
    try:
        with pytest.raises(StorageUnavailable, match=MESSAGE):
            store.vote(question.id, learner, 1)
        with pytest.raises(StorageUnavailable, match=MESSAGE):
            store.start_class()
        assert store.current(started.class_id) == question  # WAL: readers do not wait for the writer
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.vote(question.id, learner, 1)
    assert store.counts(started.class_id, started.teacher_key, question.id).counts == (0, 1)
    store.dispose()


def test_a_postgresql_url_on_a_closed_port_gives_a_clear_error():
    with pytest.raises(StorageUnavailable, match=MESSAGE):
        ClassStore.open(f"postgresql://postgres@127.0.0.1:{free_port()}/classes", busy_timeout=1)


def test_postgresql_going_down_and_coming_back(postgres):
    store = ClassStore.open(postgres.new_database(), busy_timeout=1)
    started = store.start_class()
    learner = new_learner()
    store.join(started.code, learner)
    question = store.ask(started.class_id, started.teacher_key, "pca", "centre", 2)
    postgres.pause()
    try:
        with pytest.raises(StorageUnavailable, match=MESSAGE):
            store.vote(question.id, learner, 1)
        with pytest.raises(StorageUnavailable, match=MESSAGE):
            store.current(started.class_id)
    finally:
        postgres.resume()
    store.vote(question.id, learner, 1)  # the pool throws away its dead connections and reconnects
    assert store.counts(started.class_id, started.teacher_key, question.id).counts == (0, 1)
    store.dispose()


def test_an_unusable_data_folder_or_url_gives_a_clear_error(tmp_path):
    (tmp_path / "a_file").write_text("")
    with pytest.raises(StorageUnavailable, match="set AE_DATA_DIR to a writable folder"):
        ClassStore.open(f"sqlite:///{tmp_path / 'a_file' / 'classes.sqlite3'}")
    with pytest.raises(StorageUnavailable, match="PostgreSQL URL"):
        ClassStore.open("mysql://user@localhost/db")
    with pytest.raises(StorageUnavailable, match="not a database URL"):
        ClassStore.open("not a url")
