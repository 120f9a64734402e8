"""Many learners at once: threads of one server voting together lose no vote, the learner cap holds under a rush,
and two servers (two engines) on one database see each other's votes."""

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from classes import ClassStore, LimitReached, Limits, VoteClosed, new_learner


def together(n, work):
    """Run work(i) for i < n on n threads released at the same moment; returns results or exceptions."""
    barrier, results = threading.Barrier(n), [None] * n

    def run(i):
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as e:  # noqa: BLE001 - handed back to the test
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_threads_voting_at_once_lose_no_vote(store):
    started = store.start_class()
    learners = [new_learner() for _ in range(40)]
    assert not [e for e in together(40, lambda i: store.join(started.code, learners[i]))
                if isinstance(e, Exception)]
    question = store.ask(started.class_id, started.teacher_key, "pca", "centre", 4)

    def vote_then_change(i):
        store.vote(question.id, learners[i], i % 4)
        return store.vote(question.id, learners[i], (i + 1) % 4)

    assert together(40, vote_then_change) == [True] * 40
    counts = store.counts(started.class_id, started.teacher_key, question.id)
    expected = Counter((i + 1) % 4 for i in range(40))
    assert counts.counts == tuple(expected[c] for c in range(4)) == (10, 10, 10, 10)
    assert (counts.total, counts.joined) == (40, 40)


def test_a_rush_of_learners_never_passes_the_cap(url):
    store = ClassStore.open(url, limits=Limits(learners=5))
    try:
        started = store.start_class()
        results = together(20, lambda i: store.join(started.code, new_learner()))
        assert sum(isinstance(r, LimitReached) for r in results) == 15
        assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, LimitReached)]
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT COUNT(*) FROM learners")).scalar() == 5
    finally:
        store.dispose()


def test_two_servers_share_one_class(url):
    """Two engines on one database stand for two app servers behind a load balancer."""
    learner_side, teacher_side = ClassStore.open(url), ClassStore.open(url)
    try:
        started = teacher_side.start_class()
        learners = [new_learner() for _ in range(3)]
        for learner in learners:
            learner_side.join(started.code, learner)
        question = teacher_side.ask(started.class_id, started.teacher_key, "pca", "centre", 3)
        assert learner_side.current(started.class_id) == question
        learner_side.vote(question.id, learners[0], 2)
        learner_side.vote(question.id, learners[1], 2)
        counts = teacher_side.counts(started.class_id, started.teacher_key, question.id)
        assert (counts.counts, counts.joined) == ((0, 0, 2), 3)
        teacher_side.close(started.class_id, started.teacher_key, question.id)
        with pytest.raises(VoteClosed):
            learner_side.vote(question.id, learners[2], 0)
        teacher_side.reveal(started.class_id, started.teacher_key, question.id)
        assert learner_side.current(started.class_id).state == "revealed"
    finally:
        learner_side.dispose()
        teacher_side.dispose()


def test_servers_starting_together_create_the_schema_once(url):
    stores = together(4, lambda i: ClassStore.open(url))
    assert all(isinstance(s, ClassStore) for s in stores), stores
    with stores[0].engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM schema_version")).scalar() == 1
    for s in stores:
        s.dispose()
