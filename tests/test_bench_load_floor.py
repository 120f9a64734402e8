"""bench/load_floor.py's arithmetic: the least time N answers need on the machine's cores, and CPU readings."""

import pytest

from bench.load_floor import CpuLog, floor_table


# Each row of the table: N, CPU for N answers, floor, target, reachable, condition.
def rows(lines):
    return {int(cells[0]): cells[1:] for cells in
            ([c.strip() for c in line.strip("|").split("|")] for line in lines if line.startswith("| ") and
             line[2].isdigit())}


def test_floor_is_the_p95_rank_times_one_answers_cpu_over_the_cores():
    runs = [dict(latency=0.4, server=0.2, browser=0.3)] * 3
    table = rows(floor_table(runs, [1, 8, 16], cores=2))
    # N = 1: nothing to share the cores with, the floor is the latency itself, within the target.
    assert table[1] == ["0.5", "0.40", "0.80", "yes", "4.00 (here 1.25)"]
    # N = 8: the 8th answer needs 8 x 0.5 CPU s on 2 cores = 2 s, against a target of 2 x 0.4 s.
    assert table[8] == ["4.0", "2.00", "0.80", "no", "0.50 (here 1.25)"]
    # N = 16: the p95 answer is the 16th (ceil(15.2)).
    assert table[16][1:4] == ["4.00", "0.80", "no"]


def test_an_answer_mostly_waited_for_can_meet_the_target():
    runs = [dict(latency=1.0, server=0.1, browser=0.1)]
    assert rows(floor_table(runs, [8], cores=2))[8] == ["1.6", "1.00", "2.00", "yes", "0.50 (here 0.20)"]


def test_cpu_readings_are_interpolated_between_two_samples():
    log = CpuLog(server_pgid=0)
    log.rows = [(10.0, 1.0, 5.0), (10.1, 1.2, 5.4), (10.3, 1.2, 6.0)]
    assert log.at(10.05) == pytest.approx((1.1, 5.2))
    assert log.at(10.2) == pytest.approx((1.2, 5.7))
    with pytest.raises(ValueError):
        log.at(11.0)
