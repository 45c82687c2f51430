"""Whether a facilitator's password is hard enough to guess, by zxcvbn's estimate.

zxcvbn (Dropbox's estimator) counts the guesses an attacker trying common passwords, words,
names, keyboard rows, repeats, sequences and dates would need. Its advice is in English: the
messages it can give are repeated below so that Babel extracts them and people read them in
their own language.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

from ..errors import Invalid

# zxcvbn's score runs from 0 to 4; 3 is "safely unguessable": about 10^8 guesses or more,
# out of reach of an online attacker and slow to find offline against scrypt.
GOOD_ENOUGH = 3
_SCORED = 72  # zxcvbn refuses longer passwords: it scores their first 72 characters
# zxcvbn keeps the hints of the current call in a module-level dictionary.
_lock = threading.Lock()

ADVICE: dict[str, LazyString] = {
    "Use a few words, avoid common phrases.":
        _l("Use a few words, avoid common phrases."),
    "No need for symbols, digits, or uppercase letters.":
        _l("No need for symbols, digits, or uppercase letters."),
    "Add another word or two. Uncommon words are better.":
        _l("Add another word or two. Uncommon words are better."),
    "Straight rows of keys are easy to guess.":
        _l("Straight rows of keys are easy to guess."),
    "Short keyboard patterns are easy to guess.":
        _l("Short keyboard patterns are easy to guess."),
    "Use a longer keyboard pattern with more turns.":
        _l("Use a longer keyboard pattern with more turns."),
    'Repeats like "aaa" are easy to guess.':
        _l('Repeats like "aaa" are easy to guess.'),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        _l('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    "Avoid repeated words and characters.":
        _l("Avoid repeated words and characters."),
    'Sequences like "abc" or "6543" are easy to guess.':
        _l('Sequences like "abc" or "6543" are easy to guess.'),
    "Avoid sequences.":
        _l("Avoid sequences."),
    "Recent years are easy to guess.":
        _l("Recent years are easy to guess."),
    "Avoid recent years.":
        _l("Avoid recent years."),
    "Avoid years that are associated with you.":
        _l("Avoid years that are associated with you."),
    "Dates are often easy to guess.":
        _l("Dates are often easy to guess."),
    "Avoid dates and years that are associated with you.":
        _l("Avoid dates and years that are associated with you."),
    "This is a top-10 common password.":
        _l("This is a top-10 common password."),
    "This is a top-100 common password.":
        _l("This is a top-100 common password."),
    "This is a very common password.":
        _l("This is a very common password."),
    "This is similar to a commonly used password.":
        _l("This is similar to a commonly used password."),
    "A word by itself is easy to guess.":
        _l("A word by itself is easy to guess."),
    "Names and surnames by themselves are easy to guess.":
        _l("Names and surnames by themselves are easy to guess."),
    "Common names and surnames are easy to guess.":
        _l("Common names and surnames are easy to guess."),
    "Capitalization doesn't help very much.":
        _l("Capitalization doesn't help very much."),
    "All-uppercase is almost as easy to guess as all-lowercase.":
        _l("All-uppercase is almost as easy to guess as all-lowercase."),
    "Reversed words aren't much harder to guess.":
        _l("Reversed words aren't much harder to guess."),
    "Predictable substitutions like '@' instead of 'a' don't help very much.":
        _l("Predictable substitutions like '@' instead of 'a' don't help very much."),
}


def _hints(about: Iterable[str]) -> list[str]:
    """Words an attacker knows about the account: its email, its parts, the person's name."""
    hints: list[str] = []
    for text in about:
        hints += [text, *(part for part in re.split(r"[\s@.+_-]+", text) if len(part) > 2)]
    return hints


def require_hard_to_guess(password: str, about: Iterable[str] = ()) -> None:
    """Refuse a password zxcvbn finds easy to guess, saying why and what would help.

    ``about`` holds what is known of its owner (email, name): a password made of it is weak.
    """
    with _lock:
        result = zxcvbn(password[:_SCORED], user_inputs=_hints(about))
    if result["score"] >= GOOD_ENOUGH:
        return
    feedback = result["feedback"]
    said = [feedback["warning"], *feedback["suggestions"]]
    # Advice zxcvbn may add in a later version, not translated yet, is left out.
    messages = [_l("This password is too easy to guess.")]
    messages += [ADVICE[text] for text in said if text in ADVICE]
    raise Invalid(fields={"password": messages})
