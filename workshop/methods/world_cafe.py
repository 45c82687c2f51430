"""World Café / Open Café (Brown and Isaacs): the harvest; tables and rounds come next."""

from flask_babel import lazy_gettext as _l

from ..models import Method
from . import PROPOSE, VOTE, MethodInfo, Phase

METHOD = MethodInfo(
    key=Method.WORLD_CAFE,
    name=_l("World Café"),
    summary=_l(
        "Small tables, rounds of conversation on powerful questions, a host per "
        "table, and a plenary harvest."
    ),
    phases=(
        Phase(
            id="welcome",
            title=_l("Welcome"),
            instructions=_l("Sit at a table with people you don't know yet."),
            screen="join",
            minutes=10,
        ),
        Phase(
            id="harvest",
            title=_l("Harvest"),
            instructions=_l("Share an insight from your table's conversations."),
            screen="wall",
            allows=(PROPOSE,),
            contribution="insight",
            minutes=20,
        ),
        Phase(
            id="harvest_vote",
            title=_l("Prioritise"),
            instructions=_l("Place your dots on the insights that matter most."),
            screen="votes",
            allows=(VOTE,),
            contribution="insight",
            minutes=10,
            ballot="harvest",
        ),
        Phase(
            id="results",
            title=_l("Results"),
            instructions=_l("Here are the insights the room values most."),
            screen="results",
            ballot="harvest",
            results_visible=True,
            contribution="insight",
        ),
    ),
)
