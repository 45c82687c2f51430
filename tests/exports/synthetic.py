"""A hand-made synthesis of any size, for writers' tests and timings (no database involved)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from workshop.exports.model import (
    FORMAT_VERSION,
    FOUNDATIONS,
    SHIFTS,
    Brief,
    Commitment,
    Document,
    Item,
    Person,
    Post,
    Synthesis,
)

GROUPS = ("employee", "customer", "partner")
GROUP_LABELS = {"employee": "Collaborateur", "customer": "Client", "partner": "Partenaire"}
FORMULA = '=HYPERLINK("http://evil.example","x")'
TOP_TITLE = "Cœur de l’été : « écouter » nos clients 🎉"
SECRET_NAME = "Zébulon Secret"  # a participant who did not consent: never in the synthesis
WORDS = ("écoute", "confiance", "transparence", "réactivité", "fierté", "humour", "qualité",
         "service", "œuvre", "livraison", "emballage", "prix")
START = datetime(2025, 3, 14, 8, 30, tzinfo=UTC)


def make_synthesis(people: int = 12, items: int = 10, votes: int = 60, *,
                   language: str = "fr", seed: int = 2013, employees_and_customers: bool = True,
                   minutes: int = 180) -> Synthesis:
    """A synthesis whose top item is TOP_TITLE and whose second item's title is FORMULA."""
    rng = random.Random(seed)
    groups = GROUPS if employees_and_customers else ("partner",)
    persons = [Person(pseudonym=f"P-{n + 1:03d}",
                      name=f"Amélie {n} « A »" if n % 2 == 0 else None,
                      group=groups[n % len(groups)], joined_at=START + timedelta(seconds=7 * n),
                      locale=language) for n in range(people)]
    titles = [TOP_TITLE, FORMULA] + [
        f"Idée {n} : {rng.choice(WORDS)} et {rng.choice(WORDS)}" for n in range(2, items)]
    contributions = []
    for n, title in enumerate(titles[:items]):
        author = persons[n % people]
        contributions.append(Item(
            id=n + 1, kind="topic", title=title, details=f"@détails {n} — l’œuvre 🍪",
            author=author.name or author.pseudonym, author_group=author.group,
            phase="marketplace", room=f"Salle {n % 5 + 1}", slot=f"{9 + n % 6}:00",
            interest=rng.randrange(30), attendance=rng.randrange(20),
            foundations=[FOUNDATIONS[n % len(FOUNDATIONS)]], shifts=[SHIFTS[n % len(SHIFTS)]],
            keywords=[rng.choice(WORDS)]))
    weights = [1 / (rank + 1) ** 1.2 for rank in range(len(contributions))]
    for _ in range(votes):
        item = rng.choices(contributions, weights=weights)[0]
        group = persons[rng.randrange(people)].group
        item.votes["convergence"] = item.votes.get("convergence", 0) + 1
        by_group = item.votes_by_group.setdefault("convergence", {})
        by_group[group] = by_group.get(group, 0) + 1
    top = contributions[0]  # clearly first, so that tests can look for its title
    lead = max(sum(i.votes.values()) for i in contributions) + 3
    top.votes["convergence"] = top.votes.get("convergence", 0) + lead
    top_groups = top.votes_by_group.setdefault("convergence", {})
    for n in range(lead):
        group = groups[n % len(groups)]
        top_groups[group] = top_groups.get(group, 0) + 1
    for item in contributions:
        counts = item.votes_by_group.get("convergence", {})
        e, c = counts.get("employee", 0), counts.get("customer", 0)
        item.divergence = abs(e - c) / (e + c) if e + c else None
    contributions += [
        Item(id=items + 1, kind="theme", title="La fierté du travail bien fait ’"),
        Item(id=items + 2, kind="dream", title="Des clients qui en parlent « spontanément »"),
        Item(id=items + 3, kind="proposition", title="Chaque salarié répond en son nom 🙂"),
        Item(id=items + 4, kind="word", title="élan"),
    ]
    ballot = sorted((i for i in contributions if i.votes), key=lambda i: -sum(i.votes.values()))
    documents = [Document(
        key=f"report:{n + 1}", kind="report", title=contributions[n].title, item_id=n + 1,
        fields={"summary": f"Résumé {n} : l’équipe « client » œuvre 🚀", "next": FORMULA},
        labels={"summary": "Résumé", "next": "Suites"}) for n in range(min(items, 5))]
    commitments = [Commitment(id=n + 1, title=f"Action {n} : répondre « vite »",
                              owner=persons[n % people].name or persons[n % people].pseudonym,
                              due_on=date(2025, 4, 1) + timedelta(days=n), item_id=1,
                              item_title=TOP_TITLE, personal=n % 2 == 0,
                              author_group=persons[n % people].group) for n in range(4)]
    brief = Brief(
        stakeholder_map={g: {"écoute": 0.8 - 0.2 * i, "prix": 0.1 + 0.2 * i}
                         for i, g in enumerate(groups)},
        themes=["écoute", "prix"],
        key_messages=[{"text": "Nous écoutons « vraiment » nos clients", "item_id": 1,
                       "why": "1er au vote", "support": "51 points",
                       "foundations": ["trust"], "shifts": ["connecting"]}],
        questions=[{"text": "Pourquoi l’emballage change-t-il ?", "group": "customer",
                    "item_id": 3, "kind": "question"},
                   {"text": FORMULA, "group": "employee", "item_id": 2, "kind": "concern"}],
        listening=[{"term": "Cœur de Loire", "kind": "brand", "count": 12},
                   {"term": "livraison", "kind": "keyword", "count": 7}],
        risks=[{"text": "Retards de livraison 😡", "group": "customer", "item_id": 4,
                "signal": 0.67, "negative": ["retard"], "spread": ["partout"]}],
        calendar=[Post(at=START + timedelta(days=d), channel=ch,
                       text=f"Post {d} : « merci » à nos clients ’ 🎉", link=None,
                       tags=["écoute"], item_id=1)
                  for d, ch in enumerate(("linkedin", "x", "instagram"))],
        checklist=[{"key": "marketing_channel", "label": "Vu comme un simple canal marketing",
                    "status": "raised", "count": 2, "evidence": ["« Juste de la pub » ’"],
                    "item_ids": [3]}],
    )
    timeline = [{"minute": m, "joined": people // 10 if m < 10 else 0,
                 "actions": rng.randrange(1, 40)} for m in range(minutes)]
    return Synthesis(
        format_version=FORMAT_VERSION, generated_at=START + timedelta(hours=4), final=True,
        workshop={"id": 1, "title": "Journée « clients » de l’œuvre", "code": "ABC123",
                  "question": "Comment parler avec nos clients, pas seulement à eux ?",
                  "method": "open_space", "method_name": "Forum ouvert",
                  "language": language, "state": "ended", "created_at": START,
                  "started_at": START, "ended_at": START + timedelta(minutes=minutes),
                  "duration_minutes": minutes},
        groups=[{"key": g, "label": GROUP_LABELS[g]} for g in groups],
        participation={"by_group": {g: sum(p.group == g for p in persons) for g in groups},
                       "active_by_group": {g: sum(p.group == g for p in persons[::2])
                                           for g in groups},
                       "timeline": timeline},
        people=persons, items=contributions,
        ballots={"convergence": [i.id for i in ballot]},
        documents=documents, commitments=commitments,
        words=[{"word": "élan", "count": 5}, {"word": "cœur", "count": 3}],
        brief=brief, labels={},
    )
