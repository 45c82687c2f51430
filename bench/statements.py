"""What one phone's vote asks of the database: statements, commits, connection checkouts.

    .venv/bin/python bench/statements.py [--votes 5] [--out bench/results/statements.json]

Runs the vote of one phone (``vote.cast`` through Flask-SocketIO's test client, as a phone
sends it) against a fresh SQLite database and a throwaway PostgreSQL (the scale tests' own),
and counts what SQLAlchemy sends for each vote after the first (the first also loads what
later votes find in the session's identity map or the pool). On SQLite each statement is a
call into the library; on PostgreSQL it is a round trip to the server, and under gevent a
switch back to the loop: the statements after the workshop's ``last_seq`` update hold its row
lock, so they are listed apart. Needs PostgreSQL installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import argparse
import contextvars
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))


def count(url: str, votes: int) -> dict[str, Any]:
    """Statements, commits and checkouts per vote (the median vote after the first)."""
    import sqlalchemy as sa

    folder = tempfile.mkdtemp(prefix="atelier-statements-")
    os.environ.update(WORKSHOP_DATABASE_URL=url, WORKSHOP_INSTANCE_PATH=folder)
    subprocess.run([sys.executable, "-m", "workshop", "db", "upgrade"], check=True,
                   capture_output=True, cwd=ROOT)
    from load_setup import populate

    from workshop import create_app
    from workshop.extensions import db, socketio

    made = populate(phones=1, topics=votes, shown=False)
    app = create_app({"DATABASE_URL": url})
    engine = db.engine(app)
    seen: list[str] = []
    locking: list[int] = []  # which of them took the workshop's seq (and its row lock)
    tally = {"commits": 0, "checkouts": 0}

    def statement(*args: Any) -> None:
        text = " ".join(str(args[2]).split())
        if "UPDATE workshop SET last_seq" in text:
            locking.append(len(seen))
        seen.append(" ".join(text.split()[:3]))

    def commit(*_args: Any) -> None:
        tally["commits"] += 1

    def checkout(*_args: Any) -> None:
        tally["checkouts"] += 1

    sa.event.listen(engine, "before_cursor_execute", statement)
    sa.event.listen(engine, "commit", commit)
    sa.event.listen(engine, "checkout", checkout)
    phone = contextvars.Context().run(socketio.test_client, app,
                                      auth={"token": made["tokens"][0]})
    per_vote = []
    for n, topic in enumerate(made["topics"]):
        seen.clear()
        locking.clear()
        tally.update(commits=0, checkouts=0)
        answer = contextvars.Context().run(phone.emit, "vote.cast", {
            "topic_id": topic, "client_id": f"statements-{n}"}, callback=True)
        if not answer.get("ok"):
            raise SystemExit(f"the vote was refused: {answer}")
        locked = locking[0] if locking else len(seen)
        per_vote.append({"statements": len(seen), "commits": tally["commits"],
                         "checkouts": tally["checkouts"],
                         "after_the_seq_update": len(seen) - locked - 1 + tally["commits"],
                         "sent": list(seen)})
    later = sorted(per_vote[1:], key=lambda v: v["statements"])
    return later[len(later) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=5)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--database", choices=("sqlite", "postgresql"),
                        help="one of them only (each run in a process of its own)")
    args = parser.parse_args()
    if args.database is None:  # each database in a fresh process: one app, one engine each
        results = {}
        for name in ("sqlite", "postgresql"):
            out = subprocess.run([sys.executable, __file__, "--votes", str(args.votes),
                                  "--database", name], check=True, capture_output=True,
                                 text=True, cwd=ROOT).stdout
            results[name] = json.loads(out)
        text = json.dumps({"benchmark": "statements per vote", "votes": args.votes,
                           "command": " ".join(sys.argv), **results}, indent=2)
        if args.out:
            args.out.write_text(text + "\n", encoding="utf-8")
        print(text)
        return
    if args.database == "sqlite":
        folder = tempfile.mkdtemp(prefix="atelier-statements-db-")
        print(json.dumps(count(f"sqlite:///{folder}/atelier.db", args.votes)))
        return
    from tests.scale.servers import Postgres

    postgres = Postgres().start()
    try:
        print(json.dumps(count(postgres.url(), args.votes)))
    finally:
        postgres.stop()


if __name__ == "__main__":
    main()
