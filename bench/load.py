"""Load benchmark: simulated phones vote against a live Atelier server and a bare baseline.

    .venv/bin/python bench/load.py [--ramps 250,500,1000,2000] [--rate 200] [--duration 20]
        [--modes gevent,threading] [--servers atelier,bare] [--profile FOLDER]
        [--servers atelier,atelier@REV] [--servers atelier,atelier+redis]
        [--results shown,hidden]

``atelier@REV`` is Atelier as it was at git revision REV (checked out aside, built with this
checkout's assets, run with the same interpreter): a change measured against the commit
before it, in the same run. ``atelier+redis`` is Atelier with a message queue: a
``redis-server`` of its own started on a free port and ``WORKSHOP_MESSAGE_QUEUE`` pointing at
it, so every broadcast goes through Redis as with several instances. ``--results`` runs every
server with the vote's results shown to phones (a tally to each phone once a second, the
baseline's as well), hidden from them (the default of a vote: tallies to the screen only), or
both in turn; a run's name ends in ``-hidden`` for the second. ``atelier*N`` is N instances
of Atelier on a PostgreSQL and a Redis of the run's own (the scale-out tests' throwaway
servers), each phone on one instance in turn as a sticky proxy would place it, every instance
pinned to the server's core: ``atelier*1`` against ``atelier*2`` is what splitting a room
across instances costs for the same CPU; while they vote, PostgreSQL's sessions are sampled
twice a second (``postgres_sessions``: waiting on a row lock, idle in a transaction while
PostgreSQL waits for the instance, running). ``--upvote-share 0.3`` makes
that share of the voters' actions upvotes of ``--questions`` questions to the room (Atelier
only): their acknowledgements, their counts on the screen and the upvotes stored are measured
apart from the votes'.

For each async mode and each server (``workshop serve`` on a fresh migrated SQLite database,
then ``bench/baseline.py``, a bare python-socketio server counting in memory), the server is
started pinned to ``--server-cpu`` and phones connect in ramps (WebSocket, a share on
long-polling), with one screen listening. At each ramp the phones vote at a steady rate for
``--duration`` seconds, every vote with a unique ``client_id``; we record vote→acknowledgement
and vote→screen latencies, connection failures, the server's CPU and memory and the
generator's own CPU. After the run, the votes stored in the database are counted against the
votes acknowledged. Writes bench/results/load.json; docs/performance.md reports the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(1, str(ROOT))  # tests.scale.servers: the throwaway Redis of the scale tests

import load_phones  # noqa: E402  (a sibling module, importable by spawned workers too)

SETTLE = 1.0  # seconds between connecting a ramp and voting
DRAIN = 10.0  # seconds after the last vote to wait for acknowledgements and the screen
CONNECT_CONCURRENCY = 20  # per worker: phones connecting at once
LISTENERS_NICE = 10


def percentiles(values: list[float]) -> dict[str, float | None]:
    """p50/p95/p99/max in milliseconds (nearest rank)."""
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {"p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99),
            "max": round(ordered[-1] * 1000, 1)}


# What the server was doing in a py-spy sample, by the first of these frames on its stack.
ACTIVITIES = (
    ("vote handler: SQLAlchemy and SQLite", ("act", "sqlalchemy/")),
    ("vote handler: the rest (checks, Flask-SocketIO)", ("act",)),
    ("tally fan-out (the flusher)", ("TallyFanout._flush",)),
    ("long-polling HTTP requests", ("Server.handle_request",)),
    ("WebSocket frames in and out", ("Socket._websocket_handler",)),
    ("idle, or in gevent's C loop", ("Hub.run",)),
    ("idle, or in gevent's C loop", ("_WorkerGreenlet.run",)),  # its thread pool, waiting
)


def where_time_goes(path: Path) -> dict[str, float]:
    """Share of a py-spy profile's samples (``-f raw``) per activity, in percent."""
    shares: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        names = [frame.split(" (")[0] for frame in frames]
        total += int(count)
        for label, (frame, *within) in ACTIVITIES:
            if frame in names and (frame != "Hub.run" or names[-1] == frame) and all(
                    any(w in f for f in frames[names.index(frame):]) for w in within):
                shares[label] += int(count)
                break
        else:
            shares["other (stacks sampled only in part)"] += int(count)
    return {label: round(100 * n / total, 1) for label, n in shares.most_common()} if total \
        else {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))


def checkout(revision: str) -> Path:
    """A work tree of ``revision`` beside this one (made once), with this checkout's assets."""
    folder = Path(tempfile.gettempdir()) / f"atelier-at-{revision}"
    if not folder.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(folder), revision], cwd=ROOT,
                       check=True, capture_output=True)
    dist = folder / "static" / "dist"
    if not dist.exists():
        shutil.copytree(ROOT / "static" / "dist", dist)
    return folder


LONG_COLLECTION_RE = re.compile(r"a garbage collection \(generation \d+, \d+ objects freed\) "
                                r"held every connection for (\d+) ms")


class PostgresSessions:
    """What the instances' PostgreSQL sessions do while phones vote, sampled twice a second.

    ``waiting_on_lock``: statements waiting for a row another transaction holds (one
    workshop's writes all bump its ``last_seq``); ``idle_in_transaction``: transactions open
    while PostgreSQL waits for the instance's next statement; ``running``: statements at work.
    """

    QUERY = ("SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),"
             " count(*) FILTER (WHERE state = 'idle in transaction'),"
             " count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM"
             " 'Lock') FROM pg_stat_activity"
             " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    NAMES = ("waiting_on_lock", "idle_in_transaction", "running")

    def __init__(self, url: str) -> None:
        self.url = url.replace("postgresql+psycopg://", "postgresql://")
        self.samples: list[tuple[int, ...]] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> PostgresSessions:
        self._thread.start()
        return self

    def _sample(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self._done.wait(0.5):
                row = connection.execute(self.QUERY).fetchone()
                if row is not None:
                    self.samples.append(tuple(row))

    def stop(self) -> dict[str, dict[str, float]]:
        self._done.set()
        self._thread.join(timeout=10)
        columns = list(zip(*self.samples, strict=True)) or [(0,)] * len(self.NAMES)
        return {name: {"mean": round(sum(c) / len(c), 1), "max": max(c)}
                for name, c in zip(self.NAMES, columns, strict=True)}


class Server:
    """The server under test, pinned to its core, with its CPU and memory watched.

    ``atelier*N`` is N instances on a PostgreSQL and a Redis of the run's own, as deployed
    behind a sticky proxy (docs/deploy.md): each phone talks to one instance, in turn.
    """

    def __init__(self, kind: str, mode: str, phones: int, topics: int, cpu: int | None,
                 shown: bool = True, questions: int = 0) -> None:
        self.kind, self.mode, self.cpu, self.shown = kind, mode, cpu, shown
        self.questions = questions
        named, _, count = kind.partition("*")
        self.instances = int(count or 1)
        base, _, extra = named.partition("+")
        if extra not in ("", "redis") or not 1 <= self.instances <= 8:
            raise SystemExit(f"unknown server {kind!r}: atelier[@REV][+redis][*N]")
        self.shared = bool(count)  # PostgreSQL and Redis, like several instances
        self.queue = extra == "redis" or self.shared
        self.redis: Any = None  # tests.scale.servers.Redis
        self.postgres: Any = None  # tests.scale.servers.Postgres
        self.atelier = base == "atelier" or base.startswith("atelier@")
        if self.shared and not self.atelier:
            raise SystemExit(f"{kind!r}: only Atelier runs as several instances")
        self.root = checkout(base.partition("@")[2]) if "@" in base else ROOT
        self.ports = [free_port() for _ in range(self.instances)]
        self.urls = [f"http://127.0.0.1:{port}" for port in self.ports]
        self.url = self.urls[0]  # the screen's
        self.folder = Path(tempfile.mkdtemp(prefix="atelier-load-"))
        self.database = f"sqlite:///{self.folder / 'bench.db'}"
        self.env = {**os.environ, "WORKSHOP_INSTANCE_PATH": str(self.folder),
                    "WORKSHOP_ASYNC_MODE": mode, "PYTHONUNBUFFERED": "1",
                    # every simulated phone comes from 127.0.0.1: no per-address cap
                    "WORKSHOP_MAX_CONNECTIONS_PER_ADDRESS": "0",
                    # the revision's own package before the one installed in the venv
                    "PYTHONPATH": str(self.root)}
        self.phones, self.topic_count = phones, topics
        self.processes: list[subprocess.Popen[bytes]] = []
        self.watched: list[psutil.Process] = []
        self.rss_peak = 0
        self._watching = False

    def prepare(self) -> dict[str, Any]:
        """The workshop, phones' tokens and screen key (made through the services for Atelier)."""
        if self.kind == "bare":
            return {"workshop": 1, "screen_key": "bare", "topics": list(range(1, self.topic_count
                                                                              + 1)),
                    "tokens": [f"atp_bare{n}" for n in range(self.phones)]}
        if self.shared:
            from tests.scale.servers import Postgres  # the scale tests' throwaway cluster

            try:
                self.postgres = Postgres().start()
            except FileNotFoundError as missing:
                raise SystemExit(f"{self.kind}: {missing}") from None
            self.database = self.postgres.url()
        self.env["WORKSHOP_DATABASE_URL"] = self.database
        python = sys.executable
        subprocess.run([python, "-m", "workshop", "db", "upgrade"], env=self.env, check=True,
                       cwd=self.root, capture_output=True)
        hidden = [] if self.shown else ["--hidden"]
        asking = ["--questions", str(self.questions)] if self.questions else []
        # This checkout's set-up (it knows every mode) on the revision's package.
        subprocess.run([python, str(ROOT / "bench" / "load_setup.py"), str(self.folder),
                        "--phones", str(self.phones), "--topics", str(self.topic_count),
                        *hidden, *asking], env={**self.env, "ATELIER_ROOT": str(self.root)},
                       check=True, cwd=self.root)
        return json.loads((self.folder / "workshop.json").read_text(encoding="utf-8"))

    def start_queue(self) -> None:
        """A Redis of this run's own as the message queue (the scale-out tests' own)."""
        from tests.scale.servers import Redis  # the test suite's throwaway Redis

        try:
            self.redis = Redis().start()
        except FileNotFoundError as missing:
            raise SystemExit(f"{self.kind}: {missing}") from None
        self.env["WORKSHOP_MESSAGE_QUEUE"] = self.redis.url

    def start(self) -> None:
        if self.queue:
            self.start_queue()
        for n, port in enumerate(self.ports):
            if self.atelier:
                command = [sys.executable, "-m", "workshop", "serve", "--port", str(port)]
            else:
                command = [sys.executable, str(ROOT / "bench" / "baseline.py"), "--port",
                           str(port), "--mode", self.mode,
                           "--phone-interval", "1" if self.shown else "0"]
            if self.cpu is not None:  # every instance on the server's core: the same budget
                command = ["taskset", "-c", str(self.cpu), *command]
            log = (self.folder / f"server-{n}.log").open("wb")
            process = subprocess.Popen(command, env=self.env, cwd=self.root, stdout=log,
                                       stderr=subprocess.STDOUT, preexec_fn=_raise_file_limit)
            self.processes.append(process)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    raise RuntimeError("server exited:\n" + self.log(n))
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    time.sleep(0.1)  # polling for the port to open
            self.watched.append(psutil.Process(process.pid))
            print(f"  server pid {process.pid} on {self.urls[n]}", file=sys.stderr)
        self._watching = True
        threading.Thread(target=self._watch, daemon=True).start()

    def profile(self, out: Path, seconds: float, cpu: int | None) -> subprocess.Popen[bytes]:
        """Sample the (first) server with py-spy (collapsed stacks) while the phones vote."""
        out.parent.mkdir(parents=True, exist_ok=True)
        command = [str(Path(sys.executable).parent / "py-spy"), "record", "-p",
                   str(self.watched[0].pid), "-d", str(int(seconds)), "-r", "100", "-f", "raw",
                   "--nonblocking", "--idle", "-o", str(out)]
        if cpu is not None:
            command = ["taskset", "-c", str(cpu), *command]
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _watch(self) -> None:
        while self._watching:
            try:
                self.rss_peak = max(self.rss_peak, self._rss())
            except psutil.Error:
                return
            time.sleep(0.25)

    def _rss(self) -> int:
        return sum(p.memory_info().rss for p in self.watched)

    def cpu_seconds(self) -> float:
        return sum(t.user + t.system for t in (p.cpu_times() for p in self.watched))

    def rss_mb(self) -> float:
        return round(self._rss() / 2**20, 1)

    def long_collections(self) -> list[float]:
        """The garbage collections every instance logged as holding it (ms), in order."""
        held = []
        for n in range(len(self.processes)):
            text = (self.folder / f"server-{n}.log").read_text(errors="replace")
            held += [float(ms) for ms in LONG_COLLECTION_RE.findall(text)]
        return held

    def log(self, n: int = 0) -> str:
        return (self.folder / f"server-{n}.log").read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        self._watching = False
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()

    def stop_services(self) -> None:
        """Redis and PostgreSQL, once the votes stored have been counted."""
        for service in (self.redis, self.postgres):
            if service is not None:
                service.stop()

    def _query(self, sql: str, workshop_id: int) -> list[Any]:
        import sqlalchemy as sa

        engine = sa.create_engine(self.database)
        try:
            with engine.connect() as con:
                return list(con.execute(sa.text(sql), {"w": workshop_id}))
        finally:
            engine.dispose()

    def counts(self, workshop_id: int) -> dict[int, int]:
        """Votes stored per topic, now."""
        return {topic: n for topic, n in self._query(
            "SELECT contribution_id, count(*) FROM vote WHERE workshop_id = :w "
            "GROUP BY contribution_id", workshop_id)}

    def stored(self, workshop_id: int) -> dict[str, int]:
        """Votes in the database, and client_ids that were stored twice (after the run)."""
        def one(sql: str) -> int:
            return int(self._query(sql, workshop_id)[0][0])

        return {
            "votes": one("SELECT count(*) FROM vote WHERE workshop_id = :w"),
            "vote_events": one("SELECT count(*) FROM event WHERE workshop_id = :w AND kind = "
                               "'vote.cast'"),
            "doubled_client_ids": one(
                "SELECT count(*) FROM (SELECT 1 FROM event WHERE workshop_id = :w AND kind = "
                "'vote.cast' GROUP BY actor, client_id HAVING count(*) > 1) AS twice"),
            "upvotes": one("SELECT count(*) FROM question_upvote WHERE workshop_id = :w"),
        }


class Screen:
    """The projector: records when each topic's count first reached each value."""

    def __init__(self) -> None:
        self.history: dict[str, tuple[list[int], list[float]]] = {}
        self.tallies = 0

    def seen(self, counts: dict[str, int], tally: bool = True) -> None:
        now = time.monotonic()
        self.tallies += tally
        for topic, count in counts.items():
            values, times = self.history.setdefault(str(topic), ([], []))
            if not values or count > values[-1]:
                values.append(count)
                times.append(now)

    def shown_at(self, topic: int | str, count: int) -> float | None:
        values, times = self.history.get(str(topic), ([], []))
        at = bisect.bisect_left(values, count)
        return times[at] if at < len(times) else None

    def latencies(self, series: dict[Any, list[float]], start: float
                  ) -> tuple[list[float], int]:
        """Send→shown for each acknowledged action since ``start``, and how many never showed."""
        latencies, missed = [], 0
        for key, sent_times in series.items():
            for count, sent in enumerate(sent_times, start=1):
                if sent < start:
                    continue  # an earlier ramp's
                shown = self.shown_at(key, count)
                if shown is None:
                    missed += 1
                else:
                    latencies.append(max(0.0, shown - sent))
        return latencies, missed

    async def caught_up(self, wanted: dict[int | str, int], timeout: float) -> None:
        """Wait until the screen shows at least ``wanted`` for every topic, or ``timeout``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(
                self.shown_at(topic, count) is None for topic, count in wanted.items() if count):
            await asyncio.sleep(0.05)  # polling what the screen received

    async def connect(self, url: str, workshop: int, key: str) -> Any:
        import socketio

        client = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        client.on("tally", lambda data: self.seen(data.get("counts", {})))
        # How many dots are in, results shown or not: the screen's view while they are hidden.
        client.on("progress", lambda data: self.seen({"*": data.get("dots", 0)}, tally=False))
        client.on("upvotes", lambda data: self.seen(
            {f"q{k}": v for k, v in data.get("counts", {}).items()}, tally=False))
        await client.connect(url, auth={"workshop": workshop, "screen": key},
                             transports=["websocket"], wait_timeout=30)
        state = await client.call("sync", timeout=30)
        self.seen(((state.get("state") or {}).get("tally") or {}).get("counts") or {})
        return client


async def ask(conn: Any, command: dict[str, Any]) -> Any:
    conn.send(command)
    return await asyncio.get_running_loop().run_in_executor(None, conn.recv)


async def measure(server: Server, made: dict[str, Any], args: argparse.Namespace,
                  label: str) -> dict[str, Any]:
    """Ramp the phones up against one running server; one result per ramp."""
    context = multiprocessing.get_context("spawn")
    workers, pipes = [], []
    for k in range(1 + args.workers):  # the voting phones' process, then the listening ones
        mine, theirs = context.Pipe()
        process = context.Process(target=load_phones.run, daemon=True, args=(
            theirs, server.url, True, args.generator_cpu, 0 if k == 0 else LISTENERS_NICE))
        process.start()
        workers.append(process)
        pipes.append(mine)
    voter = pipes[0]
    generator = [psutil.Process(p.pid) for p in workers] + [psutil.Process()]
    screen = Screen()
    screen_client = await screen.connect(server.url, made["workshop"], made["screen_key"])
    asked = made.get("questions", [])
    ok_sent: dict[int | str, list[float]] = {
        t: [] for t in [*made["topics"], "*", *(f"q{q}" for q in asked)]}
    tokens = made["tokens"]
    connected, ramps = 0, []
    every = round(1 / args.polling_share) if args.polling_share > 0 else 0
    for ramp_index, size in enumerate(args.ramps):
        batch = [(tokens[n], "polling" if every and n % every == every - 1 else "websocket",
                  server.urls[n % len(server.urls)]) for n in range(connected, size)]
        # Each ramp's votes come from phones it added, enough that none exhausts its budget.
        voting = min(len(batch), max(args.min_voters, round(size * args.voter_share)))
        shares = [batch[:voting]] + [batch[voting:][k::args.workers]
                                     for k in range(args.workers)]
        since = (await ask(voter, {"cmd": "count"}))["phones"]
        server_cpu0, began = server.cpu_seconds(), time.monotonic()
        joined = await asyncio.gather(*(ask(p, {"cmd": "connect", "phones": s,
                                                "concurrency": CONNECT_CONCURRENCY})
                                        for p, s in zip(pipes, shares, strict=True)))
        connect_seconds = time.monotonic() - began
        connect_cpu = (server.cpu_seconds() - server_cpu0) / max(connect_seconds, 1e-6)
        failures = [f for j in joined for f in j["failures"]]
        connected = size
        await asyncio.sleep(SETTLE)
        start = time.monotonic() + 0.5
        server_cpu0 = server.cpu_seconds()
        profiler = None
        if args.profile and ramp_index == len(args.ramps) - 1:
            profiler = server.profile(args.profile / f"{label}-{size}.txt", args.duration,
                                      args.generator_cpu)
        gen_cpu0 = [sum(p.cpu_times()[:2]) for p in generator]
        watcher = PostgresSessions(server.database).start() if server.postgres else None
        collections0 = len(server.long_collections()) if server.atelier else 0
        screen_tallies0 = screen.tallies
        before = await asyncio.gather(*(ask(p, {"cmd": "count"}) for p in pipes))
        voted = [await ask(voter, {
            "cmd": "vote", "start": start, "rate": args.rate, "duration": args.duration,
            "since": since, "topics": made["topics"], "label": f"{label}-r{ramp_index}",
            "drain": DRAIN, "questions": asked, "upvote_share": args.upvote_share})]
        if profiler is not None:
            profiler.wait()
        sessions = watcher.stop() if watcher is not None else None
        window = args.duration
        voting_seconds = time.monotonic() - start
        server_cpu = (server.cpu_seconds() - server_cpu0) / voting_seconds
        gen_cpu = [sum(p.cpu_times()[:2]) - c0 for p, c0 in zip(generator, gen_cpu0,
                                                                   strict=True)]
        after = await asyncio.gather(*(ask(p, {"cmd": "count"}) for p in pipes))
        everything = sorted((r for v in voted for r in v["records"]), key=lambda r: r[2])
        records = [r for r in everything if not isinstance(r[1], str)]  # votes
        upvoted = [r for r in everything if isinstance(r[1], str)]  # question upvotes
        outcomes = Counter("ok" if r[4] is True else ("no answer" if r[4] is None else r[4])
                           for r in records)
        ack_latency = [r[3] - r[2] for r in records if r[4] is True]
        for _n, target, sent, _acked, ok in everything:
            if ok is True:
                ok_sent[target].append(sent)
                if not isinstance(target, str):
                    ok_sent["*"].append(sent)
        # Results shown: each topic's count on the screen; hidden: the number of dots in.
        series = {t: s for t, s in ok_sent.items()
                  if not isinstance(t, str) and server.shown or t == "*" and not server.shown}
        questions = {t: s for t, s in ok_sent.items() if isinstance(t, str) and t != "*"}
        await screen.caught_up({t: len(s) for t, s in {**series, **questions}.items()}, DRAIN)
        elapsed = time.monotonic() - start
        screen_latency, missed = screen.latencies(series, start)
        upvote_screen, upvote_missed = screen.latencies(questions, start)
        phones_now = sum(a["phones"] for a in after)
        ramps.append({
            "phones": size, "connected": phones_now, "connect_failures": len(failures),
            "failure_samples": sorted(set(failures))[:5],
            "connect_seconds": round(connect_seconds, 1),
            "server_cpu_percent_connecting": round(connect_cpu * 100, 1),
            "disconnects": sum(a["disconnects"] for a in after),
            "voting_phones": voting,
            "votes_sent": len(records), "outcomes": dict(outcomes),
            "votes_per_second": round(len(records) / window, 1),
            "ack_ms": percentiles(ack_latency),
            "screen_ms": percentiles(screen_latency), "screen_never_showed": missed,
            "screen_tallies_per_second": round((screen.tallies - screen_tallies0) / elapsed, 2),
            "phone_tallies_per_second": round(sum(a["tallies"] - b["tallies"] for a, b in
                                                  zip(after, before, strict=True))
                                              / voting_seconds, 1),
            "server_cpu_percent": round(server_cpu * 100, 1),
            "server_rss_mb": server.rss_mb(),
            "generator_cpu_percent": round(sum(gen_cpu) / voting_seconds * 100, 1),
            "generator_voters_cpu_percent": round(gen_cpu[0] / voting_seconds * 100, 1),
        })
        if sessions is not None:
            ramps[-1]["postgres_sessions"] = sessions
        if server.atelier and "@" not in server.kind:  # logged since this commit: each held
            # every phone's messages while the phones voted
            held = server.long_collections()[collections0:]
            ramps[-1]["long_collections_ms"] = held
        if upvoted:
            ramps[-1].update({
                "upvotes_sent": len(upvoted),
                "upvote_outcomes": dict(Counter(
                    "ok" if r[4] is True else ("no answer" if r[4] is None else r[4])
                    for r in upvoted)),
                "upvote_ack_ms": percentiles([r[3] - r[2] for r in upvoted if r[4] is True]),
                "upvote_screen_ms": percentiles(upvote_screen),
                "upvote_screen_never_showed": upvote_missed})
        if profiler is not None:
            ramps[-1]["profile_percent"] = where_time_goes(
                args.profile / f"{label}-{size}.txt")
        print(f"  {label} {size:>5} phones: {json.dumps(ramps[-1])}", file=sys.stderr)
    totals: dict[str, Any] = {"acknowledged": sum(r["outcomes"].get("ok", 0) for r in ramps)}
    if server.shown and server.atelier:
        totals["phones_final_tally"] = await final_tallies(server, made["workshop"], pipes)
    if asked:
        totals["upvotes_acknowledged"] = sum(r.get("upvote_outcomes", {}).get("ok", 0)
                                             for r in ramps)
    if server.kind == "bare":
        try:
            stats = await screen_client.call("stats", timeout=60)
            totals.update(stored=stats["votes"], doubled_client_ids=0)
        except Exception as error:  # noqa: BLE001  (an overwhelmed baseline: say so)
            totals.update(stored=None, doubled_client_ids=None, error=repr(error))
    await asyncio.gather(*(ask(p, {"cmd": "close"}) for p in pipes))
    await screen_client.disconnect()
    for process in workers:
        process.join(timeout=30)
    return {"ramps": ramps, "totals": totals}


async def final_tallies(server: Server, workshop: int, pipes: list[Any]) -> dict[str, Any]:
    """How many phones end showing exactly the counts stored, within ``DRAIN`` seconds."""
    stored = {str(k): v for k, v in server.counts(workshop).items() if v}
    wanted = json.dumps(stored, sort_keys=True)
    deadline = time.monotonic() + DRAIN
    while True:
        finals: Counter[str] = Counter()
        for answer in await asyncio.gather(*(ask(p, {"cmd": "finals"}) for p in pipes)):
            finals.update(answer)
        if finals[wanted] == sum(finals.values()) or time.monotonic() > deadline:
            return {"phones": sum(finals.values()), "showing_the_stored_counts": finals[wanted],
                    "other_tallies_seen": len(finals) - (1 if finals[wanted] else 0)}
        await asyncio.sleep(0.5)  # polling the phones until the last groups heard it


def run_server(kind: str, mode: str, args: argparse.Namespace, shown: bool = True
               ) -> dict[str, Any]:
    server = Server(kind, mode, max(args.ramps), args.topics, args.server_cpu, shown,
                    args.questions if args.upvote_share and kind != "bare" else 0)
    try:
        made = server.prepare()
        server.start()
        try:
            result = asyncio.run(measure(server, made, args, run_name(kind, mode, shown)))
            result["server_rss_mb_peak"] = round(server.rss_peak / 2**20, 1)
        finally:
            server.stop()
        if server.atelier:
            stored = server.stored(made["workshop"])
            result["totals"].update(stored=stored["votes"], vote_events=stored["vote_events"],
                                    doubled_client_ids=stored["doubled_client_ids"])
            if "upvotes_acknowledged" in result["totals"]:
                result["totals"]["upvotes_stored"] = stored["upvotes"]
    finally:
        server.stop_services()
    totals = result["totals"]
    if totals["stored"] is not None:
        totals["lost"] = max(0, totals["acknowledged"] - totals["stored"])
        totals["extra"] = max(0, totals["stored"] - totals["acknowledged"])
    if not args.keep:
        shutil.rmtree(server.folder, ignore_errors=True)
    else:
        result["folder"] = str(server.folder)
    return result


def run_name(kind: str, mode: str, shown: bool) -> str:
    """``atelier-gevent``, ``bare-gevent-hidden``: a run's key in the results."""
    return f"{kind}-{mode}" + ("" if shown else "-hidden")


def capacity(ramps: list[dict[str, Any]], ack_ms: float, screen_ms: float) -> int:
    """The most phones at which every vote was stored and the p95 targets held."""
    best = 0
    for ramp in ramps:
        if (ramp["connect_failures"] == 0 and ramp["outcomes"].get("ok") == ramp["votes_sent"]
                and (ramp["ack_ms"]["p95"] or 1e9) <= ack_ms
                and (ramp["screen_ms"]["p95"] or 1e9) <= screen_ms):
            best = ramp["phones"]
    return best


def compare(ours: dict[str, Any], bare: dict[str, Any]) -> dict[str, Any]:
    """Ours against the baseline: >1 means ours is better (faster, or more phones)."""
    ratios = []
    for mine, theirs in zip(ours["ramps"], bare["ramps"], strict=True):
        row: dict[str, Any] = {"phones": mine["phones"]}
        for key in ("ack_ms", "screen_ms"):
            a, b = mine[key]["p95"], theirs[key]["p95"]
            row[f"{key}_p95_ratio"] = round(b / a, 2) if a and b else None
        row["server_cpu_ratio"] = round(theirs["server_cpu_percent"]
                                        / max(mine["server_cpu_percent"], 0.1), 2)
        ratios.append(row)
    cap_ours = capacity(ours["ramps"], 250, 500)
    cap_bare = capacity(bare["ramps"], 250, 500)
    return {"per_ramp": ratios, "capacity_phones": {"ours": cap_ours, "bare": cap_bare},
            "capacity_ratio": round(cap_ours / cap_bare, 2) if cap_bare else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ramps", default="250,500,1000,2000")
    parser.add_argument("--rate", type=float, default=200.0, help="votes per second")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of voting per ramp")
    parser.add_argument("--modes", default="gevent,threading")
    parser.add_argument("--servers", default="atelier,bare")
    parser.add_argument("--upvote-share", type=float, default=0.0,
                        help="share of the actions that upvote questions to the room (Atelier)")
    parser.add_argument("--questions", type=int, default=20,
                        help="questions to the room, with --upvote-share")
    parser.add_argument("--results", default="shown",
                        help="shown, hidden or both (shown,hidden): the vote's results on phones")
    parser.add_argument("--topics", type=int, default=50)
    parser.add_argument("--polling-share", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=2,
                        help="processes of listening phones (the voting phones have their own)")
    parser.add_argument("--voter-share", type=float, default=0.1,
                        help="share of each ramp's phones that vote")
    parser.add_argument("--min-voters", type=int, default=60)
    parser.add_argument("--server-cpu", type=int, default=0 if (os.cpu_count() or 1) > 1 else None)
    parser.add_argument("--generator-cpu", type=int,
                        default=1 if (os.cpu_count() or 1) > 1 else None)
    parser.add_argument("--keep", action="store_true", help="keep each run's folder")
    parser.add_argument("--profile", type=Path, default=None,
                        help="folder for py-spy profiles of the last ramp's voting")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.json")
    parser.add_argument("--no-pin", action="store_true", help="leave both on any core")
    args = parser.parse_args()
    if args.no_pin:
        args.server_cpu = args.generator_cpu = None
    args.ramps = [int(n) for n in args.ramps.split(",")]
    _raise_file_limit()
    import logging  # the screen's client: quiet as it closes, as the phones' are

    for name in ("engineio.client", "socketio.client"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if args.generator_cpu is not None:
        os.sched_setaffinity(0, {args.generator_cpu})
    load_at_start = os.getloadavg()
    began = time.monotonic()
    runs: dict[str, Any] = {}
    for mode in args.modes.split(","):
        for results in args.results.split(","):
            if results not in ("shown", "hidden"):
                raise SystemExit(f"--results: shown or hidden, not {results!r}")
            for kind in args.servers.split(","):
                name = run_name(kind, mode, results == "shown")
                print(name, file=sys.stderr)
                runs[name] = run_server(kind, mode, args, results == "shown")
                report(args, runs, load_at_start, time.monotonic() - began)


def report(args: argparse.Namespace, runs: dict[str, Any], load_at_start: tuple[float, ...],
           seconds: float) -> None:
    """Write what has been measured so far (after each server: a crash keeps the rest)."""
    modes = [run_name("", mode, results == "shown")[1:] for mode in args.modes.split(",")
             for results in args.results.split(",")]  # "gevent", "gevent-hidden"...
    comparisons = {mode: compare(runs[f"atelier-{mode}"], runs[f"bare-{mode}"])
                   for mode in modes if f"atelier-{mode}" in runs and f"bare-{mode}" in runs}
    # Atelier now against Atelier at an earlier revision, or with a message queue: >1 means
    # the first (now, or without the queue) is better.
    revisions = {f"{kind}-{mode}": compare(runs[f"atelier-{mode}"], runs[f"{kind}-{mode}"])
                 for kind in args.servers.split(",")
                 if kind.startswith(("atelier@", "atelier+", "atelier*"))
                 for mode in modes if f"atelier-{mode}" in runs and f"{kind}-{mode}" in runs}
    result = {
        "benchmark": "load",
        "command": ".venv/bin/python bench/load.py " + " ".join(sys.argv[1:]),
        "loadavg_at_start": load_at_start,
        "seconds": round(seconds, 1),
        "settings": {"ramps": args.ramps, "votes_per_second": args.rate,
                     "upvote_share": args.upvote_share,
                     "results_on_phones": args.results.split(","),
                     "seconds_per_ramp": args.duration, "topics": args.topics,
                     "polling_share": args.polling_share, "voter_share": args.voter_share,
                     "min_voters": args.min_voters, "listening_processes": args.workers,
                     "server_cpu": args.server_cpu, "generator_cpu": args.generator_cpu},
        "runs": runs,
        "ours_vs_bare": comparisons,
        "ours_vs_revision": revisions,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"seconds": result["seconds"], "ours_vs_bare": comparisons}),
          file=sys.stderr)


if __name__ == "__main__":
    main()
