"""Open Space Technology (Harrison Owen): this issue's phases; the agenda and sessions follow."""

from flask_babel import lazy_gettext as _l

from ..models import Method
from . import PROPOSE, VOTE, MethodInfo, Phase

METHOD = MethodInfo(
    key=Method.OPEN_SPACE,
    name=_l("Open Space"),
    summary=_l(
        "One calling question; anyone proposes and convenes a session; "
        "an agenda of rooms and time slots forms; reports feed the action plan."
    ),
    phases=(
        Phase(
            id="opening",
            title=_l("Opening"),
            instructions=_l(
                "Whoever comes are the right people. Whatever happens is the only thing that "
                "could have. Whenever it starts is the right time. When it's over, it's over. "
                "And the law of two feet: go where you learn or contribute."
            ),
            screen="join",
            minutes=10,
        ),
        Phase(
            id="marketplace",
            title=_l("Marketplace"),
            instructions=_l(
                "Propose a session on the calling question: you will convene it. "
                "Any topic you care about is welcome."
            ),
            screen="wall",
            allows=(PROPOSE,),
            minutes=20,
        ),
        Phase(
            id="voting",
            title=_l("Voting"),
            instructions=_l("Place your dots on the sessions you want to attend most."),
            screen="votes",
            allows=(VOTE,),
            minutes=10,
            ballot="marketplace",
        ),
        Phase(
            id="results",
            title=_l("Results"),
            instructions=_l("Here are the sessions the room wants most."),
            screen="results",
            ballot="marketplace",
            results_visible=True,
        ),
    ),
)
