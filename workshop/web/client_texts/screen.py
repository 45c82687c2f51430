"""The projector screen's texts (static/src/screen*.js), in the workshop's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .plural import Text, plural_forms

SCREEN: dict[str, Text] = {
    "step": _l("Step {index} of {count}"),
    "times_up": _l("Time's up"),
    "participants": plural_forms("{n} participant", "{n} participants"),
    "votes": plural_forms("{n} vote", "{n} votes"),
    "more": plural_forms("and {n} more", "and {n} more"),
    "voted": plural_forms("{n} of {people} has voted", "{n} of {people} have voted"),
    "dots_used": plural_forms("{n} dot placed", "{n} dots placed"),
    "by": _l("by {name}"),
    # Over any panel: the pinned question and quick reactions (screen-questions.js).
    "pinned_label": _l("Question from the room"),
    "upvotes": plural_forms("{n} upvote", "{n} upvotes"),
    "reactions": {"applause": _l("Applause"), "plus_one": _l("+1"),
                  "louder": _l("Louder, please")},
    "unthemed": _l("Other contributions"),  # the wall by theme: what no theme holds
    "interested": plural_forms("{n} interested", "{n} interested"),
    "here": plural_forms("{n} person here", "{n} people here"),
    "checked_in": plural_forms("{n} person checked in", "{n} people checked in"),
    "free": _l("Free"),
    "now": _l("Now"),
    "convener": _l("Convener: {name}"),
    "capacity": plural_forms("{n} seat", "{n} seats"),
    "avoided": plural_forms(
        "{n} conflict avoided compared with a naive placement",
        "{n} conflicts avoided compared with a naive placement",
    ),
    "remaining": plural_forms(
        "{n} conflict remains: someone wants two sessions held at the same time.",
        "{n} conflicts remain: some people want two sessions held at the same time.",
    ),
    "no_conflict": _l("Everyone can attend every session they marked."),
    "unplaced": plural_forms(
        "{n} session is not on the grid yet", "{n} sessions are not on the grid yet"
    ),
    "field_key_points": _l("Key points"),
    "field_recommendations": _l("Recommendations"),
    "field_questions": _l("Open questions"),
    "field_notes": _l("Notes"),
    "field_story": _l("Story"),
    "field_strengths": _l("Strengths"),
    "being_written": _l("Being written…"),
    "page": _l("Page {page} of {count}"),
    "owner": _l("Owner: {name}"),
    "due": _l("by {date}"),
    "serves": _l("For: {title}"),
    "team": _l("Team action"),
    "actions": plural_forms("{n} action", "{n} actions"),
    "words": plural_forms("{n} word", "{n} words"),
    "word_times": plural_forms("{word}: said once", "{word}: said {n} times"),
    "pairs": plural_forms("pair formed", "pairs formed"),
    "pairs_mixed": plural_forms("mixes stakeholder groups", "mix stakeholder groups"),
    "stories": plural_forms("from {n} story", "from {n} stories"),
    "round": _l("Round {n}"),
    "table": _l("Table {n}"),
    "host": _l("host"),
    "mixed": _l("mixed"),
    "tables_summary": plural_forms("{n} table", "{n} tables"),
    "tables_mixed": plural_forms("{n} mixes stakeholder groups", "{n} mix stakeholder groups"),
    "people": plural_forms("{n} person", "{n} people"),
}
