"""Appreciative Inquiry (Cooperrider's 4-D cycle): its first steps; the full cycle comes next."""

from flask_babel import lazy_gettext as _l

from ..models import Method
from . import PROPOSE, VOTE, MethodInfo, Phase

METHOD = MethodInfo(
    key=Method.APPRECIATIVE_INQUIRY,
    name=_l("Appreciative Inquiry"),
    summary=_l(
        "The 4-D cycle: Discovery interviews in pairs, Dream, Design of "
        "provocative propositions, Destiny commitments."
    ),
    phases=(
        Phase(
            id="define",
            title=_l("Define"),
            instructions=_l("The affirmative topic we will explore together."),
            screen="join",
            minutes=10,
        ),
        Phase(
            id="dream",
            title=_l("Dream"),
            instructions=_l("Imagine what could be: write a vision statement."),
            screen="wall",
            allows=(PROPOSE,),
            contribution="dream",
            minutes=20,
        ),
        Phase(
            id="dream_vote",
            title=_l("Choose the dreams"),
            instructions=_l("Place your dots on the dreams that inspire you most."),
            screen="votes",
            allows=(VOTE,),
            contribution="dream",
            minutes=10,
            ballot="dreams",
        ),
        Phase(
            id="results",
            title=_l("Results"),
            instructions=_l("Here are the dreams the room chose."),
            screen="results",
            ballot="dreams",
            results_visible=True,
            contribution="dream",
        ),
    ),
)
