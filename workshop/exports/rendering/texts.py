"""The texts of the office formats (Excel, CSV, Word, PDF), in the workshop's language.

Most come from the builder's ``synthesis.labels`` (see ``labels``: sections, ``column.*``,
``foundation.*``...). The few only these formats show are declared here and translated with
Flask-Babel; the builder's labels win on a shared key. A hand-made synthesis without labels
gets the builder's labels rendered afresh, so a writer never shows a bare key.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..labels import labels_for
from ..model import Synthesis

TEXTS = {
    "charts": _l("Charts"),
    "chart.no_data": _l("No data yet"),
    "chart.minutes": _l("Minutes since the first event"),
    "chart.actions": _l("Actions per minute"),
    "chart.joined": _l("People joined so far"),
    "chart.share": _l("Share of the group's dots (%)"),
    "chart.agreement": _l("Employees' and customers' share of their dots"),
    "column.value": _l("Value"),
    "column.convener": _l("Convener"),
    "column.key": _l("Key"),
    "column.parent": _l("Part of"),
    "column.share_employee": _l("Employees' share"),
    "column.share_customer": _l("Customers' share"),
    "column.support": _l("Support"),
    "column.tags": _l("Tags"),
    "column.terms": _l("Words that raised it"),
    "column.status": _l("Status"),
    "summary.workshop": _l("Workshop"),
    "summary.code": _l("Code"),
    "summary.started_at": _l("Started"),
    "summary.ended_at": _l("Ended"),
    "summary.dots": _l("Dots placed"),
    "summary.active": _l("Active participants"),
    "qa.question": _l("Question"),
    "qa.concern": _l("Concern"),
    "questions_explored": _l("Questions explored"),
    "feedback": _l("Feedback"),
    "yes": _l("yes"),
    "no": _l("no"),
    "utc": _l("%(label)s (UTC)"),
    "more_rows": _l(
        "The first %(shown)d of %(total)d rows; the spreadsheet export has them all."
    ),
    "no_split": _l("No votes from both employees and customers yet."),
    # The harvest's themes, agreement between two groups, risk kinds (builders/themes.py,
    # agreement.py, signals.py).
    "themes": _l("Themes"),
    "themes_note": _l("Contributions of every kind grouped by meaning, in French and English "
                      "alike; each theme in the participants' own words."),
    "themes.appreciative_inquiry": _l("Positive core: what the stories share"),
    "themes.world_cafe": _l("What the tables harvested"),
    "theme.members": _l("Contributions"),
    "theme.groups": _l("Engagement by group"),
    "theme.quotes": _l("In their words"),
    "theme.count": _l("%(n)d contributions"),
    "sheet.agreement": _l("Agreement between groups"),
    "agreement_note": _l("%(first)s compared with %(second)s. Each group gives a topic or a "
                         "theme a share of its own dots; the gap is 0 when both gave it the "
                         "same share, 1 when only one of them voted for it. Only rows with at "
                         "least %(minimum)d dots from these two groups are compared; other "
                         "groups' dots do not count."),
    "row.topic": _l("Topic"),
    "row.theme": _l("Theme"),
    "column.dots_of": _l("%(group)s: dots"),
    "column.share_of": _l("%(group)s: share"),
    "column.gap": _l("Gap"),
    "column.agreement": _l("Agree or diverge"),
    "agreement.agree": _l("Agree"),
    "agreement.diverge": _l("Diverge"),
    "column.risk": _l("Kind of risk"),
    "risk.complaint": _l("Complaint"),
    "risk.crisis": _l("Crisis"),
    "risk.legal": _l("Legal"),
    "risk.safety": _l("Safety"),
    "risk.churn": _l("Customers leaving"),
    "column.raised_by": _l("Raised by"),
    "column.theme_words": _l("Distinctive words"),
    "column.representatives": _l("Representative statements"),
    "column.contribution_ids": _l("Contributions (ids)"),
    "room_questions": _l("Questions to the room"),
    "qa.asked": _l("Asked in the room"),
    "qa.other": _l("Other questions"),  # the Q&A's group of questions close to no theme
    "column.upvotes": _l("Upvotes"),
    "column.answered": _l("Answered"),
    "column.archived": _l("Archived"),
}


class Texts(dict[str, str]):
    """Resolved texts; an unknown key reads as its last part, so a label never breaks a file."""

    def __missing__(self, key: str) -> str:
        return key.rsplit(".", 1)[-1].replace("_", " ")

    def many(self, prefix: str, keys: list[str]) -> str:
        """Labels of vocabulary keys (``foundation.trust``...) joined for one cell."""
        return ", ".join(self[f"{prefix}.{key}"] for key in keys)

    def utc(self, key: str) -> str:
        """A date column's heading that says its times are UTC."""
        return self["utc"] % {"label": self[key]}


def texts(synthesis: Synthesis) -> Texts:
    """Every text an office writer shows, in the workshop's language."""
    language = synthesis.workshop.get("language") or "en"
    labels = synthesis.labels
    if not labels:  # a hand-made synthesis
        labels = labels_for(language, synthesis.groups)
        labels.update({f"group.{g['key']}": g["label"] for g in synthesis.groups
                       if g.get("label")})
    with force_locale(language):
        resolved = Texts({key: str(text) for key, text in TEXTS.items()})
    resolved.update({k: v for k, v in labels.items() if isinstance(v, str)})
    return resolved
