"""bench/class_load.py --replicas: learners spread over the servers, the servers' figures summed, the option's
checks, and DATABASE_URL given to the servers without staying in this process's environment."""

import os

import pytest

from bench.class_load import learners_cell, main, server_figures
from bench.class_load_ws import environ, round_robin
from bench.proc import Sampler, Samplers

MIB = 2**20


def test_learner_i_joins_server_i_mod_r():
    assert round_robin(7, 3) == [0, 1, 2, 0, 1, 2, 0]
    assert round_robin(4, 1) == [0, 0, 0, 0]
    assert round_robin(2, 3) == [0, 1]  # fewer learners than servers: the last server has none


def finished(samples, cpu_seconds, wall):
    """A Sampler as it is after its ``with`` block: its samples (t, rss, cpu), CPU used and wall time."""
    s = Sampler(pgid=0, samples=samples)
    s.cpu_seconds, s.wall = cpu_seconds, wall
    return s


def test_servers_cpu_is_summed_and_their_peaks_are_added_though_they_came_at_different_times():
    a = finished([(0.0, 300 * MIB, 0.0), (1.0, 200 * MIB, 1.0)], cpu_seconds=3.0, wall=10.0)
    b = finished([(0.0, 100 * MIB, 0.0), (1.0, 250 * MIB, 1.0)], cpu_seconds=1.5, wall=12.0)
    both = Samplers([a, b])
    assert both.peak_rss == 550 * MIB   # 300 + 250, though at no sample did the two hold more than 450
    assert both.cpu_seconds == 4.5
    assert both.wall == 12.0
    assert both.cpu_percent == pytest.approx(37.5)  # 4.5 CPU s over 12 s: more than 100 % would be > 1 core
    figures = server_figures(both, both, n=3, runs=9)
    assert figures["rss_peak_mib"] == 550.0
    assert figures["cpu_s_per_learner"] == 1.5
    assert figures["cpu_ms_per_run"] == 500.0


def test_the_learners_column_names_the_servers_only_when_there_are_several():
    assert learners_cell({}) == "chromium"
    assert learners_cell({"learners": "ws", "replicas": 1}) == "ws"
    assert learners_cell({"learners": "ws", "replicas": 2}) == "ws on 2 servers"


@pytest.mark.parametrize("argv", [["--replicas", "2"], ["--learners", "chromium", "--replicas", "3"],
                                  ["--learners", "ws", "--replicas", "0"]])
def test_replicas_are_refused_for_chromium_learners_and_below_one(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert "--replicas" in capsys.readouterr().err


def test_database_url_is_set_for_the_servers_start_and_put_back_after(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with environ("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/test_1"):
        assert os.environ["DATABASE_URL"] == "postgresql://postgres@127.0.0.1:1/test_1"
    assert "DATABASE_URL" not in os.environ
    monkeypatch.setenv("DATABASE_URL", "postgresql://before")
    with pytest.raises(RuntimeError), environ("DATABASE_URL", "postgresql://during"):
        raise RuntimeError("a server did not start")
    assert os.environ["DATABASE_URL"] == "postgresql://before"
