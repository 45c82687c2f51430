"""Barcamp: pitch, show interest, see the most wanted sessions (the grid comes next)."""

from flask_babel import lazy_gettext as _l

from ..models import Method
from . import PROPOSE, VOTE, MethodInfo, Phase

METHOD = MethodInfo(
    key=Method.BARCAMP,
    name=_l("Barcamp"),
    summary=_l(
        "An unconference: everyone pitches sessions, the room shows interest, "
        "and the grid is built on the spot."
    ),
    phases=(
        Phase(
            id="introduction",
            title=_l("Introduction"),
            instructions=_l(
                "No spectators, only participants: everyone is invited to pitch a session."
            ),
            screen="join",
            minutes=10,
        ),
        Phase(
            id="pitch",
            title=_l("Pitch"),
            instructions=_l("Pitch a session in a few words."),
            screen="wall",
            allows=(PROPOSE,),
            minutes=20,
        ),
        Phase(
            id="interest",
            title=_l("Interest"),
            instructions=_l("Mark the sessions you would attend."),
            screen="votes",
            allows=(VOTE,),
            minutes=10,
            ballot="interest",
        ),
        Phase(
            id="results",
            title=_l("Results"),
            instructions=_l("Here are the sessions the room wants most."),
            screen="results",
            ballot="interest",
            results_visible=True,
        ),
    ),
)
