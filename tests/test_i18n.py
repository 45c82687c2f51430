"""Every page and message in the user's language: the browser's, or the one they switched to."""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from markupsafe import escape

from tests.conftest import ROOT, csrf_from, french

FRENCH_BROWSER = {"headers": {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}}


def in_french(client, how: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Request options for a French reader: by the browser's preference or by the switch."""
    if how == "cookie":
        client.set_cookie("atelier_lang", "fr")
        return {}
    return FRENCH_BROWSER


def submit(client, url: str, data: dict[str, str], **options: object):  # type: ignore[no-untyped-def]
    page = client.get(url, **options)
    return client.post(url, data={"csrf_token": csrf_from(page.text), **data}, **options)


def shows(page: str, message: str) -> bool:
    """Whether the HTML page shows ``message`` (as Jinja escapes it)."""
    return str(escape(message)) in page


@pytest.mark.parametrize("how", ["browser", "cookie"])
def test_are_required_field_errors_in_french_for_a_french_reader(client, make_facilitator, how):
    make_facilitator()

    response = submit(client, "/login", {"email": "", "password": ""}, **in_french(client, how))

    assert response.status_code == 400
    assert shows(response.text, "Ce champ est requis.")
    assert not shows(response.text, "This field is required.")
    assert '<html lang="fr">' in response.text


def test_are_required_field_errors_in_english_by_default(client, make_facilitator):
    make_facilitator()

    response = submit(client, "/login", {"email": "", "password": ""})

    assert shows(response.text, "This field is required.")
    assert '<html lang="en">' in response.text


def test_are_length_errors_in_french(client, logged_in):
    response = submit(client, "/workshops/new", {
        "title": "x" * 121, "method": "barcamp", "language": "fr", "vote_budget": "5",
        "max_votes_per_topic": "3",
    }, **FRENCH_BROWSER)

    assert response.status_code == 400
    assert shows(response.text, "Le champ ne peut pas contenir plus de 120 caractères.")


def test_are_atelier_own_form_messages_in_french(client):
    response = submit(client, "/join", {"code": ""}, **FRENCH_BROWSER)

    assert response.status_code == 400
    assert shows(response.text, french("Type the code shown on the screen."))


def test_is_an_unknown_code_explained_in_french(client):
    message = "No workshop has this code. Check the code on the screen and try again."

    response = submit(client, "/join", {"code": "ZZZZZZ"}, **FRENCH_BROWSER)

    assert response.status_code == 404
    assert shows(response.text, french(message))


def test_does_the_api_answer_in_the_callers_language(client):
    response = client.post(
        "/api/v1/join", json={"code": "ZZZZZZ", "name": "Camille"}, **FRENCH_BROWSER
    )

    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == french(
        "No workshop has this code. Check the code on the screen and try again."
    )


def test_does_a_french_phone_see_the_groups_in_french(client, make_facilitator, make_workshop):
    workshop = make_workshop(make_facilitator(), language="en")

    page = client.get(f"/j/{workshop.join_code}", **FRENCH_BROWSER).text

    for label in ("Collaborateur", "Client", "Partenaire"):
        assert f"<span>{label}</span>" in page
    assert shows(page, french("Join"))


def test_does_the_switch_beat_the_browsers_preference(client):
    client.set_cookie("atelier_lang", "en")

    page = client.get("/join", **FRENCH_BROWSER)

    assert '<html lang="en">' in page.text
    assert "Join a workshop" in page.text


@pytest.mark.parametrize("header", ["de-DE,de;q=0.9", "", "*"])
def test_does_an_unsupported_language_fall_back_to_english(client, header):
    page = client.get("/join", headers={"Accept-Language": header})

    assert '<html lang="en">' in page.text


def test_is_french_chosen_when_it_is_the_browsers_second_choice(client):
    page = client.get("/join", headers={"Accept-Language": "de-DE,fr;q=0.8,en;q=0.5"})

    assert '<html lang="fr">' in page.text


# --- the language switch ------------------------------------------------------------------------


def test_does_the_switch_remember_the_language_and_return_to_the_page(client):
    response = client.get("/lang/fr?next=/join")

    assert response.status_code == 302
    assert response.location == "/join"
    assert client.get_cookie("atelier_lang").value == "fr"
    page = client.get("/join").text
    assert '<html lang="fr">' in page
    assert shows(page, french("Join a workshop"))


def test_can_the_switch_go_back_to_english(client):
    client.get("/lang/fr?next=/join")

    client.get("/lang/en?next=/join")

    assert '<html lang="en">' in client.get("/join").text


def test_is_an_unknown_language_ignored(client):
    response = client.get("/lang/xx?next=/join")

    assert response.location == "/join"
    assert client.get_cookie("atelier_lang") is None


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
     "evil.example"],
)
def test_does_the_switch_refuse_to_send_the_user_to_another_site(client, target):
    response = client.get("/lang/fr", query_string={"next": target})

    assert response.status_code == 302
    parts = urlsplit(response.location.replace("\\", "/"))
    assert (parts.scheme, parts.netloc) == ("", "")
    assert response.location.startswith("/")
    assert client.get_cookie("atelier_lang").value == "fr"


def test_does_the_switch_keep_the_query_of_the_page(client):
    response = client.get("/lang/fr", query_string={"next": "/join?code=ABC234"})

    assert response.location == "/join?code=ABC234"


def extracted_messages(tmp_path) -> set[str]:  # type: ignore[no-untyped-def]
    """Every msgid the sources use today, extracted as `make extract` does."""
    out = tmp_path / "fresh.pot"
    keywords = re.findall(r"-k (\S+)", (ROOT / "Makefile").read_text())
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    *(f"-k{k}" for k in keywords), "-o", str(out), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with out.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_is_every_string_of_the_sources_translated_in_french(tmp_path):
    with (ROOT / "workshop/i18n/fr/LC_MESSAGES/messages.po").open("rb") as handle:
        french = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(handle) if m.id}

    missing = sorted(extracted_messages(tmp_path) - set(french))
    untranslated = sorted(key for key, m in french.items() if m.fuzzy or not (
        all(m.string) if isinstance(m.string, tuple) else m.string))

    assert missing == [], "run `make extract` and translate these"
    assert untranslated == [], "translate these in workshop/i18n/fr"


def test_does_the_french_catalog_keep_a_no_break_space_before_high_punctuation():
    with (ROOT / "workshop/i18n/fr/LC_MESSAGES/messages.po").open("rb") as handle:
        texts = [text for m in read_po(handle) if m.id
                 for text in (m.string if isinstance(m.string, tuple) else (m.string,))]

    broken = [t for t in texts if re.search(r" [:;!?](\s|$)| »|« ", t)]

    assert broken == []
