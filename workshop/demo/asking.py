"""What the simulated room asks: questions to the room, upvoted, the favourite answered.

Run once in every method, early (so a demo stopped in a later phase shows them), by a few
askers; a sample of the room upvotes, some questions drawing more than others.
"""

from __future__ import annotations

import random

from ..services import questions
from .simulator import Simulation

ASK_SHARE = 4  # one question per this many people, 2 at least
UPVOTERS = 60  # people who look at the questions (a sample in a crowded room)
UPVOTE_SHARE = 0.6  # the most a question's appeal makes someone upvote it


def ask_the_room(sim: Simulation) -> None:
    """A few people ask, a sample of the room upvotes, the facilitator answers one."""
    # Its own draws: the rest of a seeded demo stays what it was before the room asked.
    rng = random.Random(f"{sim.seed}:questions")
    pool = list(sim.content.room_questions)
    rng.shuffle(pool)
    count = max(2, min(len(sim.people) // ASK_SHARE, len(pool)))
    askers = rng.sample(sim.people, min(count, len(sim.people)))
    asked = [(sim.ask(askers[n % len(askers)], text), askers[n % len(askers)].id)
             for n, text in enumerate(pool[:count])]
    appeal = {question: rng.uniform(0.1, 1.0) for question, _ in asked}
    for person in rng.sample(sim.people, min(UPVOTERS, len(sim.people))):
        for question, asker in asked:
            if asker != person.id and rng.random() < appeal[question] * UPVOTE_SHARE:
                sim.upvote(person, question)
    counts = questions.upvote_counts(sim.read(), sim.workshop)
    # The facilitator answers the room's favourite on the spot.
    sim.answered(max((q for q, _ in asked), key=lambda q: (counts.get(q, 0), -q)))
