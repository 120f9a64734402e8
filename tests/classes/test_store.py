"""Every operation of a class, against SQLite and PostgreSQL (the `store` fixture runs each test on both)."""

import hashlib

import pytest
import sqlalchemy as sa

from classes import (
    ClassExpired,
    ClassStore,
    InvalidInput,
    LimitReached,
    Limits,
    NotJoined,
    NotTeacher,
    UnknownClass,
    VoteClosed,
    new_learner,
)
from classes.checks import CODE_LETTERS


def rows(store, sql, **params):
    with store.engine.connect() as conn:
        return conn.execute(sa.text(sql), params).all()


def a_class(store, learners=3):
    started = store.start_class()
    tokens = [new_learner() for _ in range(learners)]
    for t in tokens:
        store.join(started.code, t)
    return started, tokens


def test_a_class_has_a_short_unambiguous_code_and_a_128_bit_key_stored_hashed(store):
    started = store.start_class()
    assert len(started.code) == 5 and set(started.code) <= set(CODE_LETTERS)
    assert not set(started.code) & set("ILO01")
    assert len(started.teacher_key) * 6 >= 128
    [(stored,)] = rows(store, "SELECT key_hash FROM classes WHERE id = :id", id=started.class_id)
    assert stored == hashlib.sha256(started.teacher_key.encode()).hexdigest() != started.teacher_key
    assert store.teach(started.code, started.teacher_key).class_id == started.class_id


def test_join_by_code_as_typed_shows_the_banner_and_counts_a_learner_once(store):
    started = store.start_class()
    learner = new_learner()
    typed = f" {started.code[:3].lower()}-{started.code[3:]} "
    joined = store.join(typed, learner)
    assert (joined.class_id, joined.banner) == (started.class_id, f"Class {started.code}")
    store.join(started.code, learner)  # a reload joins again: still one learner
    question = store.ask(started.class_id, started.teacher_key, "pca", "centre", 4)
    assert store.counts(started.class_id, started.teacher_key, question.id).joined == 1


def test_a_wrong_or_malformed_code_is_refused(store):
    started = store.start_class()
    other = next(c for c in CODE_LETTERS if c != started.code[0]) + started.code[1:]
    with pytest.raises(UnknownClass, match="No class has this code"):
        store.join(other, new_learner())
    for bad in ["ABC", "ABCDE1", "ABCDI", "A" * 10**6, None, 12345, "ÄBCDE"]:
        with pytest.raises(InvalidInput, match="5 letters"):
            store.join(bad, new_learner())
    with pytest.raises(InvalidInput):
        store.join(started.code, "x" * 10**6)
    assert rows(store, "SELECT COUNT(*) FROM learners") == [(0,)]


def test_votes_are_counted_once_per_learner_and_may_change_until_closed(store):
    started, (a, b, c) = a_class(store)
    cid, key = started.class_id, started.teacher_key
    question = store.ask(cid, key, "linear_autoencoder", "settle", 4)
    assert store.current(cid) == question and question.state == "open"
    assert store.vote(question.id, a, 1) is False
    assert store.vote(question.id, b, 1) is False
    assert store.vote(question.id, c, 3) is False
    assert store.counts(cid, key, question.id).counts == (0, 2, 0, 1)
    assert store.vote(question.id, a, 0) is True  # a second vote replaces the first
    counts = store.counts(cid, key, question.id)
    assert (counts.counts, counts.total, counts.joined) == ((1, 1, 0, 1), 3, 3)
    assert store.my_vote(question.id, a) == 0 and store.my_vote(question.id, new_learner()) is None

    assert store.close(cid, key, question.id).state == "closed"
    with pytest.raises(VoteClosed, match="closed"):
        store.vote(question.id, b, 2)
    assert store.counts(cid, key, question.id).counts == (1, 1, 0, 1)  # the chart keeps the votes
    assert store.reveal(cid, key, question.id).state == "revealed"
    assert store.current(cid).state == "revealed"
    assert store.close(cid, key, question.id).state == "revealed"  # a revealed answer stays revealed


def test_a_bad_vote_changes_nothing(store):
    started, (a,) = a_class(store, learners=1)
    question = store.ask(started.class_id, started.teacher_key, "pca", "centre", 3)
    for answer in [3, -1, True, 1.5, "1", None, float("nan")]:
        with pytest.raises(InvalidInput, match="whole number from 0 to 2"):
            store.vote(question.id, a, answer)
    with pytest.raises(NotJoined, match="Join the class"):
        store.vote(question.id, new_learner(), 1)
    with pytest.raises(VoteClosed):
        store.vote(question.id + 1000, a, 1)
    assert store.counts(started.class_id, started.teacher_key, question.id).total == 0


def test_a_new_question_closes_the_one_before(store):
    started, (a,) = a_class(store, learners=1)
    first = store.ask(started.class_id, started.teacher_key, "pca", "centre", 3)
    second = store.ask(started.class_id, started.teacher_key, "deep", "greedy", 2)
    assert store.current(started.class_id) == second
    with pytest.raises(VoteClosed):
        store.vote(first.id, a, 0)
    store.vote(second.id, a, 1)


def test_a_numeric_prediction_is_counted_in_a_histogram(store):
    started, learners = a_class(store, learners=5)
    cid, key = started.class_id, started.teacher_key
    question = store.ask_number(cid, key, "linear_autoencoder", "gap", 0, 10, bins=5)
    assert (question.kind, question.low, question.high, question.bins) == ("number", 0.0, 10.0, 5)
    for learner, value in zip(learners, [0, 1.99, 2.0, 9.5, 10]):
        store.vote(question.id, learner, value)
    counts = store.counts(cid, key, question.id)
    assert counts.counts == (2, 1, 0, 0, 2)  # each bin holds its low edge; the last holds high too
    assert counts.edges == (0.0, 2.0, 4.0, 6.0, 8.0, 10.0)
    for bad in [float("nan"), float("inf"), -0.01, 10.01, "5", True]:
        with pytest.raises(InvalidInput, match="number from 0 to 10"):
            store.vote(question.id, learners[0], bad)
    assert store.my_vote(question.id, learners[0]) == 0.0


def test_a_question_must_be_well_formed(store):
    started = store.start_class()
    cid, key = started.class_id, started.teacher_key
    with pytest.raises(InvalidInput, match="lesson"):
        store.ask(cid, key, "../pca", "centre", 4)
    with pytest.raises(InvalidInput, match="question"):
        store.ask(cid, key, "pca", "q" * 41, 4)
    with pytest.raises(InvalidInput, match="number of answers"):
        store.ask(cid, key, "pca", "centre", 1)
    with pytest.raises(InvalidInput, match="above the lowest"):
        store.ask_number(cid, key, "pca", "gap", 5, 5)
    with pytest.raises(InvalidInput, match="lowest answer"):
        store.ask_number(cid, key, "pca", "gap", float("-inf"), 5)
    with pytest.raises(InvalidInput, match="number of bars"):
        store.ask_number(cid, key, "pca", "gap", 0, 1, bins=10**6)
    assert store.current(cid) is None


def test_teacher_actions_need_the_teacher_key(store):
    started, (a,) = a_class(store, learners=1)
    cid, key = started.class_id, started.teacher_key
    question = store.ask(cid, key, "pca", "centre", 2)
    store.vote(question.id, a, 1)
    forged = key[:-1] + ("A" if key[-1] != "A" else "B")
    for bad in [forged, "", None, "x" * 10**6, a]:
        with pytest.raises(NotTeacher, match="teacher's link"):
            store.ask(cid, bad, "pca", "centre", 2)
        for action in (store.close, store.reveal, store.counts):
            with pytest.raises(NotTeacher):
                action(cid, bad, question.id)
        with pytest.raises(NotTeacher):
            store.set_follow(cid, bad, "pca", {"k": 2})
        with pytest.raises(NotTeacher):
            store.end_class(cid, bad)
        with pytest.raises(NotTeacher):
            store.teach(started.code, bad)
    assert store.current(cid) == question  # nothing changed
    assert store.counts(cid, key, question.id).counts == (0, 1) and store.follow(cid) is None
    other = store.start_class()  # one class's key is no key for another
    with pytest.raises(NotTeacher):
        store.close(cid, other.teacher_key, question.id)
    with pytest.raises(InvalidInput, match="no such question"):
        store.close(other.class_id, other.teacher_key, question.id)


def test_follow_me_offers_the_teachers_page_and_settings(store):
    started = store.start_class()
    cid, key = started.class_id, started.teacher_key
    store.set_follow(cid, key, "linear_autoencoder", {"dataset": "digits", "k": 3, "learning_rate": 0.05,
                                                      "tied": False, "layers": "8,2"})
    follow = store.follow(cid)
    assert follow.page == "linear_autoencoder"
    assert follow.settings == {"dataset": "digits", "k": 3, "learning_rate": 0.05, "tied": False, "layers": "8,2"}
    for bad in [{"k": float("nan")}, {"k": [1]}, {"Bad key": 1}, {"s": "<script>"}, {"s": "x" * 65},
                {f"k{i}": i for i in range(17)}, "k=3"]:
        with pytest.raises(InvalidInput):
            store.set_follow(cid, key, "pca", bad)
    assert store.follow(cid) == follow
    store.set_follow(cid, key, None)
    assert store.follow(cid) is None


def test_a_learners_poll_reads_the_question_and_the_offer_at_once(store):
    started = store.start_class()
    cid, key = started.class_id, started.teacher_key
    assert store.now_showing(cid) == (None, None)
    store.set_follow(cid, key, "pca", {"k": 2})
    asked = store.ask(cid, key, "pca", "centre", 3)
    question, follow = store.now_showing(cid)
    assert question == asked == store.current(cid) and follow == store.follow(cid) and follow.settings == {"k": 2}
    store.end_class(cid, key)
    with pytest.raises(UnknownClass):
        store.now_showing(cid)


def test_ending_a_class_deletes_its_votes(store):
    started, learners = a_class(store)
    kept, kept_learners = a_class(store, learners=1)
    question = store.ask(started.class_id, started.teacher_key, "pca", "centre", 2)
    other = store.ask(kept.class_id, kept.teacher_key, "pca", "centre", 2)
    for learner in learners:
        store.vote(question.id, learner, 0)
    store.vote(other.id, kept_learners[0], 1)
    store.end_class(started.class_id, started.teacher_key)
    assert rows(store, "SELECT question_id, choice FROM votes") == [(other.id, 1)]
    assert rows(store, "SELECT COUNT(*) FROM learners") == [(1,)]
    assert rows(store, "SELECT id FROM classes") == [(kept.class_id,)]
    with pytest.raises(UnknownClass):
        store.join(started.code, learners[0])
    with pytest.raises(UnknownClass, match="ended"):
        store.current(started.class_id)


def test_a_class_expires_after_12_hours(url):
    now = [1_000_000.0]
    store = ClassStore.open(url, clock=lambda: now[0])
    try:
        started, (a,) = a_class(store, learners=1)
        question = store.ask(started.class_id, started.teacher_key, "pca", "centre", 2)
        now[0] += 12 * 3600 - 1
        store.vote(question.id, a, 1)
        now[0] += 1
        for action in (lambda: store.join(started.code, new_learner()), lambda: store.current(started.class_id),
                       lambda: store.vote(question.id, a, 0),
                       lambda: store.ask(started.class_id, started.teacher_key, "pca", "centre", 2)):
            with pytest.raises(ClassExpired, match="ended"):
                action()
        store.start_class()  # starting a class clears the expired ones, votes and all
        assert rows(store, "SELECT COUNT(*) FROM votes") == [(0,)]
        assert len(rows(store, "SELECT id FROM classes")) == 1
    finally:
        store.dispose()


def test_limits_are_refused_with_a_clear_message(url):
    store = ClassStore.open(url, limits=Limits(classes=2, learners=2, questions=2))
    try:
        started, (a, b) = a_class(store, learners=2)
        store.start_class()
        with pytest.raises(LimitReached, match="as many classes as it can hold"):
            store.start_class()
        with pytest.raises(LimitReached, match=r"full \(2 learners\)"):
            store.join(started.code, new_learner())
        store.join(started.code, a)  # a learner already in may come back
        for name in ("centre", "greedy"):
            store.ask(started.class_id, started.teacher_key, "pca", name, 2)
        with pytest.raises(LimitReached, match="2 questions"):
            store.ask(started.class_id, started.teacher_key, "pca", "third", 2)
        assert rows(store, "SELECT n_learners FROM classes WHERE id = :i", i=started.class_id) == [(2,)]
        assert rows(store, "SELECT COUNT(*) FROM learners") == [(2,)]
        store.end_class(started.class_id, started.teacher_key)
        store.start_class()  # the ended class freed its place
    finally:
        store.dispose()
