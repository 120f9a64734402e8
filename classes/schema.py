"""The tables of class mode, as ordered migration steps: the database records the last step it ran in
``schema_version``, and :func:`migrate` (called when a store opens) runs the ones after it.

Never edit a step that has shipped: add the next one. ``{id}`` is the one thing the two databases spell
differently, an auto-incrementing key that never reuses the number of a deleted row.
"""

import sqlalchemy as sa

from classes.database import is_postgresql, transaction
from classes.errors import StorageUnavailable

ID = {"sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT", "postgresql": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"}
MIGRATION_LOCK = 20_2026  # any constant: PostgreSQL's advisory lock that lets one server migrate at a time

MIGRATIONS: list[list[str]] = [
    [  # 1: classes, their learners, the questions asked and the votes
        """CREATE TABLE classes (
            id {id},
            code VARCHAR(8) NOT NULL UNIQUE,
            key_hash CHAR(64) NOT NULL,           -- SHA-256 of the teacher key; the key itself is never stored
            created_at DOUBLE PRECISION NOT NULL, -- Unix seconds
            expires_at DOUBLE PRECISION NOT NULL,
            n_learners INTEGER NOT NULL DEFAULT 0,
            follow TEXT                           -- the teacher's page and settings as JSON; NULL: follow me is off
        )""",
        """CREATE TABLE learners (
            class_id BIGINT NOT NULL REFERENCES classes (id),
            learner VARCHAR(64) NOT NULL,         -- an anonymous random token per browser session
            joined_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (class_id, learner)
        )""",
        """CREATE TABLE questions (
            id {id},
            class_id BIGINT NOT NULL REFERENCES classes (id),
            lesson VARCHAR(40) NOT NULL,
            question VARCHAR(40) NOT NULL,
            kind VARCHAR(8) NOT NULL,             -- 'choice' or 'number'
            n_choices INTEGER,                    -- choice: answers are 0 .. n_choices - 1
            low DOUBLE PRECISION,                 -- number: answers lie in [low, high], counted in `bins` bins
            high DOUBLE PRECISION,
            bins INTEGER,
            state VARCHAR(8) NOT NULL,            -- 'open', 'closed' or 'revealed'
            asked_at DOUBLE PRECISION NOT NULL
        )""",
        "CREATE INDEX questions_by_class ON questions (class_id, id)",
        """CREATE TABLE votes (
            question_id BIGINT NOT NULL REFERENCES questions (id),
            learner VARCHAR(64) NOT NULL,
            choice INTEGER,
            value DOUBLE PRECISION,
            voted_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (question_id, learner)    -- one vote per learner per question; voting again replaces it
        )""",
    ],
]
VERSION = len(MIGRATIONS)


def migrate(engine: sa.Engine) -> int:
    """Bring the database to :data:`VERSION`, creating it on first use; returns the version it was at."""
    with transaction(engine, write=True) as conn:
        if is_postgresql(engine):  # two servers starting at once: the second waits, then finds nothing to do
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        found = conn.execute(sa.text("SELECT MAX(version) FROM schema_version")).scalar() or 0
        if found > VERSION:
            raise StorageUnavailable("Class mode's database was set up by a newer version of this app.")
        for version in range(found + 1, VERSION + 1):
            for step in MIGRATIONS[version - 1]:
                conn.exec_driver_sql(step.format(id=ID[engine.dialect.name]))
            conn.execute(sa.text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": version})
    return found
