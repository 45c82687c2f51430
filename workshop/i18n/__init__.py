"""Language choice: an explicit switch (cookie), else the browser's preference, else English."""

from __future__ import annotations

from flask import current_app, request

LANGUAGE_COOKIE = "atelier_lang"
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def select_locale() -> str:
    languages: tuple[str, ...] = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen is not None and chosen in languages:
        return chosen
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(languages) or default
