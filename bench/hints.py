"""Duplicate hints under load: ``topic.similar`` answered while many phones are connected.

    .venv/bin/python bench/hints.py [--phones 1000] [--typing 50] [--duration 30] [--wall 300]

Starts ``workshop serve`` (gevent) on a fresh migrated SQLite database with an Open Space in
its Marketplace whose wall holds ``--wall`` sessions (the French and English contributions of
bench/sense, some retyped), connects ``--phones`` idle phones (WebSocket, in worker processes
of bench/load_phones.py) and then has ``--typing`` of them ask for hints as people type: each
sends one ``topic.similar`` every 2 to 3 s (one per pause, within the ``hint`` rate limit) with
another contribution's text, for ``--duration`` seconds. Records each question's time to its
acknowledgement, and how many came back with a hint. Writes bench/results/hints.json;
docs/performance.md reports the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402  (the load benchmark's server under test and percentiles)
import load_phones  # noqa: E402

TEXTS = ROOT / "bench" / "sense" / "contributions.json"
TIMEOUT = 30.0


def contributions() -> list[str]:
    return [c["text"] for c in json.loads(TEXTS.read_text(encoding="utf-8"))["contributions"]]


def populate(folder: Path, phones: int, wall: int) -> None:
    """The workshop, its wall and its phones' tokens (run in the server's environment)."""
    sys.path.insert(0, str(ROOT))
    from workshop import create_app
    from workshop.extensions import db
    from workshop.models import Method, Workshop
    from workshop.services import events, facilitators, navigation, participants, workshops
    from workshop.services import topics as topic_service
    from workshop.services.participants import JoinRequest
    from workshop.services.workshops import WorkshopSettings

    texts = contributions()
    app = create_app()
    with app.app_context(), app.test_request_context(), db.unit_of_work() as session:
        owner = facilitators.create_facilitator(
            session, "bench@atelier.example", "a long enough bench password", "Bench")
        created = workshops.create_workshop(session, owner, WorkshopSettings(
            title="Hint benchmark", method=Method.OPEN_SPACE))
        workshop = session.get(Workshop, created.workshop_id)
        actor = events.facilitator_actor(owner.id)
        navigation.navigate(session, workshop, "marketplace", actor, None)
        for n in range(wall):
            text = texts[n % len(texts)]
            title = text if n < len(texts) else f"{text} ({n // len(texts) + 1})"
            topic_service.propose(session, workshop, None, title[:120], "", actor, None)
        group = workshop.stakeholder_groups[0]["key"] if workshop.stakeholder_groups else ""
        tokens = [participants.join(session, workshop, JoinRequest(f"Phone {n + 1}", group)
                                    ).result["token"] for n in range(phones)]
    (folder / "workshop.json").write_text(json.dumps({"tokens": tokens}), encoding="utf-8")


async def typing(url: str, tokens: list[str], texts: list[str], duration: float,
                 ) -> tuple[list[float], int, list[str]]:
    """Each phone asks a hint every 2-3 s; the times to acknowledgement, hints found, errors."""
    import socketio

    times: list[float] = []
    errors: list[str] = []
    hinted = 0

    async def phone(index: int, token: str) -> None:
        nonlocal hinted
        client = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        await client.connect(url, auth={"token": token}, transports=["websocket"],
                             wait_timeout=TIMEOUT)
        rng = random.Random(index)
        await asyncio.sleep(rng.uniform(0, 2.5))  # people do not all pause at once
        end = time.monotonic() + duration
        while time.monotonic() < end:
            began = time.monotonic()
            answer = await client.call("topic.similar", {"text": rng.choice(texts)},
                                       timeout=TIMEOUT)
            times.append(time.monotonic() - began)
            if answer.get("ok"):
                hinted += bool(answer["similar"])
            else:
                errors.append(answer["error"]["code"])
            await asyncio.sleep(rng.uniform(2.0, 3.0))
        await client.disconnect()

    await asyncio.gather(*(phone(n, token) for n, token in enumerate(tokens)))
    return times, hinted, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--typing", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--wall", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2, help="processes holding idle phones")
    parser.add_argument("--setup", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        populate(args.setup, args.phones, args.wall)
        return

    server = load.Server("atelier", "gevent", args.phones, args.wall, None)
    subprocess.run([sys.executable, "-m", "workshop", "db", "upgrade"], env=server.env,
                   check=True, cwd=ROOT, capture_output=True)
    subprocess.run([sys.executable, __file__, "--setup", str(server.folder), "--phones",
                    str(args.phones), "--wall", str(args.wall)], env=server.env, check=True,
                   cwd=ROOT)
    tokens = json.loads((server.folder / "workshop.json").read_text(encoding="utf-8"))["tokens"]
    began = time.monotonic()
    server.start()
    started = time.monotonic() - began  # includes loading the model before listening
    idle, typists = tokens[args.typing:], tokens[:args.typing]
    context = multiprocessing.get_context("spawn")
    workers = []
    try:
        for share in range(args.workers):
            mine, theirs = context.Pipe()
            process = context.Process(target=load_phones.run, daemon=True,
                                      args=(theirs, server.url, True, None, 0))
            process.start()
            mine.send({"cmd": "connect", "concurrency": 20,
                       "phones": [(t, "websocket") for t in idle[share::args.workers]]})
            workers.append((process, mine))
        connected = [conn.recv() for _process, conn in workers]
        cpu_before = server.cpu_seconds()
        times, hinted, errors = asyncio.run(typing(server.url, typists, contributions(),
                                                   args.duration))
        cpu = server.cpu_seconds() - cpu_before
        result = {
            "about": __doc__.splitlines()[0],
            "machine": {"cpus": multiprocessing.cpu_count(), "python": platform.python_version()},
            "phones": args.phones, "typing": args.typing, "wall": args.wall,
            "duration_s": args.duration, "idle_phones_connected": connected,
            "server_start_s": round(started, 2),
            "hints": len(times), "hints_per_s": round(len(times) / args.duration, 1),
            "with_a_hint": hinted, "refused": {code: errors.count(code) for code in set(errors)},
            "latency_ms": load.percentiles(times),
            "server_cpu_s": round(cpu, 2), "server_rss_mb": server.rss_mb(),
        }
    finally:
        for _process, conn in workers:
            conn.send({"cmd": "close"})
            conn.recv()
        server.stop()
    out = ROOT / "bench" / "results" / "hints.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
