"""Class mode's shared state: a teacher starts a class, learners join it with its code, the teacher asks a lesson's
question, learners vote, the teacher sees the counts, closes, reveals and ends the class.

Every method is one short transaction with a few plain SQL statements. Teacher actions take the teacher key
(compared in constant time with the stored SHA-256: the key has 192 random bits, so a fast hash is enough).
Refusals are :class:`ClassError` subclasses whose message the UI shows as it is.
"""

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy import exc

from classes import checks
from classes.database import database_url, is_postgresql, make_engine, transaction
from classes.errors import ClassExpired, InvalidInput, LimitReached, NotJoined, NotTeacher, UnknownClass, VoteClosed
from classes.records import Counts, Follow, Joined, Limits, Question, Started, histogram, question_of
from classes.schema import migrate

Q = sa.text


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ClassStore:
    """Open one per process and share it between sessions (it holds a connection pool)."""

    def __init__(self, engine: sa.Engine, *, limits: Limits = Limits(), clock: Callable[[], float] = time.time):
        self.engine, self.limits, self.clock = engine, limits, clock
        migrate(engine)

    @classmethod
    def open(cls, url: str | None = None, *, busy_timeout: float = 5.0, **kwargs) -> "ClassStore":
        """A store on ``url``, by default ``DATABASE_URL`` or the local SQLite file (see classes.database)."""
        return cls(make_engine(url or database_url(), busy_timeout=busy_timeout), **kwargs)

    def dispose(self) -> None:
        """Close the pooled connections (tests; a server keeps its store for its lifetime)."""
        self.engine.dispose()

    # --- a teacher's class

    def start_class(self) -> Started:
        now, key = self.clock(), secrets.token_urlsafe(24)
        self.purge_expired()
        for _ in range(5):  # a code still in use is drawn again: 23^5 codes against at most a few hundred
            code = checks.new_code()
            try:
                with transaction(self.engine, write=True) as conn:
                    # A bound on the load, not a quota: servers starting classes at the same instant may pass it.
                    live = conn.execute(Q("SELECT COUNT(*) FROM classes WHERE expires_at > :now"), {"now": now})
                    if live.scalar() >= self.limits.classes:
                        raise LimitReached("The server has as many classes as it can hold right now; try again "
                                           "later or end a class you no longer need.")
                    class_id = conn.execute(Q(
                        "INSERT INTO classes (code, key_hash, created_at, expires_at) "
                        "VALUES (:code, :hash, :now, :expires) RETURNING id"),
                        {"code": code, "hash": hash_key(key), "now": now,
                         "expires": now + 3600 * self.limits.hours}).scalar_one()
                return Started(class_id, code, key, now + 3600 * self.limits.hours)
            except exc.IntegrityError:
                continue
        raise LimitReached("No free class code was found; try again.")

    def teach(self, code: object, key: object) -> Joined:
        """The class of a teacher's link (its code and teacher key)."""
        code = checks.code(code)
        with transaction(self.engine, write=False) as conn:
            row = conn.execute(Q("SELECT id FROM classes WHERE code = :code"), {"code": code}).first()
            if row is None:
                raise UnknownClass("No class has this code: it may have been ended.")
            self._teacher(conn, row.id, key)
        return Joined(row.id, code)

    def end_class(self, class_id: int, key: object) -> None:
        """End a class now: its votes, questions and learners are deleted with it."""
        with transaction(self.engine, write=True) as conn:
            self._teacher(conn, class_id, key, expired_ok=True)
            self._delete(conn, "id = :id", {"id": class_id})

    def purge_expired(self) -> int:
        """Delete every class past its lifetime, with its votes; returns how many."""
        with transaction(self.engine, write=True) as conn:
            return self._delete(conn, "expires_at <= :now", {"now": self.clock()})

    @staticmethod
    def _delete(conn: sa.Connection, where: str, params: dict) -> int:  # where: a condition above, never input
        classes = f"SELECT id FROM classes WHERE {where}"
        conn.execute(Q(f"DELETE FROM votes WHERE question_id IN "
                       f"(SELECT id FROM questions WHERE class_id IN ({classes}))"), params)
        conn.execute(Q(f"DELETE FROM questions WHERE class_id IN ({classes})"), params)
        conn.execute(Q(f"DELETE FROM learners WHERE class_id IN ({classes})"), params)
        return conn.execute(Q(f"DELETE FROM classes WHERE {where}"), params).rowcount

    def _class(self, conn: sa.Connection, class_id: object, *, expired_ok: bool = False):
        class_id = checks.integer(class_id, 1, 2**62, "class number")
        row = conn.execute(Q("SELECT id, code, key_hash, expires_at, n_learners, follow FROM classes "
                             "WHERE id = :id"), {"id": class_id}).first()
        if row is None:
            raise UnknownClass("This class has ended.")
        if row.expires_at <= self.clock() and not expired_ok:
            raise ClassExpired(f"This class ended after {self.limits.hours:g} hours; the teacher can start "
                               "a new one.")
        return row

    def _teacher(self, conn: sa.Connection, class_id: object, key: object, *, expired_ok: bool = False):
        row = self._class(conn, class_id, expired_ok=expired_ok)
        given = hash_key(key) if isinstance(key, str) and checks.TOKEN.fullmatch(key) else ""
        if not hmac.compare_digest(given, row.key_hash):
            raise NotTeacher("Only the teacher's link can do this.")
        return row

    # --- learners

    def join(self, code: object, learner: object) -> Joined:
        """Join the class with this code (joining again is harmless); its banner reads "Class ABCDE"."""
        code, learner = checks.code(code), checks.token(learner, "session")
        with transaction(self.engine, write=True) as conn:
            row = conn.execute(Q("SELECT id FROM classes WHERE code = :code"), {"code": code}).first()
            if row is None:
                raise UnknownClass("No class has this code: check it with your teacher.")
            self._class(conn, row.id)
            new = conn.execute(Q("INSERT INTO learners (class_id, learner, joined_at) VALUES (:c, :l, :now) "
                                 "ON CONFLICT (class_id, learner) DO NOTHING"),
                               {"c": row.id, "l": learner, "now": self.clock()}).rowcount
            # The count and its cap in one statement, so two servers admitting at once cannot pass the limit.
            if new and not conn.execute(Q("UPDATE classes SET n_learners = n_learners + 1 "
                                          "WHERE id = :c AND n_learners < :max"),
                                        {"c": row.id, "max": self.limits.learners}).rowcount:
                raise LimitReached(f"This class is full ({self.limits.learners} learners).")
        return Joined(row.id, code)

    def current(self, class_id: int) -> Question | None:
        """The question the teacher asked last (open, closed or revealed), or None before the first."""
        return self.now_showing(class_id)[0]

    def now_showing(self, class_id: int) -> tuple[Question | None, Follow | None]:
        """What a learner's page polls for, in one transaction: the question asked last (as `current`) and the
        teacher's page and settings on offer (as `follow`)."""
        with transaction(self.engine, write=False) as conn:
            row = self._class(conn, class_id)
            asked = conn.execute(Q("SELECT * FROM questions WHERE class_id = :c ORDER BY id DESC LIMIT 1"),
                                 {"c": row.id}).first()
        return (question_of(asked) if asked else None), _follow_of(row)

    def vote(self, question_id: object, learner: object, answer: object) -> bool:
        """Record a learner's answer, replacing their earlier one; True when it replaced one. An answer is a
        choice's index, or a number in the question's range."""
        question_id = checks.integer(question_id, 1, 2**62, "question number")
        learner = checks.token(learner, "session")
        lock = " FOR SHARE OF q" if is_postgresql(self.engine) else ""  # a close waits for the votes in flight
        with transaction(self.engine, write=True) as conn:
            row = conn.execute(Q(
                "SELECT q.*, c.expires_at, EXISTS (SELECT 1 FROM learners l WHERE l.class_id = q.class_id "
                "AND l.learner = :l) AS joined FROM questions q JOIN classes c ON c.id = q.class_id "
                f"WHERE q.id = :q{lock}"), {"q": question_id, "l": learner}).first()
            if row is None or row.state != "open":
                raise VoteClosed("Voting on this question is closed.")
            if row.expires_at <= self.clock():
                raise ClassExpired("This class has ended.")
            if not row.joined:
                raise NotJoined("Join the class with its code before you answer.")
            question = question_of(row)
            if question.kind == "choice":
                choice, value = checks.integer(answer, 0, question.n_choices - 1, "answer"), None
            else:
                choice, value = None, checks.real(answer, question.low, question.high, "answer")
            params = {"q": question_id, "l": learner}
            earlier = conn.execute(Q("SELECT 1 FROM votes WHERE question_id = :q AND learner = :l"), params).first()
            conn.execute(Q("INSERT INTO votes (question_id, learner, choice, value, voted_at) "
                           "VALUES (:q, :l, :choice, :value, :now) ON CONFLICT (question_id, learner) DO UPDATE "
                           "SET choice = excluded.choice, value = excluded.value, voted_at = excluded.voted_at"),
                         {**params, "choice": choice, "value": value, "now": self.clock()})
        return earlier is not None

    def my_vote(self, question_id: object, learner: object) -> int | float | None:
        params = {"q": checks.integer(question_id, 1, 2**62, "question number"),
                  "l": checks.token(learner, "session")}
        with transaction(self.engine, write=False) as conn:
            row = conn.execute(Q("SELECT choice, value FROM votes WHERE question_id = :q AND learner = :l"),
                               params).first()
        return None if row is None else row.choice if row.choice is not None else row.value

    # --- the teacher's questions

    def ask(self, class_id: int, key: object, lesson: object, question: object, n_choices: object) -> Question:
        """Ask a multiple-choice question of a lesson; the question asked before it closes."""
        n = checks.integer(n_choices, 2, self.limits.choices, "number of answers")
        return self._ask(class_id, key, lesson, question, {"kind": "choice", "n": n, "low": None, "high": None,
                                                           "bins": None})

    def ask_number(self, class_id: int, key: object, lesson: object, question: object, low: object,
                   high: object, bins: object = 10) -> Question:
        """Ask for a numeric prediction in [low, high], counted in ``bins`` equal bins."""
        low, high = checks.number_range(low, high)
        bins = checks.integer(bins, 2, self.limits.bins, "number of bars")
        return self._ask(class_id, key, lesson, question, {"kind": "number", "n": None, "low": low, "high": high,
                                                           "bins": bins})

    def _ask(self, class_id: int, key: object, lesson: object, question: object, shape: dict) -> Question:
        params = {"lesson": checks.name(lesson, "lesson"), "question": checks.name(question, "question"), **shape}
        with transaction(self.engine, write=True) as conn:
            self._teacher(conn, class_id, key)
            asked = conn.execute(Q("SELECT COUNT(*) FROM questions WHERE class_id = :c"), {"c": class_id})
            if asked.scalar() >= self.limits.questions:
                raise LimitReached(f"A class can ask {self.limits.questions} questions; start a new class.")
            conn.execute(Q("UPDATE questions SET state = 'closed' WHERE class_id = :c AND state = 'open'"),
                         {"c": class_id})
            row = conn.execute(Q(
                "INSERT INTO questions (class_id, lesson, question, kind, n_choices, low, high, bins, state, "
                "asked_at) VALUES (:c, :lesson, :question, :kind, :n, :low, :high, :bins, 'open', :now) "
                "RETURNING *"), {**params, "c": class_id, "now": self.clock()}).first()
        return question_of(row)

    def close(self, class_id: int, key: object, question_id: object) -> Question:
        """Stop the voting; the votes stay for the chart."""
        return self._set_state(class_id, key, question_id, "closed")

    def reveal(self, class_id: int, key: object, question_id: object) -> Question:
        """Close the voting and let every learner's page show the right answer and its explanation."""
        return self._set_state(class_id, key, question_id, "revealed")

    def _set_state(self, class_id: int, key: object, question_id: object, state: str) -> Question:
        question_id = checks.integer(question_id, 1, 2**62, "question number")
        with transaction(self.engine, write=True) as conn:
            self._teacher(conn, class_id, key)
            row = conn.execute(Q("UPDATE questions SET state = :state WHERE id = :q AND class_id = :c "
                                 "AND state <> 'revealed' RETURNING *"),
                               {"state": state, "q": question_id, "c": class_id}).first()
            if row is None:
                row = self._own_question(conn, class_id, question_id)  # already revealed: it stays revealed
        return question_of(row)

    @staticmethod
    def _own_question(conn: sa.Connection, class_id: int, question_id: int):
        row = conn.execute(Q("SELECT * FROM questions WHERE id = :q AND class_id = :c"),
                           {"q": question_id, "c": class_id}).first()
        if row is None:
            raise InvalidInput("This class has no such question.")
        return row

    def counts(self, class_id: int, key: object, question_id: object) -> Counts:
        """The votes so far, counts only (no one's answer): per choice, or per bin of the numeric range."""
        question_id = checks.integer(question_id, 1, 2**62, "question number")
        with transaction(self.engine, write=False) as conn:
            joined = self._teacher(conn, class_id, key).n_learners
            question = question_of(self._own_question(conn, class_id, question_id))
            if question.kind == "choice":
                counts = [0] * question.n_choices
                for choice, n in conn.execute(Q("SELECT choice, COUNT(*) FROM votes WHERE question_id = :q "
                                                "GROUP BY choice"), {"q": question_id}):
                    counts[choice] = n
                return Counts(question, tuple(counts), None, joined)
            values = conn.execute(Q("SELECT value FROM votes WHERE question_id = :q"), {"q": question_id})
            values = values.scalars().all()
        return Counts(question, *histogram(values, question.low, question.high, question.bins), joined)

    # --- follow me

    def set_follow(self, class_id: int, key: object, page: object | None, settings: object = None) -> None:
        """Offer the teacher's page and settings to the learners ("Teacher's settings"); page None stops it."""
        follow = None
        if page is not None:
            follow = checks.to_json({"page": checks.name(page, "page"), "settings": checks.settings(settings or {})})
        with transaction(self.engine, write=True) as conn:
            self._teacher(conn, class_id, key)
            conn.execute(Q("UPDATE classes SET follow = :f WHERE id = :c"), {"f": follow, "c": class_id})

    def follow(self, class_id: int) -> Follow | None:
        with transaction(self.engine, write=False) as conn:
            return _follow_of(self._class(conn, class_id))


def _follow_of(row) -> Follow | None:
    """The offer stored in a class's row, if follow me is on."""
    return Follow(**json.loads(row.follow)) if row.follow else None
