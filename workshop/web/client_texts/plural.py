"""What a script's text is: a translated string, a plural pair, or a group of them by key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

from flask_babel import LazyString, lazy_ngettext

Text: TypeAlias = "LazyString | Mapping[str, Text]"


def plural_forms(singular: str, plural: str) -> dict[str, LazyString]:
    """Both forms of a counted text, for the script to pick with Intl.PluralRules."""
    # "one" is the catalog's form for 1 and "other" its form for 2: French puts 0 with 1 on
    # both sides. The Makefile extracts this call like ngettext's (-k plural_forms:1,2).
    return {"one": lazy_ngettext(singular, plural, 1), "other": lazy_ngettext(singular, plural, 2)}
