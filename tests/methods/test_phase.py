"""What each phase of each method needs on the console and the phones: its panels."""

from __future__ import annotations

import pytest

from workshop.methods import METHODS, Panel
from workshop.models import Method

Q, CAFE, SEATING, THEMES = Panel.QUESTION, Panel.CAFE, Panel.SEATING, Panel.THEMES
AGENDA, PROPOSITIONS, DOCUMENTS = Panel.AGENDA, Panel.PROPOSITIONS, Panel.DOCUMENTS
TOPICS, WORDS, COMMITMENTS = Panel.TOPICS, Panel.WORDS, Panel.COMMITMENTS

# Every phase's panels, as the console showed them when it worked them out from screen names.
PANELS = {
    Method.OPEN_SPACE: {
        "opening": (Q,),
        "marketplace": (TOPICS,),
        "agenda": (AGENDA,),
        "sessions": (AGENDA, DOCUMENTS),
        "reports": (DOCUMENTS,),
        "convergence": (TOPICS,),
        "action_planning": (COMMITMENTS,),
        "closing": (TOPICS, WORDS),
    },
    Method.BARCAMP: {
        "introduction": (),
        "pitch": (TOPICS,),
        "interest": (AGENDA,),
        "grid": (AGENDA,),
        "sessions": (AGENDA, DOCUMENTS),
        "wrapup": (TOPICS, COMMITMENTS),
    },
    Method.APPRECIATIVE_INQUIRY: {
        "define": (Q,),
        "discovery": (SEATING,),
        "positive_core": (THEMES, DOCUMENTS, TOPICS),
        "dream": (TOPICS,),
        "design": (PROPOSITIONS,),
        "agreement": (TOPICS,),
        "destiny": (COMMITMENTS,),
    },
    Method.WORLD_CAFE: {
        "welcome": (CAFE,),
        "round_1": (CAFE, SEATING),
        "round_2": (CAFE, SEATING),
        "round_3": (CAFE, SEATING),
        "harvest": (TOPICS,),
        "priorities": (TOPICS,),
        "commitments": (COMMITMENTS,),
    },
}


@pytest.mark.parametrize("method", list(Method), ids=str)
def test_does_every_phase_show_the_panels_it_always_showed(method):
    info = METHODS[method]

    assert {phase.id: info.panels(phase) for phase in info.phases} == PANELS[method]

