"""Open Space Technology (Harrison Owen): from the calling question to the closing circle."""

from flask_babel import lazy_gettext as _l

from ..models import ContributionKind, Method
from .phase import Action, EnterStep, MethodInfo, Phase, Screen

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
            screen=Screen.PRINCIPLES,
            minutes=10,
        ),
        Phase(
            id="marketplace",
            title=_l("Marketplace"),
            instructions=_l(
                "Propose a session on the calling question: you will convene it. "
                "Any topic you care about is welcome."
            ),
            screen=Screen.WALL,
            allows=(Action.PROPOSE,),
            minutes=20,
        ),
        Phase(
            id="agenda",
            title=_l("Agenda"),
            instructions=_l(
                "Conveners: put your session in a free room and time slot. "
                "Everyone: mark the sessions you want to attend."
            ),
            screen=Screen.AGENDA,
            allows=(Action.PICK, Action.MARK),
            on_enter=EnterStep.AGENDA,
            minutes=15,
        ),
        Phase(
            id="sessions",
            title=_l("Sessions"),
            instructions=_l(
                "Check in to the session you are in. The law of two feet: if you are neither "
                "learning nor contributing, move to another one and check in there."
            ),
            screen=Screen.SESSIONS,
            allows=(Action.CHECKIN, Action.WRITE),
            documents=("report",),
            minutes=60,
        ),
        Phase(
            id="reports",
            title=_l("Reports"),
            instructions=_l(
                "Write your session's report together: key points, recommendations, "
                "open questions. All the reports form the proceedings."
            ),
            screen=Screen.DOCUMENTS,
            allows=(Action.WRITE,),
            documents=("report",),
            minutes=20,
        ),
        Phase(
            id="convergence",
            title=_l("Convergence"),
            instructions=_l(
                "Read the proceedings and place your dots on the sessions whose outcomes "
                "should become our priorities."
            ),
            screen=Screen.VOTES,
            allows=(Action.VOTE,),
            ballot="convergence",
            minutes=15,
        ),
        Phase(
            id="action_planning",
            title=_l("Action planning"),
            instructions=_l(
                "Commit to act on the top priorities: what you will do, who owns it, by when."
            ),
            screen=Screen.COMMITMENTS,
            allows=(Action.COMMIT,),
            ballot="convergence",
            results_visible=True,
            minutes=20,
        ),
        Phase(
            id="closing",
            title=_l("Closing"),
            instructions=_l("One word to say how you leave this Open Space."),
            screen=Screen.WORDS,
            allows=(Action.PROPOSE,),
            contribution=ContributionKind.WORD,
            minutes=None,  # when it's over, it's over
        ),
    ),
)
