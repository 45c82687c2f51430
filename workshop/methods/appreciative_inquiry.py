"""Appreciative Inquiry (Cooperrider): the 4-D cycle after choosing an affirmative topic."""

from flask_babel import lazy_gettext as _l

from ..models import Method
from . import COMMIT, PAIR, PROPOSE, PROPOSITIONS, THEMES, VOTE, WRITE, MethodInfo, Phase

METHOD = MethodInfo(
    key=Method.APPRECIATIVE_INQUIRY,
    name=_l("Appreciative Inquiry"),
    summary=_l(
        "The 4-D cycle on an affirmative topic: Discovery interviews, the positive core, "
        "Dream, Design of provocative propositions, and Destiny commitments."
    ),
    phases=(
        Phase(
            id="define",
            title=_l("Define"),
            instructions=_l(
                "The affirmative topic: what we want more of, asked in the positive."
            ),
            screen="question",
            minutes=10,
        ),
        Phase(
            id="discovery",
            title=_l("Discovery"),
            instructions=_l(
                "Interview your partner about a peak experience on our topic, then swap. "
                "Write down their story and the strengths it shows."
            ),
            screen="pairs",
            allows=(WRITE,),
            documents=("story",),
            on_enter=PAIR,
            minutes=40,
        ),
        Phase(
            id="positive_core",
            title=_l("Positive core"),
            instructions=_l(
                "The strengths our stories share: this is the positive core we build on."
            ),
            screen="themes",
            on_enter=THEMES,
            minutes=15,
        ),
        Phase(
            id="dream",
            title=_l("Dream"),
            instructions=_l(
                "Imagine it is three years from now and the positive core is everywhere: "
                "write a vision statement, then place your dots on the dreams that inspire you."
            ),
            screen="votes",
            allows=(PROPOSE, VOTE),
            contribution="dream",
            ballot="dream",
            minutes=25,
        ),
        Phase(
            id="design",
            title=_l("Design"),
            instructions=_l(
                "Write a provocative proposition for each top dream together: a bold "
                "statement of the ideal, in the present tense, as if it were already true."
            ),
            screen="documents",
            allows=(WRITE,),
            documents=("proposition",),
            contribution="proposition",
            on_enter=PROPOSITIONS,
            minutes=30,
        ),
        Phase(
            id="agreement",
            title=_l("Agreement"),
            instructions=_l("Place your dots on the propositions you agree with most."),
            screen="votes",
            allows=(VOTE,),
            contribution="proposition",
            ballot="design",
            minutes=10,
        ),
        Phase(
            id="destiny",
            title=_l("Destiny"),
            instructions=_l(
                "What will you do, alone or as a team, to make the propositions real? "
                "Commit with an owner and a date."
            ),
            screen="commitments",
            allows=(COMMIT,),
            contribution="proposition",
            ballot="design",
            results_visible=True,
            minutes=20,
        ),
    ),
)
