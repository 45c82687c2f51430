"""Every heading, column and vocabulary label the writers show, translated for one workshop.

Keys are stable (``"foundation.trust"``, ``"column.votes"``); ``labels_for`` renders them in
the workshop's language so that writers, which never query anything, need no catalog.
"""

from __future__ import annotations

from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l

from ..methods import METHODS
from ..models import ContributionKind
from ..services.document_kinds import DOCUMENT_KINDS
from ..services.groups import BUILTIN_GROUPS, group_label

SECTIONS: dict[str, LazyString] = {
    "summary": _l("Summary"),
    "contents": _l("Contents"),
    "priorities": _l("Priorities"),
    "outcomes": _l("Outcomes"),
    "brief": _l("Social-media strategy brief"),
    "stakeholder_map": _l("Stakeholder map"),
    "key_messages": _l("Key messages"),
    "questions": _l("Q&A to prepare"),
    "listening": _l("Listening list"),
    "risks": _l("Risk signals"),
    "checklist": _l("Why big companies struggle"),
    "calendar": _l("Editorial calendar"),
    "action_plan": _l("Action plan"),
    "participation": _l("Participation"),
    "participation_by_group": _l("Participation by stakeholder group"),
    "participation_over_time": _l("Participation over time"),
    "people": _l("Participants"),
    "contributions": _l("Contributions"),
    "votes": _l("Votes"),
    "sessions": _l("Sessions"),
    "documents": _l("Documents"),
    "commitments": _l("Commitments"),
    "words": _l("Closing words"),
    "divergence": _l("Where groups agree and where they diverge"),
    "agreement": _l("Groups agree"),
    "disagreement": _l("Groups diverge"),
    "positive_core": _l("Positive core"),
    "dreams": _l("Dreams"),
    "propositions": _l("Provocative propositions"),
    "reports": _l("Session reports"),
    "notes": _l("Session notes"),
    "table_notes": _l("Table notes"),
    "insights": _l("Harvest"),
    "stories": _l("Discovery stories"),
    "tags": _l("Foundations and shifts"),
    "foundations": _l("Seven foundations of a relationship built online"),
    "shifts": _l("Four shifts"),
    "stakeholder_breakdown": _l("Votes by stakeholder group"),
    "brief_intro": _l("Derived from the workshop's outcomes: listen, map, prepare, then speak."),
    "consent_note": _l("Only participants who agreed to be quoted are named; everyone else "
                       "appears under a pseudonym (P-001…)."),
    "divergence_note": _l("Divergence: 0 when every group gave the item the same share of its "
                          "dots, 1 when only one group voted for it."),
    "generated_at": _l("Generated on"),
    "final": _l("Final results"),
    "live": _l("Live results: the workshop is not over"),
    "question": _l("Question"),
    "method": _l("Method"),
    "date": _l("Date"),
    "duration": _l("Duration"),
    "minutes": _l("minutes"),
    "total": _l("Total"),
    "none": _l("None yet"),
    "facilitator": _l("Facilitator"),
    "anonymous": _l("a participant"),
    "suggested_answer": _l("Suggested answer"),
    "raised": _l("Raised in the workshop"),
    "to_check": _l("To check"),
    "chart_votes": _l("Dots by stakeholder group"),
    "chart_divergence": _l("Divergence by item"),
    "chart_timeline": _l("Joins and actions per minute"),
}
COLUMNS: dict[str, LazyString] = {
    "pseudonym": _l("Pseudonym"),
    "name": _l("Name"),
    "group": _l("Group"),
    "joined_at": _l("Joined at"),
    "locale": _l("Language"),
    "id": _l("Id"),
    "kind": _l("Kind"),
    "title": _l("Title"),
    "details": _l("Details"),
    "author": _l("Author"),
    "phase": _l("Phase"),
    "status": _l("Status"),
    "ballot": _l("Ballot"),
    "votes": _l("Dots"),
    "rank": _l("Rank"),
    "interest": _l("Interested"),
    "attendance": _l("Attendance"),
    "room": _l("Room"),
    "slot": _l("Time slot"),
    "divergence": _l("Divergence"),
    "foundations": _l("Foundations"),
    "shifts": _l("Shifts"),
    "keywords": _l("Keywords"),
    "tags_corrected": _l("Tags corrected by the facilitator"),
    "document": _l("Document"),
    "field": _l("Field"),
    "text": _l("Text"),
    "item": _l("Item"),
    "owner": _l("Owner"),
    "due_on": _l("Due on"),
    "personal": _l("Personal"),
    "word": _l("Word"),
    "count": _l("Count"),
    "theme": _l("Theme"),
    "intensity": _l("Intensity"),
    "why": _l("Why"),
    "term": _l("Term"),
    "signal": _l("Signal"),
    "evidence": _l("Evidence"),
    "at": _l("Date and time"),
    "channel": _l("Channel"),
    "link": _l("Link"),
    "minute": _l("Minute"),
    "joined": _l("Joined"),
    "actions": _l("Actions"),
    "participants": _l("Participants"),
    "active": _l("Active"),
}
FOUNDATION_LABELS: dict[str, LazyString] = {
    "relationship": _l("Relationship building"),
    "conversation": _l("One-to-one conversation"),
    "branding": _l("Branding (a person or the company)"),
    "trust": _l("Trust"),
    "recommendation": _l("Recommendation by others"),
    "alliances": _l("Alliances and joint ventures"),
    "viral": _l("Viral growth"),
}
SHIFT_LABELS: dict[str, LazyString] = {
    "connecting": _l("From selling to connecting"),
    "small_acts": _l("From big campaigns to small acts"),
    "being_ourselves": _l("From controlling our image to being ourselves"),
    "everywhere": _l("From hard to reach to available everywhere"),
}
CHECKLIST_LABELS: dict[str, LazyString] = {
    "marketing_channel": _l("Social media seen as just another marketing channel"),
    "no_place": _l("No place for it in the current organisation"),
    "global": _l("Communities and content are global"),
    "long_term": _l("It needs a long-term approach"),
    "not_guaranteed": _l("Results are not guaranteed"),
    "new_metrics": _l("The metrics are new"),
    "answer": _l("A social-media function on equal footing with PR, marketing, production, "
                 "finance and HR, working across all of them"),
}
KIND_LABELS: dict[str, LazyString] = {
    ContributionKind.TOPIC.value: _l("Session"),
    ContributionKind.STORY.value: _l("Story"),
    ContributionKind.THEME.value: _l("Strength of the positive core"),
    ContributionKind.DREAM.value: _l("Dream"),
    ContributionKind.PROPOSITION.value: _l("Provocative proposition"),
    ContributionKind.QUESTION.value: _l("Question"),
    ContributionKind.INSIGHT.value: _l("Insight"),
    ContributionKind.WORD.value: _l("Closing word"),
    ContributionKind.FEEDBACK.value: _l("Feedback"),
}
LISTENING_LABELS: dict[str, LazyString] = {
    "brand": _l("Brand or company"),
    "product": _l("Product"),
    "partner": _l("Partner"),
    "competitor": _l("Competitor"),
    "place": _l("Place"),
    "slogan": _l("Slogan"),
    "platform": _l("Platform"),
    "name": _l("Name"),
    "keyword": _l("Recurring keyword"),
}
CHANNEL_LABELS: dict[str, str] = {  # brand names: the same in every language
    "linkedin": "LinkedIn", "x": "X", "instagram": "Instagram", "facebook": "Facebook",
    "mastodon": "Mastodon", "bluesky": "Bluesky", "threads": "Threads",
}
DOCUMENT_LABELS: dict[str, LazyString] = {
    "report": _l("Session report"),
    "notes": _l("Session notes"),
    "table": _l("Table notes"),
    "story": _l("Story"),
    "proposition": _l("Provocative proposition"),
}


def labels_for(language: str, groups: list[dict[str, str]]) -> dict[str, str]:
    """Every label, rendered in ``language``; groups as the workshop names them."""
    tables: tuple[tuple[str, dict[str, LazyString]], ...] = (
        ("", SECTIONS), ("column.", COLUMNS), ("foundation.", FOUNDATION_LABELS),
        ("shift.", SHIFT_LABELS), ("checklist.", CHECKLIST_LABELS), ("kind.", KIND_LABELS),
        ("listening.", LISTENING_LABELS), ("document.", DOCUMENT_LABELS),
        ("group.", BUILTIN_GROUPS),
    )
    with force_locale(language):
        labels = {prefix + key: str(text) for prefix, table in tables
                  for key, text in table.items()}
        labels.update({f"group.{g['key']}": group_label(g) for g in groups})
        labels.update({f"field.{f.name}": str(f.label) for spec in DOCUMENT_KINDS.values()
                       for f in spec.fields})
        labels.update({f"channel.{k}": v for k, v in CHANNEL_LABELS.items()})
        labels.update({f"method.{k.value}": str(m.name) for k, m in METHODS.items()})
        labels.update({f"phase.{p.id}": str(p.title) for m in METHODS.values()
                       for p in m.phases})
    return labels
