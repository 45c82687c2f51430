"""Barcamp: an unconference where everyone pitches, the grid builds itself, everyone shares."""

from flask_babel import lazy_gettext as _l

from ..models import ContributionKind, Method
from .phase import Action, EnterStep, MethodInfo, Phase, Screen

METHOD = MethodInfo(
    key=Method.BARCAMP,
    name=_l("Barcamp"),
    summary=_l(
        "An unconference: everyone pitches a session, the room shows interest, "
        "the grid of rooms and slots builds itself, and every session is documented openly."
    ),
    phases=(
        Phase(
            id="introduction",
            title=_l("Introduction"),
            instructions=_l(
                "No spectators, only participants: everyone is welcome to pitch a session, "
                "share what they know and take notes for all."
            ),
            screen=Screen.JOIN,
            minutes=10,
        ),
        Phase(
            id="pitch",
            title=_l("Pitch"),
            instructions=_l("Pitch a session in a few words: what will you share or ask?"),
            screen=Screen.WALL,
            allows=(Action.PROPOSE,),
            minutes=20,
        ),
        Phase(
            id="interest",
            title=_l("Interest"),
            instructions=_l("Mark every session you would attend: the grid is built from this."),
            screen=Screen.INTEREST,
            allows=(Action.MARK,),
            on_enter=EnterStep.AGENDA,
            minutes=10,
        ),
        Phase(
            id="grid",
            title=_l("Grid"),
            instructions=_l(
                "The grid is built so that the fewest people have to choose between two "
                "sessions they want. Find your sessions and rooms."
            ),
            screen=Screen.GRID,
            on_enter=EnterStep.GRID,
            minutes=10,
        ),
        Phase(
            id="sessions",
            title=_l("Sessions"),
            instructions=_l(
                "Check in to the session you are in and take notes together: "
                "everything is shared with everyone."
            ),
            screen=Screen.SESSIONS,
            allows=(Action.CHECKIN, Action.WRITE),
            documents=("notes",),
            minutes=45,
        ),
        Phase(
            id="wrapup",
            title=_l("Wrap-up"),
            instructions=_l(
                "What did you take away, and what would you change next time? "
                "Add a commitment if you will follow something up."
            ),
            screen=Screen.WALL,
            allows=(Action.PROPOSE, Action.COMMIT),
            contribution=ContributionKind.FEEDBACK,
            minutes=15,
        ),
    ),
)
