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
)

__all__ = ["DEFAULT_EMAIL", "DEFAULT_SEED", "MAX_PARTICIPANTS", "MIN_PARTICIPANTS",
           "DemoResult", "phases_of", "run_demo"]


def phases_of(method: Method) -> int:
    """How many progress steps ``run_demo`` reports: joining, then each phase."""
    return 1 + len(METHODS[method].phases)


def run_demo(method: Method, count: int, language: str, *, seed: int = DEFAULT_SEED,
             email: str = DEFAULT_EMAIL, progress: Callable[[str], None] | None = None
             ) -> DemoResult:
    """Run a whole workshop of ``method`` with ``count`` people and end it; needs an app context.

    ``progress`` is called with "join" and then each phase id as the demo reaches it.
    """
    sim = Simulation(method, count, language, seed=seed, email=email, progress=progress)
    sim.progress("join")
    sim.join(count - flows.latecomers(method, count))
    flows.FLOWS[method](sim)
    sim.finish()
    return sim.result()
