"""The texts the console, phone and screen scripts show: shipped as JSON in the page's language."""

from __future__ import annotations

import json
import re

import pytest
from babel.support import Translations

from tests.conftest import PASSWORD, ROOT, french, post_form
from workshop.services.document_kinds import DOCUMENT_KINDS

SOURCES = ROOT / "static" / "src"
IMPORT = re.compile(r'(?:from|import\()\s*"\./([\w-]+\.js)"')  # static and lazy imports
ENTRIES = {"console": "console.js", "phone": "phone.js", "screen": "screen.js"}

# One text per page that only its script shows (a confirmation, a refusal, a projector line).
DISTINCTIVE = {
    "console": ("end_confirm", "End the workshop now? Participants will no longer be able to act "
                               "and the results become final. You can reopen it."),
    "phone": ("refused", "This phone is no longer part of the workshop. Open the join link again."),
    "screen": ("no_conflict", "Everyone can attend every session they marked."),
}


@pytest.fixture
def pages(client, make_facilitator, make_workshop):  # type: ignore[no-untyped-def]
    """Fetch a page (console, phone or screen) of one workshop, the client being its owner."""
    owner = make_facilitator()
    post_form(client, "/login", {"email": owner.email, "password": PASSWORD})
    made: dict[str, object] = {}

    def fetch(page: str, reader: str = "en", workshop_language: str = "en") -> str:
        client.set_cookie("atelier_lang", reader)
        if workshop_language not in made:
            made[workshop_language] = make_workshop(owner, language=workshop_language)
        workshop = made[workshop_language]
        if page == "console":
            return client.get(f"/workshops/{workshop.id}/console").text
        if page == "screen":
            return client.get(f"/screen/{workshop.screen_key}").text
        post_form(client, f"/j/{workshop.join_code}", {"name": "Camille", "group": "customer"})
        return client.get(f"/w/{workshop.join_code}").text

    return fetch


def shipped(html: str, block: str = "i18n") -> dict[str, object]:
    """The JSON a page carries for its script in `<script type="application/json" id=…>`."""
    found = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', html, re.S)
    assert found is not None, f"no #{block} block in the page"
    return json.loads(found.group(1))


def script_sources(entry: str) -> str:
    """The source of a page's entry script and of every module it imports, lazily or not."""
    seen: set[str] = set()
    todo = [entry]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += IMPORT.findall((SOURCES / name).read_text())
    return "\n".join((SOURCES / name).read_text() for name in sorted(seen))


def keys_read(source: str) -> set[str]:
    """The keys a script reads: T.key, count("key"…), sentence("key"…) and a count's label."""
    # A label is a key passed on: fillBars(…, "votes"), or label = … ? "here" : "interested".
    labels = re.findall(r"\blabel = ([^;]+);", source)
    return (set(re.findall(r"\bT\.(\w+)", source))
            | set(re.findall(r'\b(?:count|sentence)\("(\w+)"', source))
            | set(re.findall(r'\bfillBars\([^;]*?,\s*"(\w+)"\)', source))
            | {key for statement in labels for key in re.findall(r'[?:] "(\w+)"', statement)})


@pytest.mark.parametrize("page", ["console", "phone", "screen"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_does_each_page_ship_its_scripts_texts_in_the_readers_language(pages, page, language):
    # The screen speaks the workshop's language, the console and the phone their reader's.
    html = pages(page, reader=language, workshop_language=language)

    texts = shipped(html)

    key, english = DISTINCTIVE[page]
    assert texts[key] == (english if language == "en" else french(english))
    assert texts["lang"] == language


def test_are_counted_texts_shipped_in_both_forms_of_the_french_catalog(pages):
    catalog = Translations.load(str(ROOT / "workshop" / "i18n"), ["fr"])

    texts = shipped(pages("phone", reader="fr"))

    one, other = "{n} vote left", "{n} votes left"
    assert texts["votes_left"] == {"one": catalog.ngettext(one, other, 1),
                                   "other": catalog.ngettext(one, other, 2)}
    assert texts["votes_left"]["one"] != texts["votes_left"]["other"]


@pytest.mark.parametrize(("workshop_language", "reader"), [("fr", "en"), ("en", "fr")])
def test_does_the_screen_speak_the_workshops_language_whatever_the_reader(
        pages, workshop_language, reader):
    texts = shipped(pages("screen", reader=reader, workshop_language=workshop_language))

    english = DISTINCTIVE["screen"][1]
    assert texts["no_conflict"] == (french(english) if workshop_language == "fr" else english)
    assert texts["lang"] == workshop_language


def test_does_the_console_name_its_facilitator_for_the_co_writing_editor(pages):
    assert shipped(pages("console"))["me"] == "Fa"  # make_facilitator's display name


@pytest.mark.parametrize("page", ["console", "phone", "screen"])
def test_does_every_text_a_script_reads_exist_on_its_page(pages, page):
    texts = shipped(pages(page))
    source = script_sources(ENTRIES[page])

    missing = sorted(keys_read(source) - set(texts))
    nested = sorted(f"{group}.{key}" for group, key in re.findall(r"\bT\.(\w+)\.(\w+)\b", source)
                    if isinstance(texts.get(group), dict) and key not in texts[group])

    assert missing == []
    assert nested == []


@pytest.mark.parametrize("page", ["console", "phone", "screen"])
def test_does_each_page_ship_only_texts_its_scripts_read(pages, page):
    texts = shipped(pages(page))
    source = script_sources(ENTRIES[page])
    # Besides by name, a script reads keys through a prefix: T[`field_${key}`].
    prefixes = re.findall(r"\bT\[`(\w+)\$\{", source)
    read = keys_read(source)

    unread = sorted(key for key in texts if key not in read
                    and not any(key.startswith(prefix) for prefix in prefixes))

    assert unread == []


def test_does_the_screen_label_every_field_of_a_document(pages):
    texts = shipped(pages("screen"))
    # screen-outcomes.js heads each field with T[`field_${name}`]; a proposition's single
    # statement ("text") has no heading by design.
    names = {f.name for kind in DOCUMENT_KINDS.values() for f in kind.fields} - {"text"}

    assert sorted(name for name in names if f"field_{name}" not in texts) == []


@pytest.mark.parametrize("page", ["console", "phone"])
def test_does_the_co_writing_editor_find_every_label_it_shows(pages, page):
    html = pages(page)
    labels = shipped(html)["cowrite"] if page == "console" else shipped(html, "doc-i18n")
    editor = (SOURCES / "cowrite.js").read_text()
    # The editor's own English defaults list every label it shows.
    defaults = re.search(r"const DEFAULT_TEXTS = \{(.*?)\};", editor, re.S)
    assert defaults is not None

    wanted = set(re.findall(r"^\s*(\w+):", defaults.group(1), re.M))

    assert wanted and sorted(wanted - set(labels)) == []
    assert all(isinstance(text, str) and text for text in labels.values())

