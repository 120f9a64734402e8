"""Every storage test runs against SQLite and against a real PostgreSQL (a throwaway cluster for the session).
Without PostgreSQL the PostgreSQL half is skipped locally; under CI=true it fails."""

import pytest

from classes import ClassStore
from tests.classes.postgres import cluster_for_tests


@pytest.fixture(scope="session")
def postgres():
    cluster = cluster_for_tests()
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
