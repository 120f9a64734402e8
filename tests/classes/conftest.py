"""Every storage test runs against SQLite and against a real PostgreSQL (a throwaway cluster for the session).
Without PostgreSQL the PostgreSQL half is skipped locally; under CI=true it fails."""

import os

import pytest

from classes import ClassStore
from tests.classes.postgres import Cluster


@pytest.fixture(scope="session")
def postgres():
    try:
        cluster = Cluster.start()
    except Exception as e:  # noqa: BLE001 - any reason it cannot start means the same: no PostgreSQL here
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL could not be started under CI: {e}")
        pytest.skip(f"PostgreSQL could not be started: {e}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'classes.sqlite3'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def store(url):
    opened = ClassStore.open(url)
    yield opened
    opened.dispose()
