"""The synthesis as a report: an ordered list of blocks that the Word and PDF writers render.

Both documents therefore have the same sections, in the same order, with the same tables:
title page, summary and participation, priorities, agreement and divergence between two groups,
outcomes (themes by meaning, documents, positive core, dreams, propositions, action plan,
closing words) and the social-media brief.
Texts are kept as typed; each writer makes them safe for its format.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

from ..model import Item, Synthesis, timezone_of
from .charts import Chart, all_charts
from .measures import dots, group_dots, group_labels, ranked, voting_groups
from .texts import Texts, texts

TOP_ROWS = 50  # rows of a long table in a printed report; the spreadsheets have them all
MAX_THEMES = 6  # columns of the stakeholder map that fit on a page


@dataclass(frozen=True)
class TitlePage:
    title: str
    subtitle: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # an explanation in smaller, quieter type


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    """A co-written document: its title, then each field's label and text."""

    title: str
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]  # relative column widths


@dataclass(frozen=True)
class Picture:
    png: bytes
    caption: str


Block = TitlePage | Heading | Paragraph | Bullets | Fields | Table | Picture
# Document kinds → the heading of their group in Outcomes, in this order.
DOCUMENT_SECTIONS = {"report": "reports", "notes": "notes", "table": "table_notes",
                     "story": "stories", "proposition": "propositions"}
# Contribution kinds listed in Outcomes (topics are in Priorities, words in the cloud).
ITEM_SECTIONS = {"theme": "positive_core", "dream": "dreams", "proposition": "propositions",
                 "insight": "insights", "question": "questions_explored",
                 "feedback": "feedback"}


class _Report:
    def __init__(self, synthesis: Synthesis) -> None:
        self.s = synthesis
        self.t: Texts = texts(synthesis)
        self.language = synthesis.workshop.get("language") or "en"
        self.zone = timezone_of(self.language, {"timezone": synthesis.workshop.get("timezone")})
        self.groups = group_labels(synthesis)
        self.voters = voting_groups(synthesis)
        self.charts = {chart.key: chart for chart in all_charts(synthesis)}
        self.blocks: list[Block] = []

    # --- formatting ----------------------------------------------------------------------

    def day(self, value: date | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.astimezone(self.zone).date()
        return format_date(value, "long", locale=self.language)

    def moment(self, value: datetime | None) -> str:
        """A date and time in the workshop's time zone, to the minute."""
        if value is None:
            return ""
        local = value.astimezone(self.zone)
        return (f"{format_date(local, 'medium', locale=self.language)} "
                f"{format_time(local, 'short', locale=self.language)}")

    def percent(self, value: float) -> str:
        return format_percent(value, locale=self.language)

    def score(self, value: Any) -> str:
        if not isinstance(value, int | float):
            return "" if value is None else str(value)
        return format_decimal(value, "0.00", locale=self.language)

    def group(self, key: str | None) -> str:
        return "" if key is None else self.groups.get(key) or self.t[f"group.{key}"]

    def split_text(self, item: Item) -> str:
        """"Employees 12 · Customers 3": the item's dots per group, groups always in one order."""
        by_group = group_dots(item)
        return " · ".join(f"{self.group(g)} {by_group[g]}" for g in self.voters
                          if by_group.get(g))

    def raised_by(self, entry: dict[str, Any]) -> str:
        """The groups that said it (one entry may gather the same thing said several times)."""
        groups = entry.get("groups") or ([entry["group"]] if entry.get("group") else [])
        return ", ".join(self.group(g) for g in groups)

    def table(self, headers: list[str], rows: list[tuple[Any, ...]], widths: list[int],
              limit: int | None = TOP_ROWS) -> None:
        shown = rows if limit is None else rows[:limit]
        self.blocks.append(Table(tuple(headers), tuple(
            tuple("" if v is None else str(v) for v in row) for row in shown), tuple(widths)))
        if len(shown) < len(rows):
            self.note(self.t["more_rows"] % {"shown": len(shown), "total": len(rows)})

    def heading(self, key: str, level: int = 1) -> None:
        self.blocks.append(Heading(self.t[key], level))

    def note(self, text: str) -> None:
        self.blocks.append(Paragraph(text, note=True))

    def picture(self, key: str) -> None:
        chart: Chart | None = self.charts.get(key)
        if chart is not None:
            self.blocks.append(Picture(chart.png, chart.title))

    # --- sections --------------------------------------------------------------------------

    def title_page(self) -> None:
        w, t = self.s.workshop, self.t
        lines = [w.get("method_name") or w.get("method") or "",
                 self.day(w.get("date") or w.get("started_at")),
                 t["final"] if self.s.final else t["live"],
                 f"{t['generated_at']} {self.moment(self.s.generated_at)}",
                 t["consent_note"]]
        self.blocks.append(TitlePage(w.get("title") or "", w.get("question") or "",
                                     tuple(line for line in lines if line)))

    def summary(self) -> None:
        w, t, p = self.s.workshop, self.t, self.s.participation
        self.heading("summary")
        rows = [(t["question"], w.get("question")),
                (t["method"], w.get("method_name") or w.get("method")),
                (t["date"], self.day(w.get("date") or w.get("started_at"))),
                (t["duration"], f"{w['duration_minutes']} {t['minutes']}"
                 if w.get("duration_minutes") is not None else ""),
                (t["people"], len(self.s.people)),
                (t["summary.active"], p.get("active", "")),
                (t["contributions"], sum(i.kind != "word" for i in self.s.items)),
                (t["summary.dots"], sum(dots(i) for i in self.s.items))]
        self.table([t["column.field"], t["column.value"]], rows, [1, 3], limit=None)
        self.heading("participation", 2)
        joined, active = p.get("by_group") or {}, p.get("active_by_group") or {}
        keys = list(dict.fromkeys([g["key"] for g in self.s.groups] + list(joined)))
        self.table([t["column.group"], t["column.participants"], t["column.active"]],
                   [(self.group(k), joined.get(k, 0), active.get(k, 0)) for k in keys],
                   [3, 1, 1], limit=None)
        self.picture("by_group")
        self.picture("timeline")

    def priorities(self) -> None:
        t = self.t
        self.heading("priorities")
        items = ranked(self.s)
        if not items:
            self.note(t["none"])
            return
        self.picture("priorities")
        self.table([t["column.rank"], t["column.title"], t["column.author"], t["column.votes"],
                    t["column.group"], t["column.divergence"]],
                   [(n, i.title, i.author, dots(i), self.split_text(i), self.score(i.divergence))
                    for n, i in enumerate(items, start=1)], [1, 7, 3, 1, 4, 2])

    def divergence(self) -> None:
        t, compared = self.t, self.s.brief.agreement
        self.heading("divergence")
        groups = compared.get("groups") or []
        self.picture("agreement")
        if len(groups) != 2:
            self.note(t["no_split"])
            return
        first, second = groups
        self.note(t["agreement_note"] % {"first": self.group(first), "second": self.group(second),
                                         "minimum": compared.get("minimum", 0)})
        headers = [t["column.kind"], t["column.title"],
                   *(t["column.dots_of"] % {"group": self.group(g)} for g in groups),
                   *(t["column.share_of"] % {"group": self.group(g)} for g in groups),
                   t["column.gap"]]

        def row(entry: dict[str, Any]) -> tuple[Any, ...]:
            return (t[f"row.{entry['kind']}"], entry["title"],
                    *(entry["votes"].get(g, 0) for g in groups),
                    *(self.percent(entry["shares"].get(g, 0.0)) for g in groups),
                    self.score(entry["gap"]))

        for side, key in (("agree", "agreement"), ("diverge", "disagreement")):
            self.heading(key, 2)
            rows = [row(entry) for entry in compared.get(side) or []]
            if not rows:
                self.note(t["none"])
            self.table(headers, rows, [2, 6, 1, 1, 2, 2, 1], None)

    def themes(self) -> None:
        """The themes by meaning: what each gathers, who engaged with it, in their words."""
        t = self.t
        if not self.s.themes:
            return
        method = self.s.workshop.get("method") or ""
        self.blocks.append(Heading(t.get(f"themes.{method}") or t["themes"], 2))
        self.note(t["themes_note"])
        for theme in self.s.themes:
            engaged = " · ".join(f"{self.group(g)} {self.percent(share)}"
                                 for g, share in theme.groups.items() if share)
            quotes = "\n".join(f"« {r['text']} »" if self.language == "fr" else f"“{r['text']}”"
                               for r in theme.representatives)
            pairs = [(t["theme.members"], t["theme.count"] % {"n": len(theme.sources)}),
                     (t["theme.groups"], engaged), (t["theme.quotes"], quotes)]
            self.blocks.append(Fields(theme.label, tuple((k, v) for k, v in pairs if v)))

    def outcomes(self) -> None:
        t = self.t
        self.heading("outcomes")
        self.themes()
        for kind, section in DOCUMENT_SECTIONS.items():
            documents = [d for d in self.s.documents if d.kind == kind]
            if documents:
                self.heading(section, 2)
            for document in documents:
                pairs = tuple((document.labels.get(name) or t[f"field.{name}"], text)
                              for name, text in document.fields.items() if text.strip())
                self.blocks.append(Fields(document.title, pairs))
        for kind, section in ITEM_SECTIONS.items():
            items = [i for i in self.s.items if i.kind == kind]
            if not items:
                continue
            items.sort(key=lambda i: (-dots(i), i.id))
            self.heading(section, 2)
            self.blocks.append(Bullets(tuple(self.item_line(i) for i in items)))
        self.heading("action_plan", 2)
        if not self.s.commitments:
            self.note(t["none"])
        self.table([t["column.title"], t["column.owner"], t["column.due_on"], t["column.item"],
                    t["column.personal"]],
                   [(c.title, c.owner, self.day(c.due_on), c.item_title,
                     t["yes"] if c.personal else t["no"]) for c in self.s.commitments],
                   [5, 3, 2, 4, 1], limit=None)
        if self.s.words:
            self.heading("words", 2)
            self.blocks.append(Paragraph(" · ".join(f"{w['word']} ({w['count']})"
                                                    for w in self.s.words)))

    def item_line(self, item: Item) -> str:
        """Title — details (author, dots) on one line; a multi-line detail joined by " · "."""
        parts = [item.title]
        details = dict.fromkeys(line.strip() for line in item.details.splitlines())
        details.pop("", None)
        if details and list(details) != [item.title]:
            parts.append(f"— {' · '.join(details)}")
        extra = [x for x in (item.author, f"{dots(item)} {self.t['column.votes'].lower()}"
                             if dots(item) else None) if x]
        return " ".join(parts) + (f" ({', '.join(extra)})" if extra else "")

    def questions(self, entries: list[dict[str, Any]]) -> None:
        """The Q&A by theme (builders/qa_themes.py), one table each; one table if no theme."""
        t = self.t
        themed = any(q.get("theme") for q in entries)
        for label, group in itertools.groupby(entries, key=lambda q: q.get("theme")):
            if themed:
                self.blocks.append(Heading(label or t["qa.other"], 3))
            self.table([t["column.kind"], t["column.text"], t["column.raised_by"]],
                       [(t[f"qa.{q.get('kind', 'question')}"], q.get("text"), self.raised_by(q))
                        for q in group], [2, 8, 2])
        if not entries:
            self.table([t["column.kind"], t["column.text"], t["column.raised_by"]], [], [2, 8, 2])

    def brief(self) -> None:
        t, b = self.t, self.s.brief
        self.heading("brief")
        self.note(t["brief_intro"])
        self.heading("stakeholder_map", 2)
        themes = (b.themes or [])[:MAX_THEMES]
        self.table([t["column.group"], *themes],
                   [(self.group(g), *(self.percent(row.get(th, 0.0)) for th in themes))
                    for g, row in b.stakeholder_map.items()], [3] + [2] * len(themes), None)
        self.heading("key_messages", 2)
        self.blocks.append(Bullets(tuple(
            m["text"] + (f" — {m['why']}" if m.get("why") else "") for m in b.key_messages)))
        self.heading("questions", 2)
        self.questions(b.questions)
        self.heading("listening", 2)
        self.table([t["column.term"], t["column.kind"], t["column.count"]],
                   [(e.get("term"), t[f"listening.{e.get('kind')}"], e.get("count"))
                    for e in b.listening], [5, 3, 1])
        self.heading("tags", 2)
        tagged = [i for i in ranked(self.s) + [i for i in self.s.items if not dots(i)]
                  if i.kind != "word" and (i.foundations or i.shifts)]
        self.table([t["column.title"], t["column.foundations"], t["column.shifts"]],
                   [(i.title, t.many("foundation", i.foundations), t.many("shift", i.shifts))
                    for i in tagged], [5, 4, 4])
        self.heading("risks", 2)
        self.table([t["column.text"], t["column.risk"], t["column.raised_by"], t["column.signal"]],
                   [(r.get("text"), t.get(f"risk.{r.get('risk')}", ""), self.raised_by(r),
                     self.score(r.get("signal"))) for r in b.risks], [8, 2, 2, 1])
        self.heading("calendar", 2)
        self.table([f"{t['column.at']} ({self.zone.key})", t["column.channel"],
                    t["column.text"]],
                   [(self.moment(p.at), t.get(f"channel.{p.channel}", p.channel), p.text)
                    for p in b.calendar], [3, 2, 8], limit=None)
        self.heading("checklist", 2)
        self.table([t["checklist"], t["column.status"], t["column.evidence"]],
                   [(e.get("label"), t[e["status"]] if e.get("status") in ("raised", "to_check")
                     else "", " / ".join(e.get("evidence") or [])) for e in b.checklist],
                   [5, 2, 6], limit=None)


def outline(synthesis: Synthesis) -> list[Block]:
    """The report's blocks, in reading order."""
    report = _Report(synthesis)
    for section in (report.title_page, report.summary, report.priorities, report.divergence,
                    report.outcomes, report.brief):
        section()
    return report.blocks
