"""The class benchmark with protocol-level clients: ``python bench/class_load.py --learners ws``.

The same class as bench/class_load.py (a teacher starts a class on /in_class; N learners open
``/linear_autoencoder?join=CODE``, choose the fast pace; the teacher asks; each learner picks the first answer and
sends it, one after the other; then each presses Train), but every page is a bench/ws_client.py client in this
process: no renderer takes the server's cores, so N = 60 fits on a 2-core machine. The teacher is a client too,
so one clock (this process's ``time.monotonic()``) times vote -> teacher's chart. The frames are logged as the
CDP sessions log them and read by class_load.py's own code (``Learner.scan``, ``summarize``).

What differs from Chromium: no drawing, so the pages' auto-reruns come exactly on time (a busy browser's come
late), and the learners' clicks are not spaced by a driver's checks; the widgets nobody touched are not sent.

``--replicas R`` (R > 1): the class on R app servers sharing one PostgreSQL, as deploy/k8s.yaml runs it (one
Streamlit process is bound by one GIL, about one core). Per level a throwaway cluster (tests/classes/postgres.py)
with a fresh database, R servers with ``DATABASE_URL`` set to it, the teacher on the first server and learner i
on server i mod R (``round_robin``: the other servers' first visits are join links, several at once); the server
figures are summed over the R process groups (``Samplers``: peak RSS is the sum of each server's own peak), and
PostgreSQL's CPU is reported beside them. ``--profile`` samples the first server only.
"""

import asyncio
import os
import pickle
import signal
import tempfile
import time
from pathlib import Path
from unittest import mock

from bench import load
from bench.class_load import JOIN_BATCH, Frames, Learner, server_figures, summarize, teacher_counts
from bench.proc import Sampler, Samplers, cpu_seconds
from bench.ws_client import Client
from tests.browser.server import start_server, stop_server

# The motion-preference component (ui/accessibility.py) reports its value once mounted, and that costs a whole
# page's rerun in Chromium: sent here too, after the first run, so joining costs the server the same.
MOUNTED = ("app:reduced_motion", "json_value", '{"reduce":false}')
JOIN_CODE = "Join code: <span"
TICK = 0.1  # the loop-lag probe's interval, as class_load.HEARTBEAT_JS's
SLOW = 30.0  # a learner this many seconds from Train to the gap gets its frames kept, as one that never got there


async def open_page(url: str, path: str, query: str, log: list, timeout: float) -> Client:
    """Open a page and wait until its first run, and the rerun its mounted component asks for, are done."""
    c = Client(url, path, query, log)
    await c.open(timeout)
    await c.idle_after(0, timeout)
    key, kind, value = MOUNTED
    if key in c.page.widgets:
        started = c.page.started
        await c.change(key, kind, value)
        await c.idle_after(started, timeout)
    return c


async def start_class(url: str, frames: Frames, timeout: float) -> tuple[Client, str]:
    teacher = await open_page(url, "in_class", "", frames.log, timeout)
    await teacher.click("classmode_start")
    text = await teacher.until(lambda: teacher.page.text(JOIN_CODE), timeout)
    return teacher, text.split(">", 1)[1][:5]


async def join(url: str, code: str, frames: Frames, timeout: float) -> Client:
    c = await open_page(url, "linear_autoencoder", f"join={code}", frames.log, timeout)
    await c.until(lambda: c.page.text(f"Class {code}"), timeout)
    started = c.page.started
    await c.change("linear_autoencoder:pace", "string_array_value", ["fast"])  # as h.choose_pace: the server's pace
    await c.idle_after(started, timeout)
    return c


async def vote(c: Client, timeout: float) -> None:
    """Pick the first answer (its rerun waited for, as the browser driver does), then press "Send my answer"."""
    key = c.page.find(r"classmode_answer_\d+")
    started = c.page.started
    await c.change(key, "string_value", c.page.widgets[key].element.options[0])
    await c.idle_after(started, timeout)
    await c.click(c.page.find(r"classmode_send_\d+"))


class LoopLag:
    """The longest this process's event loop was held up (a 0.1 s timer's lateness): how late frames were read."""

    def __init__(self):
        self.longest = 0.0
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            t = loop.time()
            await asyncio.sleep(TICK)
            self.longest = max(self.longest, loop.time() - t - TICK)

    def stop(self) -> float:
        self._task.cancel()
        return self.longest


async def watch(learners: list[Learner], done, timeout: float) -> None:
    """Read the learners' new frames every 0.5 s until ``done()`` or the time-out (as class_load's watch)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        for x in learners:
            x.scan()
            if x.error is None and (x.page.closed or x.page.page.not_found):
                x.error = "Page not found" if x.page.page.not_found else f"websocket closed ({x.page.failure!r})"
        if done():
            return


def round_robin(n: int, replicas: int) -> list[int]:
    """The server each of ``n`` learners joins: learner i on server i mod ``replicas`` (the teacher is on 0)."""
    return [i % replicas for i in range(n)]


def environ(name: str, value: str):
    """``os.environ[name] = value`` inside the block (start_server passes os.environ on), as before it after."""
    return mock.patch.dict(os.environ, {name: value})


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its live descendants (PostgreSQL's backends are each their own group)."""
    return cpu_seconds(pid) + sum(cpu_seconds(p) for p in load.descendants(pid))


def servers_quiet(pids: list[int], *, quiet: float = 0.05, window: float = 0.5, limit: float = 60.0) -> float:
    """load.wait_until_quiet for one or several servers and no browser: until each is under ``quiet`` of a core
    over ``window`` s. Returns the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        before = [cpu_seconds(p) for p in pids]
        time.sleep(window)
        if all((cpu_seconds(p) - b) / window < quiet for p, b in zip(pids, before)):
            break
    return time.monotonic() - start


async def level(n: int, *, timeout: float, log_dir: Path, profile: bool, replicas: int = 1) -> dict:
    if replicas > 1:
        return await replicated_level(n, replicas, timeout=timeout, log_dir=log_dir, profile=profile)
    data_dir = tempfile.mkdtemp(prefix="class-load-ws-")
    os.environ["AE_DATA_DIR"] = data_dir  # a fresh class database per level; start_server passes it on
    os.environ.pop("DATABASE_URL", None)
    proc, url = await asyncio.to_thread(start_server, log_path=log_dir / f"class-load-ws-server-n{n}.log",
                                        timeout=120)
    try:
        return await run_class(n, [proc], [url], timeout=timeout, log_dir=log_dir, profile=profile)
    finally:
        await asyncio.to_thread(stop_server, proc)


async def replicated_level(n: int, replicas: int, *, timeout: float, log_dir: Path, profile: bool) -> dict:
    """A level on ``replicas`` servers sharing a fresh PostgreSQL database. The cluster and the servers start with
    blocking calls on purpose: a Ctrl-C (asyncio.run cancels the task) then lands at the next await, with every
    started server in ``servers`` to stop."""
    from tests.classes.postgres import Cluster

    cluster = Cluster.start()
    servers = []
    try:
        with environ("DATABASE_URL", cluster.new_database()):
            for i in range(replicas):
                servers.append(start_server(log_path=log_dir / f"class-load-ws-server-n{n}-r{i}.log", timeout=120))
        postmaster = int((cluster.folder / "data" / "postmaster.pid").read_text().split()[0])
        urls = [url for _, url in servers]  # fresh: the learners' join links are their first visits
        return await run_class(n, [proc for proc, _ in servers], urls, timeout=timeout,
                               log_dir=log_dir, profile=profile, database=postmaster)
    finally:
        try:
            for proc, _ in servers:
                stop_server(proc)
        finally:
            cluster.stop()


async def run_class(n: int, procs: list, urls: list[str], *, timeout: float, log_dir: Path, profile: bool,
                    database: int | None = None) -> dict:
    """One level's class on started servers: the teacher on the first, learners round-robin; ``database``: the
    PostgreSQL postmaster's pid, whose CPU (with its backends') is reported over vote and Train."""
    pids = [proc.pid for proc in procs]

    def sample():
        return Samplers([Sampler(pid) for pid in pids])

    learner_urls = [urls[r] for r in round_robin(n, len(urls))]
    result = dict(n=n, learners="ws", replicas=len(pids), load_before=os.getloadavg()[0])
    learners: list[Learner] = []
    teacher = None
    try:
        with sample() as whole:
            teacher_frames = Frames()
            teacher, code = await start_class(urls[0], teacher_frames, timeout)
            t0 = time.monotonic()
            for first in range(0, n, JOIN_BATCH):  # a batch's pages load together: joining is not timed
                batch = [Learner(Frames()) for _ in range(first, min(n, first + JOIN_BATCH))]
                clients = await asyncio.gather(*(join(learner_urls[i], code, x.frames, timeout)
                                                 for i, x in enumerate(batch, start=first)))
                for x, c in zip(batch, clients):
                    x.page = c
                learners += batch
                print(f"  N={n}: {len(learners)} joined", end="\r", flush=True)
            result["join_s"] = time.monotonic() - t0
            result["settle_s"] = await asyncio.to_thread(servers_quiet, pids, limit=60)
            for x in learners:
                x.frames.new()  # what came before the ask is not looked at again
            profile_out = log_dir / f"class-load-ws-profile-n{n}.txt"
            profiler = load.start_profiler(pids[0], profile_out) if profile else None
            lag, cpu0 = LoopLag(), time.thread_time()  # this thread runs every client: the load generator's CPU
            db0 = tree_cpu(database) if database else None
            with sample() as sampler:
                await teacher.click("classmode_ask")
                for x in learners:  # the card's poll brings the question to the lesson's page
                    try:
                        await x.page.until(lambda c=x.page: c.page.find(r"classmode_answer_\d+"), timeout)
                    except TimeoutError:
                        x.error = "the question never came"
                for x in learners:
                    if x.error is None:
                        try:
                            await vote(x.page, timeout)
                        except TimeoutError:
                            x.error = "the answer's rerun never finished"
                await watch(learners, lambda: all(x.vote_sent or x.error for x in learners)
                            and (counts := teacher_counts(teacher_frames)) and counts[-1][1] >= n, timeout)
                await asyncio.sleep(1.0)
                for x in learners:
                    await x.page.click("linear_autoencoder_train")
                await watch(learners, lambda: all(x.gap_at or x.error for x in learners), timeout)
            result.update(teacher_stall_s=lag.stop(),
                          client_cpu_pct=100.0 * (time.thread_time() - cpu0) / sampler.wall)
            if database:
                result["database_cpu_pct"] = 100.0 * (tree_cpu(database) - db0) / sampler.wall
            if profiler is not None:
                profiler.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
                await asyncio.to_thread(profiler.wait, timeout=60)
                result["profile"] = load.profile_summary(profile_out)
        teacher_errors = Learner(Frames(teacher_frames.log))
        teacher_errors.scan()  # an exception element in the teacher's frames
        boxes = int(teacher_errors.error is not None)
        result.update(summarize(n, learners, teacher_frames, boxes))
        wrong = [x for x in learners if x.error or not x.gap_at or x.gap_at - x.train_sent > SLOW]
        if wrong:  # their frames, to read afterwards
            with open(log_dir / f"class-load-ws-frames-n{n}.pkl", "wb") as f:
                pickle.dump([x.frames.log for x in wrong], f)
        result.update(server_figures(whole, sampler, n, result["script_runs"]))
    finally:
        for c in [teacher] + [x.page for x in learners]:
            if c is not None:
                await c.close()
    return result


def run_level(n: int, *, timeout: float, log_dir: Path, profile: bool, replicas: int = 1) -> dict:
    return asyncio.run(level(n, timeout=timeout, log_dir=log_dir, profile=profile, replicas=replicas))
