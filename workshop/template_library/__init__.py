"""Workshop templates shipped with Atelier: one JSON file per template, in French and English.

Each file holds the template's method and, per language, its name, a one-line summary and the
set-up a workshop starts from (services.templates reads and checks it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..models import Method


@dataclass(frozen=True)
class ShippedTemplate:
    key: str  # the file's name: customer_day.json is "customer_day"
    method: Method
    language: str
    name: str
    summary: str
    content: dict[str, Any]


@cache
def shipped() -> tuple[ShippedTemplate, ...]:
    """Every shipped template in every language, by method then file name."""
    found: list[ShippedTemplate] = []
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        method = Method(data["method"])
        for language, text in sorted(data["languages"].items()):
            found.append(ShippedTemplate(
                key=entry.name.removesuffix(".json"), method=method, language=language,
                name=text["name"], summary=text["summary"], content=text["content"]))
    order = list(Method)
    return tuple(sorted(found, key=lambda t: (order.index(t.method), t.key, t.language)))


def find(key: str, language: str) -> ShippedTemplate | None:
    return next((t for t in shipped() if t.key == key and t.language == language), None)
