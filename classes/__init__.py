"""Class mode's storage: classes, their learners, the questions a teacher asks and the room's votes, in SQLite
(a file in ``AE_DATA_DIR``, by default ``var/``) or PostgreSQL (``DATABASE_URL``). No UI here.

    store = ClassStore.open()                      # once per process: it holds the connection pool
    started = store.start_class()                  # .code for the room, .teacher_key for the teacher's link
    joined = store.join(started.code, learner)     # learner = new_learner(), one per browser session
    q = store.ask(joined.class_id, started.teacher_key, "pca", "centre", n_choices=4)
    store.vote(q.id, learner, 2); store.counts(joined.class_id, started.teacher_key, q.id).counts
"""

from classes.checks import new_learner
from classes.errors import (
    ClassError,
    ClassExpired,
    InvalidInput,
    LimitReached,
    NotJoined,
    NotTeacher,
    StorageUnavailable,
    UnknownClass,
    VoteClosed,
)
from classes.qr import qr_svg
from classes.records import Counts, Follow, Joined, Limits, Question, Started
from classes.store import ClassStore

__all__ = ["ClassStore", "Counts", "Follow", "Joined", "Limits", "Question", "Started", "new_learner", "qr_svg",
           "ClassError", "ClassExpired", "InvalidInput", "LimitReached", "NotJoined", "NotTeacher",
           "StorageUnavailable", "UnknownClass", "VoteClosed"]
