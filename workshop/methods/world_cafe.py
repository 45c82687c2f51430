"""World Café / Open Café (Brown and Isaacs): rounds at small tables, hosts, a harvest."""

from flask_babel import lazy_gettext as _l

from ..models import ContributionKind, Method
from .phase import Action, EnterStep, MethodInfo, Phase, Screen


def _round(number: int) -> Phase:
    return Phase(
        id=f"round_{number}",
        title=_l("Round %(n)d", n=number),
        instructions=_l(
            "Go to your table and talk about the question. The host stays and keeps the "
            "table's notes; everyone can add to them. Read what earlier visitors wrote."
        ),
        screen=Screen.TABLES,
        allows=(Action.WRITE,),
        documents=("table",),
        round=number,
        on_enter=EnterStep.SEAT,
        minutes=20,
    )


METHOD = MethodInfo(
    key=Method.WORLD_CAFE,
    name=_l("World Café"),
    summary=_l(
        "Small tables, rounds of conversation on powerful questions, a host per "
        "table who keeps the notes, and a plenary harvest."
    ),
    phases=(
        Phase(
            id="welcome",
            title=_l("Welcome"),
            instructions=_l(
                "Café etiquette: focus on what matters, contribute your thinking, listen to "
                "understand, link and connect ideas, and notice the patterns emerging."
            ),
            screen=Screen.JOIN,
            minutes=10,
        ),
        _round(1),
        _round(2),
        _round(3),
        Phase(
            id="harvest",
            title=_l("Harvest"),
            instructions=_l(
                "What insight do you take from the conversations? Share it with the room."
            ),
            screen=Screen.WALL,
            allows=(Action.PROPOSE,),
            contribution=ContributionKind.INSIGHT,
            minutes=15,
        ),
        Phase(
            id="priorities",
            title=_l("Priorities"),
            instructions=_l("Place your dots on the insights that matter most."),
            screen=Screen.VOTES,
            allows=(Action.VOTE,),
            contribution=ContributionKind.INSIGHT,
            ballot="harvest",
            minutes=10,
        ),
        Phase(
            id="commitments",
            title=_l("Commitments"),
            instructions=_l(
                "What will you do with what we heard? Commit with an owner and a date."
            ),
            screen=Screen.COMMITMENTS,
            allows=(Action.COMMIT,),
            contribution=ContributionKind.INSIGHT,
            ballot="harvest",
            results_visible=True,
            minutes=15,
        ),
    ),
)
