"""A simulated workshop of any method, run through the services, for newcomers and tests."""

from __future__ import annotations

from collections.abc import Callable

from ..methods import METHODS
from ..models import Method
from . import flows
from .simulator import (
    DEFAULT_EMAIL,
    DEFAULT_SEED,
    MAX_PARTICIPANTS,
    MIN_PARTICIPANTS,
    DemoResult,
    Simulation,
    Stopped,
)

__all__ = ["DEFAULT_EMAIL", "DEFAULT_SEED", "MAX_PARTICIPANTS", "MIN_PARTICIPANTS",
           "DemoResult", "phase_ids", "phases_of", "run_demo"]


def phases_of(method: Method) -> int:
    """How many progress steps ``run_demo`` reports: joining, then each phase."""
    return 1 + len(METHODS[method].phases)


def phase_ids(method: Method) -> list[str]:
    """The phases a demo of ``method`` may stop in, in order."""
    return [phase.id for phase in METHODS[method].phases]


def run_demo(method: Method, count: int, language: str, *, seed: int = DEFAULT_SEED,
             email: str = DEFAULT_EMAIL, progress: Callable[[str], None] | None = None,
             stop_in: str | None = None) -> DemoResult:
    """Run a whole workshop of ``method`` with ``count`` people and end it; needs an app context.

    ``progress`` is called with "join" and then each phase id as the demo reaches it. With
    ``stop_in`` (a phase id), the demo stops once people have done what they do in that phase
    and leaves the workshop running there, e.g. to rehearse with the console or the screen.
    """
    if stop_in is not None and stop_in not in phase_ids(method):
        raise ValueError(f"{method.value} has no phase {stop_in!r}: "
                         f"{', '.join(phase_ids(method))}")
    sim = Simulation(method, count, language, seed=seed, email=email, progress=progress,
                     stop_in=stop_in)
    sim.progress("join")
    sim.join(count - flows.latecomers(method, count))
    try:
        flows.FLOWS[method](sim)
        sim.finish()
    except Stopped:
        pass
    return sim.result()
