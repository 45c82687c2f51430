"""The synthesis as flat tables (pandas), shared by the Excel workbook and the CSV zip.

Every text cell is made spreadsheet-safe here (``safe.spreadsheet_cell``): a participant's
``=HYPERLINK(...)`` arrives as inert text in both formats. Dates go through ``moment``, which
each format chooses (Excel: naive UTC datetimes it can sort; CSV: ISO 8601 text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ..model import Synthesis
from .measures import dots, group_labels, ranked
from .safe import spreadsheet_cell
from .texts import Texts, texts

Moment = Callable[[date], Any]  # a date or an aware datetime → what the format stores


@dataclass(frozen=True)
class Table:
    key: str  # stable name: the CSV file name
    title: str  # in the workshop's language: the sheet name
    frame: pd.DataFrame


def _frame(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> pd.DataFrame:
    columns = _unique([str(spreadsheet_cell(h)) for h in headers])
    data = [[spreadsheet_cell(value) for value in row] for row in rows]
    return pd.DataFrame(data, columns=columns, dtype=object)


def _natural(text: str | None) -> list[tuple[int, int | str]]:
    """A sort key that puts "9:00" before "10:00" and "Room 2" before "Room 10"."""
    parts = re.split(r"(\d+)", (text or "").casefold())
    return [(0, int(p)) if p.isdigit() else (1, p) for p in parts if p]


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        unique.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return unique


class _Builder:
    """Builds each table of one synthesis with its texts and date convention."""

    def __init__(self, synthesis: Synthesis, moment: Moment) -> None:
        self.s = synthesis
        self.t: Texts = texts(synthesis)
        self.moment = moment
        self.groups = {**{k[6:]: v for k, v in self.t.items() if k.startswith("group.")},
                       **group_labels(synthesis)}

    def when(self, value: date | None) -> Any:
        return None if value is None else self.moment(value)

    def group(self, key: str | None) -> str | None:
        return None if key is None else self.groups.get(key, key)

    def yes_no(self, value: bool) -> str:
        return self.t["yes"] if value else self.t["no"]

    def summary(self) -> pd.DataFrame:
        w, t = self.s.workshop, self.t
        rows = [
            (t["summary.workshop"], w.get("title")),
            (t["question"], w.get("question")),
            (t["method"], w.get("method_name") or w.get("method")),
            (t["summary.code"], w.get("code")),
            (t["date"], self.when(w.get("date"))),
            (t.utc("summary.started_at"), self.when(w.get("started_at"))),
            (t.utc("summary.ended_at"), self.when(w.get("ended_at"))),
            (f"{t['duration']} ({t['minutes']})", w.get("duration_minutes")),
            (t["people"], len(self.s.people)),
            (t["summary.active"], self.s.participation.get("active")),
            (t["contributions"], sum(i.kind != "word" for i in self.s.items)),
            (t["summary.dots"], sum(dots(i) for i in self.s.items)),
            (t["column.status"], t["final"] if self.s.final else t["live"]),
            (t.utc("generated_at"), self.when(self.s.generated_at)),
        ]
        return _frame([t["column.field"], t["column.value"]], rows)

    def participation(self) -> pd.DataFrame:
        joined = self.s.participation.get("by_group") or {}
        active = self.s.participation.get("active_by_group") or {}
        keys = list(dict.fromkeys([g["key"] for g in self.s.groups] + list(joined)))
        rows = [(self.group(k), joined.get(k, 0), active.get(k, 0)) for k in keys]
        rows.append((self.t["total"], sum(joined.values()), sum(active.values())))
        t = self.t
        return _frame([t["column.group"], t["column.participants"], t["column.active"]], rows)

    def people(self) -> pd.DataFrame:
        t = self.t
        return _frame(
            [t["column.pseudonym"], t["column.name"], t["column.group"],
             t.utc("column.joined_at"), t["column.locale"]],
            ((p.pseudonym, p.name, self.group(p.group), self.when(p.joined_at), p.locale)
             for p in self.s.people))

    def contributions(self) -> pd.DataFrame:
        t = self.t
        rank = {item.id: n for n, item in enumerate(ranked(self.s), start=1)}
        return _frame(
            [t["column.id"], t["column.kind"], t["column.title"], t["column.details"],
             t["column.author"], t["column.group"], t["column.phase"], t["column.parent"],
             t["column.rank"], t["column.votes"], t["column.divergence"],
             t["column.foundations"], t["column.shifts"], t["column.keywords"],
             t["column.tags_corrected"]],
            ((i.id, t[f"kind.{i.kind}"], i.title, i.details, i.author,
              self.group(i.author_group), t[f"phase.{i.phase}"] if i.phase else None,
              i.parent_id, rank.get(i.id), dots(i), i.divergence,
              t.many("foundation", i.foundations), t.many("shift", i.shifts),
              ", ".join(i.keywords), self.yes_no(i.tags_corrected)) for i in self.s.items))

    def votes(self) -> pd.DataFrame:
        t = self.t
        rows = []
        for ballot, ids in self.s.ballots.items():
            for rank, item_id in enumerate(ids, start=1):
                item = self.s.item(item_id)
                by_group = item.votes_by_group.get(ballot, {}) if item else {}
                for group, count in by_group.items():
                    rows.append((t[f"phase.{ballot}"], rank, item_id, item.title if item else None,
                                 self.group(group), count))
        return _frame([t["column.ballot"], t["column.rank"], t["column.id"], t["column.title"],
                       t["column.group"], t["column.votes"]], rows)

    def sessions(self) -> pd.DataFrame:
        t = self.t
        agenda = [i for i in self.s.items if i.kind == "topic" or i.room or i.slot]
        agenda.sort(key=lambda i: (i.slot is None, _natural(i.slot), _natural(i.room), i.id))
        return _frame(
            [t["column.id"], t["column.title"], t["column.convener"], t["column.room"],
             t["column.slot"], t["column.interest"], t["column.attendance"],
             t["column.votes"]],
            ((i.id, i.title, i.author, i.room, i.slot, i.interest, i.attendance, dots(i))
             for i in agenda))

    def documents(self) -> pd.DataFrame:
        t = self.t
        names: dict[str, str] = {}
        for document in self.s.documents:
            for name in document.fields:
                names.setdefault(name, document.labels.get(name) or t[f"field.{name}"])
        return _frame(
            [t["column.key"], t["column.kind"], t["column.title"], t["column.id"],
             *names.values()],
            ((d.key, t[f"document.{d.kind}"], d.title, d.item_id,
              *(d.fields.get(name) for name in names)) for d in self.s.documents))

    def commitments(self) -> pd.DataFrame:
        t = self.t
        return _frame(
            [t["column.id"], t["column.title"], t["column.owner"], t["column.due_on"],
             t["column.item"], t["column.personal"], t["column.group"]],
            ((c.id, c.title, c.owner, self.when(c.due_on), c.item_title,
              self.yes_no(c.personal), self.group(c.author_group))
             for c in self.s.commitments))

    def room_questions(self) -> pd.DataFrame:
        t = self.t
        return _frame(
            [t["column.id"], t["column.text"], t["column.author"], t["column.group"],
             t["column.upvotes"], t["column.answered"], t["column.archived"]],
            ((q.id, q.text, q.author, self.group(q.author_group), q.upvotes,
              self.yes_no(q.answered), self.yes_no(q.archived)) for q in self.s.questions))

    def stakeholder_map(self) -> pd.DataFrame:
        brief = self.s.brief
        themes = brief.themes or list(dict.fromkeys(
            theme for row in brief.stakeholder_map.values() for theme in row))
        return _frame([self.t["column.group"], *themes],
                      ((self.group(group), *(round(row.get(theme, 0.0), 2) for theme in themes))
                       for group, row in brief.stakeholder_map.items()))

    def key_messages(self) -> pd.DataFrame:
        t = self.t
        return _frame(
            [t["column.text"], t["column.why"], t["column.support"], t["column.foundations"],
             t["column.shifts"], t["column.id"]],
            ((m.get("text"), m.get("why"), m.get("support"),
              t.many("foundation", m.get("foundations") or []),
              t.many("shift", m.get("shifts") or []), m.get("item_id"))
             for m in self.s.brief.key_messages))

    def questions(self) -> pd.DataFrame:
        t = self.t
        # Grouped by theme, as in the reports (builders/qa_themes.py).
        return _frame(
            [t["column.theme"], t["column.kind"], t["column.text"], t["column.group"],
             t["column.id"], t["column.raised_by"], t["column.count"], t["column.key"]],
            ((q.get("theme") or t["qa.other"], t[f"qa.{q.get('kind', 'question')}"],
              q.get("text"), self.group(q.get("group")), q.get("item_id"), self.groups_of(q),
              q.get("count", 1), q.get("key"))
             for q in self.s.brief.questions))

    def listening(self) -> pd.DataFrame:
        t = self.t
        return _frame([t["column.term"], t["column.kind"], t["column.count"]],
                      ((e.get("term"), t[f"listening.{e.get('kind')}"], e.get("count"))
                       for e in self.s.brief.listening))

    def tags(self) -> pd.DataFrame:
        t = self.t
        tagged = [i for i in self.s.items if i.kind != "word"]
        return _frame(
            [t["column.id"], t["column.kind"], t["column.title"], t["column.votes"],
             t["column.foundations"], t["column.shifts"], t["column.tags_corrected"]],
            ((i.id, t[f"kind.{i.kind}"], i.title, dots(i), t.many("foundation", i.foundations),
              t.many("shift", i.shifts), self.yes_no(i.tags_corrected)) for i in tagged))

    def risks(self) -> pd.DataFrame:
        t = self.t
        return _frame(
            [t["column.text"], t["column.group"], t["column.signal"], t["column.risk"],
             t["column.raised_by"], t["column.id"], t["column.key"]],
            ((r.get("text"), self.group(r.get("group")), r.get("signal"),
              t.get(f"risk.{r.get('risk')}", r.get("risk")), self.groups_of(r),
              r.get("item_id"), r.get("key")) for r in self.s.brief.risks))

    def groups_of(self, entry: dict[str, Any]) -> str:
        """The groups that said it: one entry may gather the same thing said several times."""
        groups = entry.get("groups") or ([entry["group"]] if entry.get("group") else [])
        return ", ".join(self.groups.get(g, g) for g in groups)

    def themes(self) -> pd.DataFrame:
        t = self.t
        groups = list(dict.fromkeys(g for theme in self.s.themes for g in theme.groups))
        return _frame(
            [t["column.title"], t["column.theme_words"], t["column.count"],
             t["column.contribution_ids"], t["column.representatives"],
             *(t["column.share_of"] % {"group": self.group(g)} for g in groups), t["column.key"]],
            ((theme.label, ", ".join(theme.terms), len(theme.sources),
              ", ".join(str(i) for i in theme.contribution_ids),
              "\n".join(r["text"] for r in theme.representatives),
              *(theme.groups.get(g, 0.0) for g in groups), theme.key)
             for theme in self.s.themes))

    def agreement(self) -> pd.DataFrame:
        t, compared = self.t, self.s.brief.agreement
        groups = compared.get("groups") or []
        return _frame(
            [t["column.agreement"], t["column.kind"], t["column.title"],
             *(t["column.dots_of"] % {"group": self.group(g)} for g in groups),
             *(t["column.share_of"] % {"group": self.group(g)} for g in groups),
             t["column.gap"], t["column.key"]],
            ((t[f"agreement.{side}"], t[f"row.{r['kind']}"], r["title"],
              *(r["votes"].get(g, 0) for g in groups),
              *(r["shares"].get(g, 0.0) for g in groups), r["gap"], r["key"])
             for side in ("agree", "diverge") for r in compared.get(side) or []))

    def calendar(self) -> pd.DataFrame:
        t = self.t
        return _frame(
            [t.utc("column.at"), t["column.channel"], t["column.text"], t["column.link"],
             t["column.tags"], t["column.id"]],
            ((self.when(p.at), t.get(f"channel.{p.channel}", p.channel), p.text, p.link,
              ", ".join(tag_label(t, tag) for tag in p.tags), p.item_id)
             for p in self.s.brief.calendar))

    def checklist(self) -> pd.DataFrame:
        t = self.t
        return _frame(
            [t["checklist"], t["column.status"], t["column.count"], t["column.evidence"]],
            ((e.get("label"), t[e["status"]] if e.get("status") in ("raised", "to_check")
              else None, e.get("count"), " / ".join(e.get("evidence") or []))
             for e in self.s.brief.checklist))

    def words(self) -> pd.DataFrame:
        t = self.t
        return _frame([t["column.word"], t["column.count"]],
                      ((w.get("word"), w.get("count")) for w in self.s.words))


def tag_label(words: Texts, tag: str) -> str:
    """A calendar tag: a foundation or a shift key in words, anything else as it is."""
    for prefix in ("foundation", "shift"):
        if f"{prefix}.{tag}" in words:
            return words[f"{prefix}.{tag}"]
    return tag


# (key, title's text key, builder method): the order of the sheets and of the CSV files.
TABLES: tuple[tuple[str, str, Callable[[_Builder], pd.DataFrame]], ...] = (
    ("summary", "summary", _Builder.summary),
    ("participation", "participation", _Builder.participation),
    ("participants", "people", _Builder.people),
    ("contributions", "contributions", _Builder.contributions),
    ("votes", "votes", _Builder.votes),
    ("sessions", "sessions", _Builder.sessions),
    ("documents", "documents", _Builder.documents),
    ("commitments", "commitments", _Builder.commitments),
    ("room_questions", "room_questions", _Builder.room_questions),
    ("themes", "themes", _Builder.themes),
    ("agreement", "sheet.agreement", _Builder.agreement),
    ("stakeholder_map", "stakeholder_map", _Builder.stakeholder_map),
    ("key_messages", "key_messages", _Builder.key_messages),
    ("questions", "questions", _Builder.questions),
    ("listening", "listening", _Builder.listening),
    ("tags", "tags", _Builder.tags),
    ("risks", "risks", _Builder.risks),
    ("calendar", "calendar", _Builder.calendar),
    ("checklist", "checklist", _Builder.checklist),
    ("words", "words", _Builder.words),
)


def tables(synthesis: Synthesis, *, moment: Moment) -> list[Table]:
    """Every table of the synthesis, in sheet order."""
    builder = _Builder(synthesis, moment)
    return [Table(key, builder.t[title], make(builder)) for key, title, make in TABLES]
