"""Co-writing memory: what a pycrdt Doc costs as it grows, and what the server keeps of it.

    .venv/bin/python bench/cowrite_memory.py [--before REV] [--documents 40]
        [--insertions 5000] [--refusals 200] [--size 4000]

1. ``docs``: child processes build Docs as the server does (one update per insertion) in several
   editing patterns; each Doc's cost is the growth of the process's resident memory over many
   Docs (tracemalloc does not see pycrdt's Rust allocations), beside its blocks and encoded size
   and the estimate ``document_store`` makes of them.
2. ``fill``: for this checkout and for ``--before`` (default: where this branch left main,
   checked out aside and run with the same interpreter), a child process on a fresh SQLite
   database has one participant fill ``--documents`` session reports one character at a time,
   each at the start of a field (every character a block of its own), in turns, through
   ``documents.apply_update``, until refused or ``--insertions`` each.
3. ``refusals``: on a report of ``--size`` such blocks, ``--refusals`` updates refused (one
   building on an insertion never sent; one writing a field reports lack) and as many taken,
   each timed, with the peak of resident memory over them.

Writes bench/results/cowrite-memory.json; docs/performance.md reports the figures.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

OLD_LIMIT = 512 * 1024  # what bounded a document before: its encoded size
PATTERNS = {
    # pattern: (insertions, Docs measured together)
    "empty": (0, 2000),  # three fields with one character each
    "typing": (20_000, 100),  # on from the last character, as people type
    "prose": (20_000, 100),  # words, typos erased, now and then elsewhere in the text
    "scattered": (5_000, 40),  # every character at the start: a block each
    "random": (5_000, 40),  # every character somewhere else
    "old limit": (None, 10),  # scattered until the encoded size reached the old 512 kB bound
}


def resident() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak() -> int:
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(re.search(r"VmHWM:\s+(\d+)", status)[1]) * 1024  # type: ignore[index]


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median": round(statistics.median(ordered) * 1000, 3),
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 3)}


# --- 1. what a Doc costs --------------------------------------------------------------------


def edits(pattern: str, insertions: int | None, seed: int = 1) -> list[bytes]:
    """The updates of one writer editing a report field in ``pattern``, one per keystroke."""
    from pycrdt import Doc, Text

    rnd = random.Random(seed)
    writer: Any = Doc()
    text = writer.get("key_points", type=Text)
    updates = []

    def step(change: Any) -> None:
        before = writer.get_state()
        change()
        updates.append(writer.get_update(before))

    if pattern == "empty":
        for name in ("key_points", "recommendations", "questions"):
            step(lambda name=name: writer.get(name, type=Text).insert(0, "x"))
        return updates
    cursor = 0
    while insertions is None or len(updates) < insertions:
        length = len(text)
        if pattern == "typing":
            step(lambda at=length: text.insert(at, "x"))
        elif pattern in ("scattered", "old limit"):
            step(lambda: text.insert(0, "x"))
            if insertions is None and len(updates) % 1000 == 0 and \
                    len(writer.get_update()) >= OLD_LIMIT:
                break
        elif pattern == "random":
            place = rnd.randint(0, length)
            step(lambda at=place: text.insert(at, "x"))
        else:  # prose: words, one in ten with a typo erased, elsewhere every ~30 words
            if rnd.random() < 0.03:
                cursor = rnd.randint(0, length)
            word = rnd.choice(("workshop", "session", "ideas", "team", "vote", "a", "the"))
            typo = rnd.randrange(len(word)) if rnd.random() < 0.1 else -1
            for index, letter in enumerate(word + " "):
                if index == typo:
                    step(lambda at=cursor: text.insert(at, "q"))
                    step(lambda at=cursor: text.__delitem__(slice(at, at + 1)))
                step(lambda at=cursor, letter=letter: text.insert(at, letter))
                cursor += 1
    return updates


def doc_child(pattern: str, insertions: int | None, count: int) -> dict[str, Any]:
    """Run in a child process: ``count`` Docs built from the same updates, one at a time."""
    from pycrdt import Doc, Text

    from workshop.services import document_store

    updates = edits(pattern, insertions)
    gc.collect()
    start = resident()
    docs = []
    for _ in range(count):
        doc: Any = Doc()
        for update in updates:
            doc.apply_update(update)
        docs.append(doc)
    gc.collect()
    per_doc = (resident() - start) / count
    weight = document_store.weigh(docs[0])
    state = docs[0].get_update()
    start = resident()
    reloaded = []  # as the cache reads a Doc again from a compacted snapshot
    for _ in range(count):
        doc = Doc()
        doc.apply_update(state)
        reloaded.append(doc)
    gc.collect()
    per_reloaded = (resident() - start) / count
    return {"pattern": pattern, "updates": len(updates), "docs": count,
            "characters": len(str(docs[0].get("key_points", type=Text))),
            "blocks": weight.blocks, "encoded": weight.encoded, "bytes_per_doc": round(per_doc),
            "estimate": weight.memory, "bytes_per_reloaded_doc": round(per_reloaded),
            "blocks_after_reload": document_store.weigh(reloaded[0]).blocks}


# --- 2 and 3. the server ----------------------------------------------------------------------


class Server:
    """One revision's services in this process, on a fresh database, with a report to write."""

    def __init__(self, topics: int) -> None:
        from workshop import create_app
        from workshop.extensions import db
        from workshop.methods import Action
        from workshop.models import Method, Participant, Workshop
        from workshop.roles import Role
        from workshop.services import (
            documents,
            events,
            facilitators,
            navigation,
            participants,
            workshops,
        )
        from workshop.services import phases as phase_service
        from workshop.services import topics as topic_service
        from workshop.services.participants import JoinRequest
        from workshop.services.workshops import WorkshopSettings

        self.app = create_app()
        self.context = self.app.app_context()
        self.context.push()
        self.db, self.documents, self.role = db, documents, Role.PARTICIPANT
        with self.app.test_request_context(), db.unit_of_work() as session:
            owner = facilitators.create_facilitator(
                session, "bench@atelier.example", "a long enough bench password", "Bench")
            created = workshops.create_workshop(session, owner, WorkshopSettings(
                title="Co-writing memory", method=Method.OPEN_SPACE))
            workshop = session.get(Workshop, created.workshop_id)
            assert workshop is not None
            actor = events.facilitator_actor(owner.id)
            navigation.navigate(session, workshop, "marketplace", actor, None)
            self.topics = [topic_service.propose(session, workshop, None, f"Session {n + 1}", "",
                                                 actor, None).result["topic"]["id"]
                           for n in range(topics)]
            writing = next(p.id for p in phase_service.method_of(workshop).phases
                           if "report" in p.documents and Action.WRITE in p.allows)
            navigation.navigate(session, workshop, writing, actor, None)
            group = workshop.stakeholder_groups[0]["key"] if workshop.stakeholder_groups else ""
            joined = participants.join(session, workshop, JoinRequest("Writer", group))
            self.workshop_id = workshop.id
            self.participant_id = joined.result["participant"]
        self.Workshop, self.Participant = Workshop, Participant

    def write(self, key: str, update: bytes) -> bool:
        """Store ``update`` as the participant's phone would; False if refused."""
        from workshop.errors import Invalid

        try:
            with self.db.unit_of_work() as session:
                self.documents.apply_update(
                    session, session.get(self.Workshop, self.workshop_id), key, update,
                    self.role, session.get(self.Participant, self.participant_id))
        except Invalid:
            return False
        return True

    def cache_estimate(self) -> int | None:
        from workshop.services import document_store

        return getattr(document_store.cache(), "memory", None)  # None before this branch


def fill_child(documents: int, insertions: int) -> dict[str, Any]:
    """Run in a child process: one writer fills ``documents`` reports, in turns."""
    from pycrdt import Doc, Text

    server = Server(documents)
    # The same keystrokes for every document, made beforehand: the writers' own Docs would
    # cost this process as much memory as the server's.
    writer: Any = Doc()
    text = writer.get("key_points", type=Text)
    updates = []
    for _ in range(insertions):
        before = writer.get_state()
        text.insert(0, "x")
        updates.append(writer.get_update(before))
    del writer, text
    gc.collect()
    taken = [0] * documents
    open_ = set(range(documents))
    seconds: list[float] = []
    start = resident()
    for update in updates:
        for n in sorted(open_):
            began = time.perf_counter()
            if server.write(f"report:{server.topics[n]}", update):
                taken[n] += 1
            else:
                open_.discard(n)
            seconds.append(time.perf_counter() - began)
        if not open_:
            break
    end = resident()
    estimate = server.cache_estimate()
    # What stays once the documents are dropped: the database's page cache, the allocator's
    # free lists, and what else the services keep.
    from workshop.services import document_store

    server.app.extensions.pop(document_store.EXTENSION, None)
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    grown = end - start
    return {"documents": documents, "insertions": insertions, "taken_per_document": taken[0],
            "taken_min": min(taken), "taken_max": max(taken), "refused": len(open_) < documents,
            "rss_start": start, "rss_end": end, "rss_growth": grown,
            "rss_growth_without_documents": resident() - start,
            "growth_per_document": round(grown / documents),
            "cache_estimate": estimate, "ms_per_update": ms(seconds)}


def refusals_child(size: int, count: int) -> dict[str, Any]:
    """Run in a child process: refused and taken updates on a report of ``size`` blocks."""
    from pycrdt import Doc, Text

    server = Server(1)
    key = f"report:{server.topics[0]}"
    writer: Any = Doc()
    text = writer.get("key_points", type=Text)
    while len(text) < size:  # scattered characters, sent 4,000 at a time (under 64 kB)
        before = writer.get_state()
        for _ in range(min(4000, size - len(text))):
            text.insert(0, "x")
        assert server.write(key, writer.get_update(before))

    def missing() -> bytes:
        lost: Any = Doc()
        lost.apply_update(writer.get_update())
        lost.get("key_points", type=Text).insert(0, "never sent")
        before = lost.get_state()
        lost.get("key_points", type=Text).insert(0, "y")
        return lost.get_update(before)

    def field() -> bytes:
        other: Any = Doc()
        other.get("notes", type=Text).insert(0, "a field reports lack")
        return other.get_update()

    def taken() -> bytes:
        before = writer.get_state()
        text.insert(0, "z")
        return writer.get_update(before)

    results = {}
    for name, make, expected in (("missing", missing, False), ("field", field, False),
                                 ("taken", taken, True)):
        updates = [make() for _ in range(count)] if name != "taken" else None
        seconds = []
        reset_peak()
        floor = resident()
        for n in range(count):
            update = updates[n] if updates else make()
            began = time.perf_counter()
            assert server.write(key, update) is expected, name
            seconds.append(time.perf_counter() - began)
        results[name] = {"ms": ms(seconds), "peak_growth": peak() - floor}
    return {"size": size, "count": count, **results}


# --- running it all -----------------------------------------------------------------------------


def child(root: Path, folder: Path, *arguments: str) -> dict[str, Any]:
    """Run this script's ``arguments`` in a child process with ``root``'s package first."""
    env = {**os.environ, "WORKSHOP_INSTANCE_PATH": str(folder),
           "WORKSHOP_DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
           "PYTHONPATH": str(root)}
    if arguments[0] != "docs":
        subprocess.run([sys.executable, "-m", "workshop", "db", "upgrade"], env=env, check=True,
                       cwd=root, capture_output=True)
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child",
                           *arguments], env=env, cwd=root, check=True, capture_output=True,
                          text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def revision(name: str) -> str:
    return subprocess.run(["git", "rev-parse", "--short", name], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=None, help="revision to compare with "
                        "(default: git merge-base HEAD main)")
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--insertions", type=int, default=5000)
    parser.add_argument("--refusals", type=int, default=200)
    parser.add_argument("--size", type=int, default=4000)
    parser.add_argument("--parts", default="docs,fill,refusals")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/cowrite-memory.json")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "docs":
            result = doc_child(rest[0], None if rest[1] == "none" else int(rest[1]), int(rest[2]))
        elif kind == "fill":
            result = fill_child(int(rest[0]), int(rest[1]))
        else:
            result = refusals_child(int(rest[0]), int(rest[1]))
        print(json.dumps(result))
        return

    from load import checkout

    sys.path.insert(1, str(ROOT))  # this checkout's package, here only: not in the children
    before = args.before or subprocess.run(
        ["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True, capture_output=True,
        text=True).stdout.strip()[:7]
    roots = {"after": (revision("HEAD"), ROOT), "before": (before, checkout(before))}
    parts = set(args.parts.split(","))
    # Parts not run again are kept from the last run; each part is written as soon as done.
    kept: dict[str, Any] = (json.loads(args.out.read_text(encoding="utf-8"))
                            if args.out.exists() else {})
    results: dict[str, Any] = {part: kept[part] for part in ("docs", "fill", "refusals")
                               if part in kept and part not in parts}

    def save(part: str, value: Any) -> None:
        results[part] = value
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    run = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                       "load_at_start": os.getloadavg()},
           "revisions": {name: rev for name, (rev, _root) in roots.items()},
           "settings": {"documents": args.documents, "insertions": args.insertions,
                        "refusals": args.refusals, "size": args.size}}
    if "docs" in parts:
        measured_docs = []
        for pattern, (insertions, count) in PATTERNS.items():
            with tempfile.TemporaryDirectory() as folder:
                measured = child(ROOT, Path(folder), "docs", pattern, str(insertions).lower(),
                                 str(count))
            print(json.dumps(measured), flush=True)
            measured_docs.append(measured)
        save("docs", {**run, "patterns": measured_docs, "fit": fits(measured_docs)})
    for part, arguments in (("fill", (str(args.documents), str(args.insertions))),
                            ("refusals", (str(args.size), str(args.refusals)))):
        if part not in parts:
            continue
        measured_part: dict[str, Any] = dict(run)
        for name, (rev, root) in roots.items():
            with tempfile.TemporaryDirectory() as folder:
                measured = child(root, Path(folder), part, *arguments)
            print(part, name, rev, json.dumps(measured), flush=True)
            measured_part[name] = measured
            save(part, measured_part)


def fits(patterns: list[dict[str, Any]]) -> dict[str, Any]:
    """How many characters of each pattern a document holds within its budget."""
    from workshop.services import document_store, documents

    held = {}
    for row in patterns:
        if not row["characters"]:
            continue
        estimate = document_store.Weight(row["blocks"], row["encoded"]).memory
        per_character = (estimate - document_store.DOC_BYTES) / row["characters"]
        by_memory = (documents.MAX_DOCUMENT_MEMORY - document_store.DOC_BYTES) / per_character
        by_encoding = documents.MAX_DOCUMENT_BYTES / (row["encoded"] / row["characters"])
        held[row["pattern"]] = {"characters": int(min(by_memory, by_encoding)),
                                "bound_by": "memory" if by_memory < by_encoding else "encoding"}
    return {"budget_bytes": documents.MAX_DOCUMENT_MEMORY,
            "encoded_bytes": documents.MAX_DOCUMENT_BYTES,
            "doc_bytes": document_store.DOC_BYTES, "block_bytes": document_store.BLOCK_BYTES,
            "characters_in_budget": held}


if __name__ == "__main__":
    main()
