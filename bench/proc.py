"""Memory and CPU of a server's process group, read from ``/proc`` (Linux only; psutil is not a dependency).

``start_server`` (tests/browser/server.py) starts Streamlit in a new session, so the server and anything it
spawns share one process group whose id is the server's pid. RSS is summed over that group; CPU is the sum of
user + system time of the group's live processes (``utime + stime`` in ``/proc/<pid>/stat``).
"""

import os
import threading
import time
from dataclasses import dataclass, field

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may contain spaces: split after its closing ")".
    return text[text.rindex(")") + 2:].split()


def group_pids(pgid: int) -> list[int]:
    """Live pids whose process group is ``pgid`` (field 5 of /proc/<pid>/stat)."""
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            fields = _stat_fields(int(name))
            if fields is not None and int(fields[2]) == pgid:
                pids.append(int(name))
    return pids


def rss_bytes(pid: int) -> int:
    """Resident set size of one process, from /proc/<pid>/statm (pages * page size); 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE
    except OSError:
        return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by one process; 0 if it is gone."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    # After the ")" split: state is index 0, so utime (field 14) is index 11 and stime (field 15) index 12.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def group_rss(pgid: int) -> int:
    return sum(rss_bytes(p) for p in group_pids(pgid))


def group_cpu(pgid: int) -> float:
    return sum(cpu_seconds(p) for p in group_pids(pgid))


def thread_count(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Sampler:
    """Samples a process group's RSS and CPU every ``interval`` s in a background thread.

    ``with Sampler(pgid) as s: ...`` then ``s.peak_rss``, ``s.cpu_seconds`` (CPU used while sampling) and
    ``s.cpu_percent`` (mean CPU over the wall time, 100 % = one core busy).
    """

    pgid: int
    interval: float = 0.25
    samples: list = field(default_factory=list)  # (t, rss_bytes, cpu_seconds)

    def __enter__(self):
        self._stop = threading.Event()
        self._t0 = time.monotonic()
        self._cpu0 = group_cpu(self.pgid)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - self._t0, group_rss(self.pgid), group_cpu(self.pgid)))
            self._stop.wait(self.interval)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.wall = time.monotonic() - self._t0
        self.cpu_seconds = group_cpu(self.pgid) - self._cpu0
        self.samples.append((self.wall, group_rss(self.pgid), group_cpu(self.pgid)))
        return False

    @property
    def peak_rss(self) -> int:
        return max(s[1] for s in self.samples)

    @property
    def cpu_percent(self) -> float:
        return 100.0 * self.cpu_seconds / self.wall if self.wall > 0 else 0.0


class Samplers:
    """Several process groups sampled together (one :class:`Sampler` each), read as one server: CPU summed over
    the groups, and ``peak_rss`` the sum of each group's own peak (the groups need not peak at the same moment, so
    this is an upper bound of their summed RSS at any one time).

    ``with Samplers([Sampler(pgid) for pgid in pgids]) as s: ...`` then the same figures as a :class:`Sampler`.
    """

    def __init__(self, each: list):
        self.each = each

    def __enter__(self):
        entered = []
        try:
            for s in self.each:
                entered.append(s.__enter__())
        except BaseException:
            for s in entered:
                s.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        for s in self.each:
            s.__exit__(*exc)
        return False

    @property
    def wall(self) -> float:
        return max(s.wall for s in self.each)

    @property
    def cpu_seconds(self) -> float:
        return sum(s.cpu_seconds for s in self.each)

    @property
    def peak_rss(self) -> int:
        return sum(s.peak_rss for s in self.each)

    @property
    def cpu_percent(self) -> float:
        return 100.0 * self.cpu_seconds / self.wall if self.wall > 0 else 0.0


def mib(n: float) -> float:
    return n / 2**20
