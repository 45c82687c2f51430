"""Sync under a flood: what six participants syncing as fast as allowed cost everyone else.

    .venv/bin/python bench/sync.py [--topics 1000] [--flooders 6] [--seconds 15]

A live ``workshop serve`` (gevent) on a fresh database holds an Open Space whose wall is as full
as the caps let a room fill it (``--topics`` sessions with 1,000 characters of details each).
A facilitator's console extends the timer every 200 ms (each extension is a new seq, so the
flooders' syncs rebuild the shared state as often as a live room would) and we time its
acknowledgements: first alone, then while ``--flooders`` participants call ``sync`` back to
back (their rate limit refuses the excess, as it would a bot's). The server runs pinned to one
core; the flooders run in a process of their own on the other, below the console's priority,
as bots on other machines would. Writes bench/results/sync.json; docs/performance.md reports it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load import free_port, percentiles  # noqa: E402  (a sibling module)

PROBE_EVERY = 0.2  # seconds between the console's timer extensions


def prepare(folder: Path, topics: int, people: int) -> dict[str, Any]:
    """The workshop, made through the services: tokens of the console and the participants."""
    script = f"""
import json
from workshop import create_app
from workshop.extensions import db
from workshop.models import Contribution, ContributionKind, Method, Workshop
from workshop.services import facilitators, navigation, participants, workshops
app = create_app()
with app.app_context(), app.test_request_context(), db.unit_of_work() as session:
    owner = facilitators.create_facilitator(session, "bench@atelier.example",
                                            "a long enough bench password", "Bench")
    made = workshops.create_workshop(session, owner, workshops.WorkshopSettings(
        "Sync bench", Method.OPEN_SPACE))
    workshop = session.get(Workshop, made.workshop_id)
    navigation.navigate(session, workshop, "marketplace", "f:1", None)
    tokens = [participants.join(session, workshop, participants.JoinRequest(
        f"Phone {{n}}", "customer")).result["token"] for n in range({people})]
    for n in range({topics}):
        session.add(Contribution(workshop_id=workshop.id, kind=ContributionKind.TOPIC,
                                 title=f"Session {{n}} " + "x" * 100, details="d" * 1000,
                                 phase="marketplace"))
    _token, console = facilitators.issue_api_token(session, owner, "bench")
    print(json.dumps({{"workshop": workshop.id, "console": console, "tokens": tokens}}))
"""
    out = subprocess.run([sys.executable, "-c", script], env=env_of(folder), check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def env_of(folder: Path) -> dict[str, str]:
    return {**os.environ, "WORKSHOP_INSTANCE_PATH": str(folder),
            "WORKSHOP_ASYNC_MODE": "gevent", "PYTHONUNBUFFERED": "1"}


def connect(url: str, auth: dict[str, Any]) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.connect(url, auth=auth, transports=["websocket"], wait_timeout=20)
    return client


def probe(console: socketio.Client, seconds: float) -> list[float]:
    """Extend the timer every PROBE_EVERY s for ``seconds``: each acknowledgement's latency."""
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        sent = time.monotonic()
        answer = console.call("timer.extend", {"client_id": f"probe-{time.time()}-{n}",
                                               "seconds": 1}, timeout=60)
        if answer.get("ok"):
            latencies.append(time.monotonic() - sent)
        time.sleep(max(0.0, PROBE_EVERY - (time.monotonic() - sent)))
    return latencies


def flood(client: socketio.Client, stop: threading.Event, out: dict[str, Any]) -> None:
    """Sync back to back until told to stop; count answers, refusals and bytes."""
    while not stop.is_set():
        sent = time.monotonic()
        answer = client.call("sync", timeout=60)
        if answer.get("ok"):
            out["synced"].append(time.monotonic() - sent)
            out["bytes"] = len(json.dumps(answer["state"]))
        else:
            out["refused"] += 1
            time.sleep(0.05)  # a bot retrying at once would only be refused faster


def flooders(url: str, tokens: list[str], seconds: float) -> None:
    """The flooding process: one thread per participant; prints what they got, as JSON."""
    os.nice(10)
    clients = [connect(url, {"token": token}) for token in tokens]
    print("ready", flush=True)
    stop = threading.Event()
    results: list[dict[str, Any]] = [{"synced": [], "refused": 0, "bytes": 0} for _ in clients]
    threads = [threading.Thread(target=flood, args=(c, stop, r), daemon=True)
               for c, r in zip(clients, results, strict=True)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)  # the flood's length, not a wait for a condition
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    print(json.dumps(results), flush=True)
    for client in clients:
        client.disconnect()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=1000)
    parser.add_argument("--flooders", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "sync.json")
    parser.add_argument("--flood-process", nargs=3, metavar=("URL", "TOKENS", "SECONDS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.flood_process:
        url, tokens, seconds = args.flood_process
        flooders(url, json.loads(tokens), float(seconds))
        return
    os.sched_setaffinity(0, {1})
    folder = Path(tempfile.mkdtemp(prefix="atelier-sync-"))
    subprocess.run([sys.executable, "-m", "workshop", "db", "upgrade"], env=env_of(folder),
                   check=True, capture_output=True, cwd=ROOT)
    made = prepare(folder, args.topics, args.flooders)
    port = free_port()
    server = subprocess.Popen(["taskset", "-c", "0", sys.executable, "-m", "workshop", "serve",
                               "--port", str(port)],
                              env=env_of(folder), cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                console = connect(url, {"token": made["console"], "workshop": made["workshop"]})
                break
            except socketio.exceptions.ConnectionError:
                time.sleep(0.1)  # polling for the server to listen
        console.call("timer.start", {"client_id": "start", "seconds": 600}, timeout=60)
        alone = probe(console, args.seconds)
        flood_process = subprocess.Popen(
            [sys.executable, __file__, "--flood-process", url, json.dumps(made["tokens"]),
             str(args.seconds + 1)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert flood_process.stdout is not None
        assert flood_process.stdout.readline().strip() == "ready"
        flooded = probe(console, args.seconds)
        results = json.loads(flood_process.stdout.readline())
        flood_process.wait(timeout=120)
        synced = [latency for r in results for latency in r["synced"]]
        report = {
            "benchmark": "sync",
            "command": ".venv/bin/python bench/sync.py " + " ".join(sys.argv[1:]),
            "topics": args.topics, "flooders": args.flooders, "seconds": args.seconds,
            "console_ack_ms_alone": percentiles(alone),
            "console_ack_ms_flooded": percentiles(flooded),
            "flood_syncs_answered_per_second": round(len(synced) / args.seconds, 1),
            "flood_syncs_refused": sum(r["refused"] for r in results),
            "sync_ms": percentiles(synced),
            "sync_bytes": max(r["bytes"] for r in results),
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(report))
        console.disconnect()
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
