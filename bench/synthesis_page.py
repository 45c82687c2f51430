"""Synthesis page benchmark: a 1,500-topic workshop's page on a live server, and who waits.

    .venv/bin/python bench/synthesis_page.py [--topics 1500] [--participants 2000]
        [--votes 10000] [--reloads 5] [--servers atelier,atelier@REV]

For each server (``workshop serve`` under gevent on a fresh SQLite database filled by
``bench/exports.py``'s ``populate``; ``atelier@REV`` is Atelier at git revision REV, checked out
aside as ``bench/load.py`` does), a signed-in facilitator opens the synthesis page three ways:
first (nothing built yet), reloaded with nothing changed (``--reloads`` times, the median), and
after a change (a tag correction, so a new seq). Meanwhile another client asks ``/api/v1/me``
(a token check: one small database read) 20 times a second; for each page we record how many
of those answers came while the page was being made and the longest one took: the stall every
other socket of the server suffered. Writes bench/results/synthesis-page.json;
docs/performance.md reports the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EMAIL, PASSWORD = "bench@atelier.example", "correct horse battery"
PING_EVERY = 0.05  # seconds between two questions of the other client
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def populate(folder: Path, topics: int, participants: int, votes: int) -> None:
    """Fill the migrated database in ``folder`` (run in a child: its own app and environment)."""
    os.environ["WORKSHOP_INSTANCE_PATH"] = str(folder)
    from bench.exports import populate as fill
    from workshop import create_app
    from workshop.extensions import db
    from workshop.services import facilitators

    app = create_app()
    with app.app_context(), db.unit_of_work() as session:
        owner = facilitators.find_by_email(session, EMAIL)
        fill(session, owner.id, participants, topics, votes)


def checkout(revision: str) -> Path:
    """A work tree of ``revision`` beside this one (made once), with this checkout's assets."""
    folder = Path(tempfile.gettempdir()) / f"atelier-at-{revision}"
    if not folder.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(folder), revision], cwd=ROOT,
                       check=True, capture_output=True)
    if not (folder / "static" / "dist").exists():
        shutil.copytree(ROOT / "static" / "dist", folder / "static" / "dist")
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Pinger:
    """Another client asking a small question again and again: (sent, answered) each time."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.headers = f"{url}/api/v1/me", {"Authorization": f"Bearer {token}"}
        self.answers: list[tuple[float, float]] = []
        self._going = True
        self._thread = threading.Thread(target=self._run)
        self._thread.start()

    def _run(self) -> None:
        with requests.Session() as client:
            while self._going:
                sent = time.perf_counter()
                client.get(self.url, headers=self.headers, timeout=60).raise_for_status()
                self.answers.append((sent, time.perf_counter()))
                # A steady PING_EVERY, as a room's phones keep a server busy, not a flood
                # that would take the machine's CPU from the page being measured.
                time.sleep(max(0.0, sent + PING_EVERY - time.perf_counter()))

    def during(self, began: float, ended: float) -> dict[str, Any]:
        """The answers that came while a page was made, and the longest wait among them."""
        came = [(s, a) for s, a in self.answers if began <= a <= ended]
        waits = [a - s for s, a in self.answers if a >= began and s <= ended]
        return {"answers": len(came), "longest_wait_ms": round(max(waits, default=0) * 1000, 1)}

    def stop(self) -> None:
        self._going = False
        self._thread.join(timeout=60)


def run_server(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    root = checkout(kind.partition("@")[2]) if "@" in kind else ROOT
    folder = Path(tempfile.mkdtemp(prefix="atelier-bench-page-"))
    env = {**os.environ, "WORKSHOP_INSTANCE_PATH": str(folder), "WORKSHOP_RATE_LIMITS": "off"}
    python = sys.executable

    def workshop(*command: str, stdin: str | None = None) -> str:
        return subprocess.run([python, "-m", "workshop", *command], env=env, cwd=root,
                              input=stdin, capture_output=True, text=True, check=True).stdout

    workshop("db", "upgrade")
    workshop("facilitator", "create", EMAIL, "--password-stdin", stdin=PASSWORD)
    token = json.loads(workshop("facilitator", "token", EMAIL, "--json"))["token"]
    subprocess.run([python, str(Path(__file__).resolve()), "--populate", str(folder),
                    "--topics", str(args.topics), "--participants", str(args.participants),
                    "--votes", str(args.votes)], env=env, check=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (folder / "server.log").open("wb") as log:
        server = subprocess.Popen([python, "-m", "workshop", "serve", "--port", str(port)],
                                  env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError((folder / "server.log").read_text()) from None
                time.sleep(0.1)  # polling for the port to open
        return measure(url, token, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def measure(url: str, token: str, args: argparse.Namespace) -> dict[str, Any]:
    browser = requests.Session()
    form = browser.get(f"{url}/login", timeout=30).text
    browser.post(f"{url}/login", data={"email": EMAIL, "password": PASSWORD,
                                       "csrf_token": CSRF.findall(form)[0]},
                 timeout=30).raise_for_status()
    workshop = browser.get(f"{url}/api/v1/workshops", timeout=30,
                           headers={"Authorization": f"Bearer {token}"}).json()["workshops"][0]
    page_url = f"{url}/workshops/{workshop['id']}/synthesis"
    pinger = Pinger(url, token)

    def page() -> tuple[str, dict[str, Any]]:
        began = time.perf_counter()
        answer = browser.get(page_url, timeout=300)
        ended = time.perf_counter()
        answer.raise_for_status()
        # The question asked while the page was made may be answered just after it: wait for
        # its answer (polling), or its wait would be left out.
        while not any(a >= ended for _s, a in pinger.answers):
            time.sleep(0.005)
        return answer.text, {"seconds": round(ended - began, 3), **pinger.during(began, ended)}

    try:
        text, first = page()
        reloads = [page()[1] for _ in range(args.reloads)]
        item = re.search(r'data-item="(\d+)"', text)
        assert item, "no priority on the page"
        browser.post(f"{url}/workshops/{workshop['id']}/synthesis/tags/{item.group(1)}",
                     data={"csrf_token": CSRF.findall(text)[0], "foundations": ["trust"]},
                     timeout=60, allow_redirects=False).raise_for_status()
        _text, changed = page()
    finally:
        pinger.stop()
    return {
        "first": first,
        "reload": {"seconds_median": statistics.median(r["seconds"] for r in reloads),
                   "longest_wait_ms": max(r["longest_wait_ms"] for r in reloads)},
        "after_a_change": changed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=1500)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--votes", type=int, default=10_000)
    parser.add_argument("--reloads", type=int, default=5)
    parser.add_argument("--servers", default="atelier")
    parser.add_argument("--populate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path,
                        default=ROOT / "bench" / "results" / "synthesis-page.json")
    args = parser.parse_args()
    if args.populate:
        populate(args.populate, args.topics, args.participants, args.votes)
        return

    load_at_start = os.getloadavg()
    servers = {}
    for kind in args.servers.split(","):
        print(f"{kind}…", file=sys.stderr)
        servers[kind] = run_server(kind, args)
        print(json.dumps(servers[kind]), file=sys.stderr)
    result = {
        "benchmark": "synthesis_page",
        "workshop": {"topics": args.topics, "participants": args.participants,
                     "votes": args.votes},
        "servers": servers,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                    # Other work on the machine slows a cold worker most (its imports).
                    "load_average_at_start": [round(x, 2) for x in load_at_start],
                    "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
