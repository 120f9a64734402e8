"""A Streamlit client without a renderer: it speaks the browser's websocket protocol, for load benchmarks.

What Streamlit 1.67's frontend does, read from its bundle (static/js/index.*.js) and from the frames Chromium
sends (CDP, as bench/class_load.py records them), and done here the same way:

- connects to ``/_stcore/stream`` with the subprotocols ``streamlit`` and an auth token (the XSRF cookie, or
  ``PLACEHOLDER_AUTH_TOKEN`` without one: the server only needs it for a logged-in user's cookie);
- first sends ``rerun_script`` with the address's query string and the page's name (its path), no page hash; then
  every rerun carries the page's hash (``navigation.page_script_hash``), the query string the server last set
  (``page_info_changed``), the widget states it holds and the hashes of the messages it has cached;
- a widget's change or click reruns the fragment the widget was drawn in (``delta.fragment_id``), or the page;
  a click (a trigger) is sent once;
- ``auto_rerun`` starts a timer per fragment (a ``setInterval`` in the browser: it fires whether or not a run is
  going on; the server folds requests that wait into one), ``stop_auto_rerun`` stops it, and the new session of
  a whole-page run stops them all (that run sends its fragments' timers again);
- the forward-message cache: a ``cacheable`` message is kept by its hash; a ``ref_hash`` message is answered from
  it; after each finished run, entries unused for more than ``max_cached_message_age`` runs are dropped (in a
  fragment run, only that fragment's).

Not done: drawing, the HTTP requests a page makes besides the websocket (health, host config, static files), and
the widget values a browser sends for widgets nobody touched (the server then uses the script's defaults).
"""

import asyncio
import re
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

TRIGGERS = {"trigger_value", "string_trigger_value", "chat_input_value", "json_trigger_value"}
WIDGET_ID = re.compile(r"\$\$ID-[0-9a-f]+-(.*)")  # a widget's id: its hash, then the key the script gave it
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN
# What Chromium sent in the class benchmark (headless, English, UTC): the server reads it as st.context.
CONTEXT = dict(timezone="UTC", timezone_offset=0, locale="en-US", is_embedded=False, color_scheme="light")


@dataclass
class Widget:
    id: str
    fragment_id: str  # "" outside any fragment: a change reruns the page
    element: object   # the element's own proto (a radio's options, a button's label)


@dataclass
class Cached:
    payload: bytes
    run: int            # the run count when last used
    fragment_id: str


class Page:
    """What a browser keeps of one page (no I/O): its widgets, the states to send, timers, cache, texts."""

    def __init__(self, path: str, query: str = "", url: str = ""):
        self.page_name, self.query_string, self.page_hash = path, query, ""
        self.context = ContextInfo(url=url, **CONTEXT)
        self.widgets: dict[str, Widget] = {}      # by the key the script gave (the id's tail)
        self.states: dict[str, WidgetState] = {}  # by widget id: sent with every rerun
        self.auto_reruns: dict[str, float] = {}   # fragment id -> seconds
        self.markdown: dict[tuple, str] = {}      # delta path -> text: what the page shows as text
        self.metrics: dict[str, str] = {}         # label -> value, the last drawn
        self.cache: dict[str, Cached] = {}
        self.max_age, self.runs = 2, 0            # the cache's age limit (from the session) and run count
        self.started = 0                          # new sessions (runs started) received
        self.running = False                      # a run started and not yet finished (an early end is no end)
        self.not_found = False
        self._drawn: set[str] = set()             # widget ids drawn since the last whole-page run started

    def take(self, payload: bytes) -> tuple[ForwardMsg, bytes]:
        """Take one ForwardMsg; returns it (a ``ref_hash`` resolved from the cache) and its bytes."""
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            entry = self.cache.get(msg.ref_hash)
            if entry is None:
                raise RuntimeError(f"forward-message cache miss for {msg.ref_hash}")
            entry.run = self.runs
            full = ForwardMsg()
            full.ParseFromString(entry.payload)
            full.metadata.CopyFrom(msg.metadata)
            msg, payload, kind = full, full.SerializeToString(), full.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            if msg.hash in self.cache:
                self.cache[msg.hash].run = self.runs
            else:
                self.cache[msg.hash] = Cached(payload, self.runs, msg.delta.fragment_id if kind == "delta" else "")
        if kind == "delta":
            self._delta(msg)
        elif kind == "new_session":
            self.started += 1
            self.running = True
            if not msg.metadata.run.fragment_ids:  # a whole-page run: timers and the widget list start afresh
                self.auto_reruns.clear()
                self._drawn.clear()
                self.max_age = msg.new_session.config.max_cached_message_age
        elif kind == "navigation" and msg.navigation.page_script_hash:
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fid, None)
        elif kind == "script_finished":
            self._finished(msg)
        elif kind == "page_not_found":
            self.not_found = True
        return msg, payload

    def _delta(self, msg: ForwardMsg) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        el = msg.delta.new_element
        kind = el.WhichOneof("type")
        sub = getattr(el, kind)
        if kind == "markdown":
            self.markdown[tuple(msg.metadata.delta_path)] = sub.body
        elif kind == "metric":
            self.metrics[sub.label] = sub.body
        m = WIDGET_ID.fullmatch(getattr(sub, "id", "") or "")
        if m:
            self.widgets[m.group(1)] = Widget(sub.id, msg.delta.fragment_id, sub)
            self._drawn.add(sub.id)

    def _finished(self, msg: ForwardMsg) -> None:
        status, fragments = msg.script_finished, list(msg.metadata.run.fragment_ids)
        if status == EARLY:  # another run follows at once (e.g. the router's first run): not idle yet
            return
        self.running = False
        self.runs += 1
        for h, entry in list(self.cache.items()):
            if fragments and entry.fragment_id not in fragments:
                continue  # a fragment run ages only its own fragment's messages
            if self.runs - entry.run > self.max_age:
                del self.cache[h]
        if status == ForwardMsg.FINISHED_SUCCESSFULLY:  # the browser forgets widgets the page no longer has
            self.states = {i: s for i, s in self.states.items() if i in self._drawn}

    def find(self, pattern: str) -> str | None:
        """The key of the first widget on the page whose key matches ``pattern`` (a regex), or None."""
        return next((k for k in self.widgets if re.fullmatch(pattern, k)), None)

    def text(self, needle: str) -> str | None:
        """The first markdown text on the page that contains ``needle``, or None."""
        return next((body for body in self.markdown.values() if needle in body), None)

    def set(self, key: str, kind: str, value) -> str:
        """Give widget ``key`` a value (``kind`` is the WidgetState field); returns its fragment id."""
        w = self.widgets[key]
        state = WidgetState(id=w.id)
        if isinstance(value, list):
            getattr(state, kind).data.extend(value)
        else:
            setattr(state, kind, value)
        self.states[w.id] = state
        return w.fragment_id

    def rerun(self, fragment_id: str = "", auto: bool = False) -> bytes:
        """The BackMsg a browser sends to rerun the page (or one fragment); a click in it is then spent."""
        msg = BackMsg()
        r = msg.rerun_script
        r.query_string = self.query_string
        r.widget_states.widgets.extend(self.states.values())
        if self.page_hash:
            r.page_script_hash = self.page_hash
        else:
            r.page_name = self.page_name
        r.fragment_id = fragment_id
        r.is_auto_rerun = auto
        r.cached_message_hashes.extend(self.cache)
        r.context_info.CopyFrom(self.context)
        self.states = {i: s for i, s in self.states.items() if s.WhichOneof("value") not in TRIGGERS}
        return msg.SerializeToString()


@dataclass
class Client:
    """One page over one websocket. ``log`` gets every frame as ``(sent?, time.monotonic(), payload)``."""

    base_url: str  # http://host:port
    path: str
    query: str = ""
    log: list = field(default_factory=list)

    def __post_init__(self):
        self.page = Page(self.path, self.query, url=f"{self.base_url}/{self.path}")
        self.closed = False
        self.failure: BaseException | None = None  # why the reader stopped, if not a normal close
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}
        self._news = asyncio.Condition()

    async def open(self, timeout: float = 60.0) -> None:
        self.ws = await connect(
            self.base_url.replace("http", "ws", 1) + "/_stcore/stream", origin=self.base_url,
            subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"], max_size=None,
            max_queue=None,       # read everything at once, as a browser does
            ping_interval=None,   # the browser sends no pings; the server's are answered
            proxy=None, open_timeout=timeout)
        self._reader = asyncio.create_task(self._read())
        await self.send()

    async def _read(self) -> None:
        try:
            async for payload in self.ws:
                t = time.monotonic()
                _, payload = self.page.take(payload)
                self.log.append((False, t, payload))
                self._sync_timers()
                async with self._news:
                    self._news.notify_all()
        except Exception as exc:  # a closed connection or a message this client cannot take: the learner's error
            self.failure = exc
        finally:
            self.closed = True
            async with self._news:
                self._news.notify_all()

    def _sync_timers(self) -> None:
        wanted = self.page.auto_reruns
        for fid, (interval, task) in list(self._timers.items()):
            if wanted.get(fid) != interval:
                task.cancel()
                del self._timers[fid]
        for fid, interval in wanted.items():
            if fid not in self._timers:
                self._timers[fid] = (interval, asyncio.create_task(self._tick(fid, interval)))

    async def _tick(self, fragment_id: str, interval: float) -> None:
        loop = asyncio.get_running_loop()
        due = loop.time()
        while not self.closed:
            due += interval
            await asyncio.sleep(max(0.0, due - loop.time()))
            due = max(due, loop.time())  # a late timer fires once, not once per interval missed
            if self.closed:
                return
            try:
                await self.send(fragment_id, auto=True)
            except ConnectionClosed:
                return

    async def send(self, fragment_id: str = "", auto: bool = False) -> None:
        data = self.page.rerun(fragment_id, auto)
        self.log.append((True, time.monotonic(), data))
        await self.ws.send(data)

    async def change(self, key: str, kind: str, value) -> None:
        """Set a widget's value and rerun what it belongs to, as a browser does on a change."""
        await self.send(self.page.set(key, kind, value))

    async def click(self, key: str) -> None:
        await self.change(key, "trigger_value", True)

    async def until(self, predicate, timeout: float = 60.0):
        """Wait until ``predicate()`` is truthy (checked after each message); return its value."""
        async def wait():
            async with self._news:
                while not (value := predicate()):
                    if self.closed:
                        raise ConnectionError(f"the websocket closed ({self.failure!r})")
                    await self._news.wait()
                return value
        return await asyncio.wait_for(wait(), timeout)

    async def idle_after(self, started: int, timeout: float = 60.0) -> None:
        """Wait until a run started after ``started`` runs (``page.started`` before a send) and the script is idle."""
        await self.until(lambda: self.page.started > started and not self.page.running, timeout)

    async def close(self) -> None:
        self.closed = True
        for _, task in self._timers.values():
            task.cancel()
        if hasattr(self, "ws"):
            await self.ws.close()
