"""The workshop ``bench/load.py`` votes in, made through the services on a fresh database.

    .venv/bin/python bench/load_setup.py FOLDER --phones 2000 --topics 50

Run with ``WORKSHOP_INSTANCE_PATH`` and ``WORKSHOP_DATABASE_URL`` pointing at the run's
temporary folder (already migrated): an Open Space in its Convergence vote with results shown
(or hidden from phones with ``--hidden``),
``topics`` sessions and ``phones`` participants who joined as ``POST /api/v1/join`` does (their
tokens minted by the same service), and ``--questions`` questions to the room, each asked by a
participant of its own who never votes or upvotes. Writes ``FOLDER/workshop.json`` for the
coordinator.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The package under test: this checkout's, or an earlier revision's (bench/load.py atelier@REV).
sys.path.insert(0, os.environ.get("ATELIER_ROOT", str(ROOT)))


def populate(phones: int, topics: int, shown: bool = True, asked: int = 0
             ) -> dict[str, object]:
    from workshop import create_app
    from workshop.extensions import db
    from workshop.models import Method, Participant, Workshop
    from workshop.services import (
        controls,
        events,
        facilitators,
        navigation,
        participants,
        questions,
        workshops,
    )
    from workshop.services import topics as topic_service
    from workshop.services.participants import JoinRequest
    from workshop.services.workshops import WorkshopSettings

    app = create_app()
    with app.app_context(), app.test_request_context(), db.unit_of_work() as session:
        owner = facilitators.create_facilitator(
            session, "bench@atelier.example", "a long enough bench password", "Bench")
        created = workshops.create_workshop(session, owner, WorkshopSettings(
            title="Load benchmark", method=Method.OPEN_SPACE, vote_budget=100,
            max_votes_per_topic=100))
        workshop = session.get(Workshop, created.workshop_id)
        actor = events.facilitator_actor(owner.id)
        navigation.navigate(session, workshop, "marketplace", actor, None)
        ids = [topic_service.propose(session, workshop, None, f"Session {n + 1}", "", actor,
                                     None).result["topic"]["id"] for n in range(topics)]
        navigation.navigate(session, workshop, "convergence", actor, None)
        if shown:  # hidden from phones is the default while voting
            controls.update(session, workshop, {"results_visible": True}, actor, None)
        group = workshop.stakeholder_groups[0]["key"] if workshop.stakeholder_groups else ""
        tokens = [participants.join(session, workshop, JoinRequest(f"Phone {n + 1}", group)
                                    ).result["token"] for n in range(phones)]
        room_questions = []
        for n in range(asked):
            joined = participants.join(session, workshop, JoinRequest(f"Asker {n + 1}", group))
            asker = session.get(Participant, joined.result["participant"])
            room_questions.append(questions.ask(
                session, workshop, asker, f"Question {n + 1}?",
                events.participant_actor(asker.id), None).result["question_id"])
        return {"workshop": workshop.id, "screen_key": workshop.screen_key, "topics": ids,
                "tokens": tokens, "questions": room_questions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--phones", type=int, required=True)
    parser.add_argument("--topics", type=int, required=True)
    parser.add_argument("--hidden", action="store_true", help="results hidden from phones")
    parser.add_argument("--questions", type=int, default=0, help="questions to the room")
    args = parser.parse_args()
    made = populate(args.phones, args.topics, shown=not args.hidden, asked=args.questions)
    (args.folder / "workshop.json").write_text(json.dumps(made), encoding="utf-8")


if __name__ == "__main__":
    main()
