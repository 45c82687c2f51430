"""Appreciative Inquiry (Cooperrider): the 4-D cycle after choosing an affirmative topic."""

from flask_babel import lazy_gettext as _l

from ..models import ContributionKind, Method
from .phase import Action, EnterStep, MethodInfo, Phase, Screen

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
            screen=Screen.QUESTION,
            minutes=10,
        ),
        Phase(
            id="discovery",
            title=_l("Discovery"),
            instructions=_l(
                "Interview your partner about a peak experience on our topic, then swap. "
                "Write down their story and the strengths it shows."
            ),
            screen=Screen.PAIRS,
            allows=(Action.WRITE,),
            documents=("story",),
            on_enter=EnterStep.PAIRS,
            minutes=40,
        ),
        Phase(
            id="positive_core",
            title=_l("Positive core"),
            instructions=_l(
                "The strengths our stories share: this is the positive core we build on."
            ),
            screen=Screen.THEMES,
            on_enter=EnterStep.THEMES,
            minutes=15,
        ),
        Phase(
            id="dream",
            title=_l("Dream"),
            instructions=_l(
                "Imagine it is three years from now and the positive core is everywhere: "
                "write a vision statement, then place your dots on the dreams that inspire you."
            ),
            screen=Screen.VOTES,
            allows=(Action.PROPOSE, Action.VOTE),
            contribution=ContributionKind.DREAM,
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
            screen=Screen.DOCUMENTS,
            allows=(Action.WRITE,),
            documents=("proposition",),
            contribution=ContributionKind.PROPOSITION,
            on_enter=EnterStep.PROPOSITIONS,
            minutes=30,
        ),
        Phase(
            id="agreement",
            title=_l("Agreement"),
            instructions=_l("Place your dots on the propositions you agree with most."),
            screen=Screen.VOTES,
            allows=(Action.VOTE,),
            contribution=ContributionKind.PROPOSITION,
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
            screen=Screen.COMMITMENTS,
            allows=(Action.COMMIT,),
            contribution=ContributionKind.PROPOSITION,
            ballot="design",
            results_visible=True,
            minutes=20,
        ),
    ),
)
