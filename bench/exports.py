"""Export benchmark: a workshop of 2,000 participants, 400 topics and 10,000 votes, every format.

    .venv/bin/python bench/exports.py [--participants 2000] [--topics 400] [--votes 10000]

Builds the workshop with direct inserts into a fresh SQLite database (the services would take
minutes and measure something else), then times the synthesis and each writer. Writes
bench/results/exports.json; docs/performance.md reports the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROUPS = ("employee", "customer", "partner")
WORDS = ("écoute", "confiance", "transparence", "réactivité", "fierté", "humour", "qualité",
         "service", "Cœur de Loire", "LinkedIn", "boutique", "livraison", "emballage", "prix")


def populate(session, owner_id: int, participants: int, topics: int, votes: int):  # type: ignore[no-untyped-def]
    from workshop.models import (
        Commitment,
        Contribution,
        ContributionKind,
        Event,
        Method,
        Participant,
        Vote,
        Workshop,
        WorkshopState,
        utcnow,
    )

    rng = random.Random(2013)
    start = utcnow() - timedelta(hours=3)
    workshop = Workshop(
        facilitator_id=owner_id, title="Cœur de Loire — journée clients", method=Method.OPEN_SPACE,
        calling_question="Comment parler avec nos clients, pas seulement à eux ?",
        language="fr", join_code="BENCHX", screen_key="k" * 43, state=WorkshopState.ENDED,
        phase="closing", stakeholder_groups=[{"key": g} for g in GROUPS], options={},
        started_at=start, ended_at=start + timedelta(hours=3),
    )
    session.add(workshop)
    session.flush()
    people = [Participant(workshop_id=workshop.id, display_name=f"Personne {n} « é »",
                          group_key=GROUPS[n % 3], consent_quote=n % 2 == 0,
                          token_hash=f"{n:064d}", joined_at=start + timedelta(seconds=n))
              for n in range(participants)]
    session.add_all(people)
    session.flush()
    items = [Contribution(workshop_id=workshop.id, kind=ContributionKind.TOPIC,
                          title=f"Idée {n} : {rng.choice(WORDS)} et {rng.choice(WORDS)} 🍪",
                          details=" ".join(rng.choices(WORDS, k=12)) + " ?",
                          author_id=people[rng.randrange(participants)].id, phase="marketplace")
             for n in range(topics)]
    session.add_all(items)
    session.flush()
    weights = [1 / (rank + 1) for rank in range(topics)]
    chosen = rng.choices(items, weights=weights, k=votes)
    session.add_all(Vote(workshop_id=workshop.id, ballot="convergence",
                         participant_id=people[rng.randrange(participants)].id,
                         contribution_id=item.id) for item in chosen)
    session.add_all(Commitment(workshop_id=workshop.id, title=f"Action {n}",
                               owner_name=people[n].display_name, participant_id=people[n].id,
                               contribution_id=items[n % 20].id, personal=n % 3 != 0)
                    for n in range(60))
    session.add_all(Event(workshop_id=workshop.id, seq=n + 1, kind="vote.cast",
                          actor=f"p:{people[n % participants].id}",
                          at=start + timedelta(seconds=5 * n), payload={})
                    for n in range(votes))
    workshop.last_seq = votes
    session.flush()
    return workshop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--topics", type=int, default=400)
    parser.add_argument("--votes", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "exports.json")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="atelier-bench-"))
    os.environ["WORKSHOP_INSTANCE_PATH"] = str(folder)
    os.environ["WORKSHOP_DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
    from alembic import command

    from workshop import create_app
    from workshop.cli.server import alembic_config

    command.upgrade(alembic_config(), "head")
    app = create_app()
    with app.app_context(), app.test_request_context():
        from workshop.exports import service
        from workshop.extensions import db
        from workshop.models import Facilitator

        with db.unit_of_work() as session:
            owner = Facilitator(email="bench@atelier.example", display_name="Bench",
                                password_hash="x")
            session.add(owner)
            session.flush()
            workshop = populate(session, owner.id, args.participants, args.topics, args.votes)
            workshop_id = workshop.id
        session = db.session
        from workshop.models import Workshop

        workshop = session.get(Workshop, workshop_id)
        timings: dict[str, float] = {}
        sizes: dict[str, int] = {}
        began = time.perf_counter()
        synthesis = service.build(session, workshop)
        timings["synthesis"] = time.perf_counter() - began
        for fmt in service.FORMATS.values():
            began = time.perf_counter()
            data = service.write(session, workshop, fmt, synthesis)
            timings[fmt.key] = time.perf_counter() - began
            sizes[fmt.key] = len(data)
    total = sum(timings.values())
    result = {
        "benchmark": "exports",
        "workshop": {"participants": args.participants, "topics": args.topics,
                     "votes": args.votes},
        "seconds": {k: round(v, 3) for k, v in timings.items()},
        "total_seconds": round(total, 3),
        "bytes": sizes,
        "target_seconds": 10,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
