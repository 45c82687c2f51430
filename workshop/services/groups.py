"""Stakeholder groups: built-in keys shown in each reader's language, or custom labels."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from flask_babel import lazy_gettext as _l

from ..errors import Invalid
from .text import clean_line

BUILTIN_GROUPS = {
    "employee": _l("Employee"),
    "customer": _l("Customer"),
    "partner": _l("Partner"),
}
# Typed labels recognised as a built-in group, in both languages, so that exports can still
# compare employees with customers whatever the facilitator typed.
_ALIASES = {
    "employee": {"employee", "employees", "staff", "collaborateur", "collaborateurs",
                 "collaboratrice", "collaboratrices", "salarie", "salaries", "salariee",
                 "salariees", "employe", "employes"},
    "customer": {"customer", "customers", "client", "clients", "cliente", "clientes"},
    "partner": {"partner", "partners", "partenaire", "partenaires"},
}
DEFAULT_GROUPS: list[dict[str, str]] = [{"key": key} for key in BUILTIN_GROUPS]
MAX_GROUPS = 12
MAX_LABEL = 40


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def group_label(group: dict[str, str]) -> str:
    """The label to show for a group, in the current reader's language for built-ins."""
    builtin = BUILTIN_GROUPS.get(group.get("key", ""))
    return str(builtin) if builtin is not None else group.get("label", group.get("key", ""))


def label_for_key(groups: list[dict[str, str]], key: str) -> str:
    for group in groups:
        if group.get("key") == key:
            return group_label(group)
    return str(BUILTIN_GROUPS.get(key, key))


def parse_groups(text: str) -> list[dict[str, str]]:
    """Turn "one group per line" into group records, recognising built-in groups."""
    groups: list[dict[str, str]] = []
    seen: set[str] = set()
    for line in text.splitlines():
        label = clean_line(line)
        if not label:
            continue
        if len(label) > MAX_LABEL:
            raise Invalid(
                fields={"groups": [_l("A group name has at most %(n)d characters.", n=MAX_LABEL)]}
            )
        folded = _fold(label)
        key = next((k for k, names in _ALIASES.items() if folded in names), None)
        group = {"key": key} if key else {"key": "g-" + _slug(folded), "label": label}
        if group["key"] in seen:
            continue
        seen.add(group["key"])
        groups.append(group)
    if len(groups) > MAX_GROUPS:
        raise Invalid(fields={"groups": [_l("At most %(n)d groups.", n=MAX_GROUPS)]})
    return groups


def groups_as_text(groups: list[dict[str, str]]) -> str:
    return "\n".join(group_label(g) for g in groups)


def _slug(folded: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:40]
    # Labels with no Latin letters (emoji, other scripts) still need a stable, distinct key.
    return slug or hashlib.sha1(folded.encode("utf-8")).hexdigest()[:10]
