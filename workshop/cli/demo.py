"""``workshop demo``: a whole simulated workshop, to try the product or fill a screenshot."""

from __future__ import annotations

import sys
from typing import Any

import click

from .running import emit, in_app, json_option

DEMO_METHODS = ["open_space", "barcamp", "appreciative_inquiry", "world_cafe"]
DEMO_PROGRESS_FROM = 100  # participants from which progress is drawn on stderr


@click.command("demo")
@click.option("--method", required=True, type=click.Choice(DEMO_METHODS),
              help="The method to run.")
@click.option("--participants", "count", type=click.IntRange(2, 5000), default=30,
              show_default=True, help="How many simulated people join (2 to 5000).")
@click.option("--language", type=click.Choice(["fr", "en"]), default="en", show_default=True,
              help="Language of the workshop and of everything people write.")
@click.option("--seed", type=int, default=2013, show_default=True,
              help="Same seed, same people and contributions.")
@click.option("--facilitator", "email", default="demo@atelier.example", show_default=True,
              help="Owner of the workshop; created with a random password (printed once) "
                   "if it does not exist, reused otherwise.")
@click.option("--stop-in", "stop_in", default=None, metavar="PHASE",
              help="Stop once people have done what they do in this phase (e.g. sessions), "
                   "the workshop left running there: to rehearse with the console and the "
                   "screen. Phase ids: docs/methods.md.")
@json_option
def demo(method: str, count: int, language: str, seed: int, email: str, stop_in: str | None,
         as_json: bool) -> None:
    """Run a complete simulated workshop, from the first phase to the end.

    Employees, customers and partners join, propose, vote, co-write and commit through the
    same services as real phones, then the workshop is ended so that its reports are complete
    (or, with --stop-in, left running in that phase). Prints the workshop's id and join code;
    sign in as the facilitator to open its console.
    """

    def action() -> None:
        from flask import current_app, url_for

        from ..demo import phase_ids, phases_of, run_demo
        from ..models import Method

        chosen = Method(method)
        if stop_in is not None and stop_in not in phase_ids(chosen):
            raise click.BadParameter(
                f"{method} has no phase {stop_in!r}; its phases: {', '.join(phase_ids(chosen))}",
                param_hint="--stop-in")
        bar = click.progressbar(length=phases_of(chosen), file=sys.stderr, label="demo",
                                show_eta=False) if count >= DEMO_PROGRESS_FROM else None
        steps: list[str] = []

        def progress(step: str) -> None:
            if bar is not None:
                if steps:
                    bar.update(1)
                bar.label = step
                bar.render_progress()
            steps.append(step)

        try:
            result = run_demo(chosen, count, language, seed=seed, email=email,
                              progress=progress, stop_in=stop_in)
        finally:
            if bar is not None:
                bar.update(phases_of(chosen))
                bar.render_finish()
        base = current_app.config.get("PUBLIC_URL")
        console = (base + url_for("facilitator.console", workshop_id=result.workshop_id)
                   if base else None)
        data = {
            "id": result.workshop_id, "code": result.code,
            "method": result.method, "language": result.language,
            "participants": result.participants, "contributions": result.contributions,
            "votes": result.votes, "documents": result.documents,
            "commitments": result.commitments, "questions": result.questions,
            "upvotes": result.upvotes, "title": result.title,
            "groups": result.groups, "phase": result.phase, "state": result.state,
            "seed": result.seed, "facilitator": result.facilitator,
            "password": result.password, "console_url": console,
        }
        emit(as_json, data, _demo_summary(result, console))

    in_app(as_json, action)


def _demo_summary(result: Any, console: str | None) -> str:
    """The demo's outcome for a person reading a terminal."""

    def listing(counts: dict[str, int]) -> str:
        return ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "none"

    groups = ", ".join(f"{n} {key or 'no group'}" for key, n in sorted(result.groups.items()))
    lines = [
        f"Demo workshop {result.workshop_id}: “{result.title}”",
        f"  method {result.method}, language {result.language}, seed {result.seed}",
        f"  join code {result.code}; {result.state} on its last phase ({result.phase})",
        f"  participants: {result.participants} ({groups})",
        f"  contributions: {listing(result.contributions)}",
        f"  votes: {listing(result.votes)}",
        f"  documents: {listing(result.documents)}",
        f"  commitments: {result.commitments}",
        f"  questions to the room: {result.questions} ({result.upvotes} upvotes)",
    ]
    if result.password:
        lines.append(f"  facilitator: {result.facilitator} (created; password, shown once: "
                     f"{result.password})")
    else:
        lines.append(f"  facilitator: {result.facilitator} (existing account)")
    if console:
        lines.append(f"  console: {console}")
    return "\n".join(lines)
