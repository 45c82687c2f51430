"""Consent everywhere: every string of every export of a workshop of each method, searched for
the names of people who did not agree to be quoted (and for those who did, where expected)."""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import sqlalchemy as sa
from flask import Flask
from pycrdt import Doc, Text
from pypdf import PdfReader

from tests.conftest import in_check, installation
from tests.exports.reading import pdf_pages
from workshop.demo import flows
from workshop.demo.simulator import Simulation
from workshop.exports import service
from workshop.exports.archive import dump, restore
from workshop.exports.builders import synthesis
from workshop.exports.builders.consent import Entry, Roster
from workshop.extensions import db
from workshop.methods import METHODS
from workshop.methods.phase import Action
from workshop.models import Method, Participant, SharedDocument, Workshop
from workshop.realtime import commands
from workshop.services import (
    curation,
    document_kinds,
    document_store,
    events,
    facilitators,
    participants,
    questions,
)
from workshop.services.participants import JoinRequest

# Distinctive names, so that finding one of their words anywhere can only be a leak.
HIDDEN = (("Zéphyrine Quarrington", "customer"), ("Barnabé Thistlewood", "employee"),
          ("Ottoline Vasquez-Pemberton", "partner"))
QUOTED = ("Hortense Kittredge", "customer")
LANGUAGE = {Method.OPEN_SPACE: "fr", Method.BARCAMP: "en", Method.APPRECIATIVE_INQUIRY: "fr",
            Method.WORLD_CAFE: "en"}
# Formats that show people (the participants' table, authors, owners); schedulers' posts don't.
NAMING = {"xlsx", "csv", "docx", "pdf", "html", "md", "json"}


# Every combining mark of Unicode, dropped in one pass of str.translate (the files' texts run
# to millions of characters).
MARKS = dict.fromkeys(c for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c)))


def fold(text: str) -> str:
    """Lower case without accents: "ZÉPHYRINE" and "Zephyrine" are found as "zephyrine"."""
    return unicodedata.normalize("NFKD", text).translate(MARKS).casefold()


def words(name: str) -> list[str]:
    return [fold(w) for w in name.replace("-", " ").split()]


HIDDEN_WORDS = [w for name, _group in HIDDEN for w in words(name)]


# --- a workshop where they are everywhere ---------------------------------------------------

@dataclass
class Room:
    workshop_id: int
    hidden: list[Participant]
    quoted: Participant


def join(sim: Simulation, name: str, group: str, consent: bool) -> Participant:
    request = JoinRequest(name, group, consent_quote=consent, locale=sim.content.language)
    sim.read()
    change = commands.execute(partial(participants.join, workshop=sim.workshop,
                                      request=request))
    person = db.session.get(Participant, change.result["participant"])
    assert person is not None
    # First in the list the flows draw from: often conveners, authors, partners, owners.
    sim.people.insert(0, person)
    return person


def mention_everywhere(sim: Simulation, hidden: list[Participant], quoted: Participant) -> None:
    """Name them in a question, a contribution and its edit, a document, commitments and
    questions to the room, named for the room."""
    z, b, o = (p.display_name for p in hidden)
    h = quoted.display_name
    method = METHODS[sim.method]
    here = sim.workshop.phase
    sim.settings({"question": f"Comment mieux servir des clientes comme {z} ?"})
    if sim.method is Method.WORLD_CAFE:
        sim.settings({"questions": {"1": f"Que dirait {b} de nos réponses ?"}})
    kind = {Method.APPRECIATIVE_INQUIRY: "dream", Method.WORLD_CAFE: "insight"}.get(
        sim.method, "topic")
    topic = sim.propose(None, f"Merci à {z} pour l’accueil",
                        f"{b} et {h} l’ont préparé ; Mme Pemberton aussi.", kind=kind)
    sim.edit(topic, f"Merci à {z} et à {o} pour l’accueil")
    document = sim.read().scalars(sa.select(SharedDocument).where(
        SharedDocument.workshop_id == sim.workshop.id).order_by(SharedDocument.id)).first()
    assert document is not None
    field = document_kinds.DOCUMENT_KINDS[document.kind].names[0]
    sim.write(None, document.key, field,
              f"Noté par {h} : {z} et BARNABÉ en parlent, Ottoline aussi, Quarrington non. "
              "merci thistlewood")
    committing = next(p.id for p in method.phases if Action.COMMIT in p.allows)
    if committing != here:
        sim.goto(committing)
    sim.commit(hidden[0], {"title": "Rappeler les clientes le lundi"})  # owner: her own name
    sim.commit(quoted, {"title": f"Relire la charte avec {b}"})
    sim.commit(None, {"title": "Préparer la suite", "owner": o, "personal": False})
    if committing != here:
        sim.goto(here)
    sim.settings({"questions_named": True})
    asked = sim.act(hidden[1], lambda s, w, p, a, c: questions.ask(
        s, w, p, f"{z} aura-t-elle une réponse ?", a, c)).result["question_id"]
    sim.act(quoted, lambda s, w, p, a, c: questions.upvote(s, w, p, asked, True, a, c))
    sim.act(quoted, lambda s, w, p, a, c: questions.ask(s, w, p, f"Et {h} ?", a, c))


def curate_with_names(workshop_id: int, hidden: list[Participant]) -> None:
    """The facilitator curates the brief naming them: a key message, a theme, a post."""
    z, b, o = (p.display_name for p in hidden)
    workshop = db.session.get(Workshop, workshop_id)
    built = service.build(db.session, workshop)
    edits = [(m["key"], "message", m["text"], f"Ce que {z} nous a dit")
             for m in built.brief.key_messages[:1]]
    edits += [(t.key, "theme", t.label, f"Le thème de {b}") for t in built.themes[:1]]
    edits += [(p.key, "post", p.text, f"Merci {o} !") for p in built.brief.calendar[:1]]
    actor = events.facilitator_actor(workshop.facilitator_id)
    with db.unit_of_work() as session:
        for key, kind, automatic, said in edits:
            curation.curate(session, session.get(Workshop, workshop_id), key, kind, "edited",
                            said, automatic, actor)
    db.session.rollback()


def run_with_names(method: Method) -> Room:
    """A demo workshop of ``method`` with the distinctive people in it from the start."""
    count = 14  # the demo's people (latecomers join later) and the four below
    sim = Simulation(method, count, LANGUAGE[method], seed=2013)
    sim.join(count - flows.latecomers(method, count) - len(HIDDEN) - 1)
    hidden = [join(sim, name, group, False) for name, group in HIDDEN]
    quoted = join(sim, *QUOTED, True)
    flows.FLOWS[method](sim)
    mention_everywhere(sim, hidden, quoted)
    sim.finish()
    curate_with_names(sim.workshop.id, hidden)
    return Room(sim.workshop.id, hidden, quoted)


# --- every string of a file ---------------------------------------------------------------

class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_data(self, data: str) -> None:
        self.found.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for _name, value in attrs if value]


def json_strings(value: Any) -> Iterator[str]:
    """Every key and text of a JSON value; a Yjs state (base64) also as the texts it holds."""
    if isinstance(value, str):
        yield value
        yield from yjs_texts(value)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)


def yjs_texts(value: str) -> Iterator[str]:
    """The bytes of a base64 value as text, and its fields if it is a Yjs document."""
    if len(value) < 8:
        return
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return
    yield raw.decode("utf-8", "ignore")  # a Yjs update holds its strings as UTF-8
    doc: Doc[Any] = Doc()
    if document_store.try_apply(doc, raw):
        yield from (str(doc.get(name, type=Text)) for name in doc)


def bookmarks(outline: Any) -> Iterator[str]:
    """The titles of a PDF's bookmarks, at every depth."""
    for entry in outline:
        if isinstance(entry, list):
            yield from bookmarks(entry)
        else:
            yield str(entry.get("/Title", ""))


def strings_of(name: str, raw: bytes) -> Iterator[str]:
    """Every string a reader of the file can get at, whatever its format (by its content)."""
    if raw.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for member in archive.namelist():
                yield member
                yield from strings_of(member, archive.read(member))
    elif raw.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(raw))
        yield from pdf_pages(raw)
        yield from (str(v) for v in (reader.metadata or {}).values())
        yield from bookmarks(reader.outline)
    elif raw.startswith(b"\x89PNG") or name.endswith((".png", ".jpeg", ".jpg", ".emf")):
        yield raw.decode("latin-1")  # text chunks, if any
    elif name.endswith((".xml", ".rels", ".vml")) or raw.lstrip().startswith(b"<?xml"):
        root = ElementTree.fromstring(raw)
        yield "".join(root.itertext())  # a Word paragraph's runs, read as one text
        yield from (v for element in root.iter() for v in element.attrib.values())
    else:
        text = raw.decode("utf-8-sig")
        if name.endswith(".json") or text.startswith("{"):
            yield from json_strings(json.loads(text))
        elif name.endswith(".html") or text.lstrip().lower().startswith("<!doctype"):
            parser = _Texts()
            parser.feed(text)
            yield from parser.found
        elif name.endswith(".csv"):
            first = text.partition("\n")[0]  # French tables split on ";"
            delimiter = ";" if first.count(";") > first.count(",") else ","
            yield from (cell for row in csv.reader(io.StringIO(text), delimiter=delimiter)
                        for cell in row)
        yield text


def found_in(texts: list[str], wanted: list[str]) -> set[str]:
    """Which of the folded ``wanted`` words appear in ``texts``."""
    whole = fold("\n".join(texts))
    return {w for w in wanted if w in whole}


# --- the tests ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def module_app(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
               ) -> Iterator[Flask]:
    """One installation for the module: each method's workshop is run once, then read."""
    folder = tmp_path_factory.mktemp("consent")
    app = installation(folder, migrated_template)
    with app.app_context():
        yield app


@pytest.fixture(scope="module", params=in_check(Method, Method.APPRECIATIVE_INQUIRY),
                ids=lambda m: m.value)
def exported(request: pytest.FixtureRequest, module_app: Flask,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[Room, dict[str, list[str]]]:
    """A workshop of one method with the distinctive people, and every export's strings."""
    room = run_with_names(request.param)
    workshop = db.session.get(Workshop, room.workshop_id)
    folder = tmp_path_factory.mktemp(request.param.value)
    written = service.export_to(db.session, workshop, service.FORMATS.values(), folder)
    by_format = {fmt: list(strings_of(path.name, path.read_bytes()))
                 for fmt, path in zip(service.FORMATS, written, strict=True)}
    db.session.rollback()
    return room, by_format


def test_were_their_names_typed_where_consent_must_hide_them(exported):
    """The workshop really holds the names: in events' acknowledgements, owners, documents."""
    room, _files = exported
    workshop = db.session.get(Workshop, room.workshop_id)
    raw = dump.dump(db.session, workshop)  # without consent: as typed
    z = room.hidden[0].display_name
    assert any(z in json.dumps(e["result"], ensure_ascii=False) for e in raw["events"])
    assert z in {row["owner_name"] for row in raw["commitments"]}
    assert any(z in row["title"] for row in raw["contributions"])
    assert any(z in row["text"] for row in raw["documents"])
    assert z in raw["workshop"]["calling_question"]
    assert found_in([row["text"] for row in raw["curations"]], HIDDEN_WORDS)
    if workshop.method is Method.WORLD_CAFE:
        assert room.hidden[1].display_name in raw["workshop"]["options"]["questions"]["1"]


def test_is_no_word_of_their_names_in_any_export(exported):
    _room, files = exported
    leaks = {fmt: found_in(texts, HIDDEN_WORDS) for fmt, texts in files.items()}
    assert {fmt: found for fmt, found in leaks.items() if found} == {}


def test_is_someone_who_agreed_still_named(exported):
    _room, files = exported
    wanted = words(QUOTED[0])
    missing = {fmt: set(wanted) - found_in(texts, wanted)
               for fmt, texts in files.items() if fmt in NAMING}
    assert {fmt: lost for fmt, lost in missing.items() if lost} == {}


def test_does_the_archive_show_their_pseudonym_where_their_name_was(exported):
    room, files = exported
    roster = synthesis.roster(db.session, db.session.get(Workshop, room.workshop_id))
    z, o = (roster.shown(p.id) for p in (room.hidden[0], room.hidden[2]))
    archive = "\n".join(files["json"])
    assert f"Merci à {z} et à {o} pour l’accueil" in archive
    assert f"Comment mieux servir des clientes comme {z} ?" in archive
    assert z and z.startswith("P-") and f"Noté par {QUOTED[0]} : {z}" in archive


def test_does_the_event_log_acknowledge_her_commitment_under_her_pseudonym(exported):
    room, _files = exported
    workshop = db.session.get(Workshop, room.workshop_id)
    data = json.loads(service.render(db.session, workshop, service.FORMATS["json"]))["data"]
    roster = synthesis.roster(db.session, workshop)
    acknowledged = [e["result"]["commitment"] for e in data["events"]
                    if e["kind"] == "commitment.added"
                    and e["result"]["commitment"]["title"] == "Rappeler les clientes le lundi"]
    assert [c["owner"] for c in acknowledged] == [roster.shown(room.hidden[0].id)]


def test_does_the_archive_still_restore(exported):
    room, _files = exported
    raw = service.render(db.session, db.session.get(Workshop, room.workshop_id),
                         service.FORMATS["json"])
    with db.unit_of_work() as session:
        owner = facilitators.create_facilitator(
            session, f"importer-{room.workshop_id}@example.org", "correct horse battery", "Imp")
        copied = restore.restore(session, restore.load(raw), owner).workshop_id
    copy = db.session.get(Workshop, copied)
    assert copy is not None
    names = set(db.session.scalars(sa.select(Participant.display_name).where(
        Participant.workshop_id == copy.id)))
    assert QUOTED[0] in names
    assert not found_in(sorted(names), HIDDEN_WORDS)


# --- how a name may be typed ------------------------------------------------------------------

def roster() -> Roster:
    return Roster([Entry(1, "Zéphyrine Quarrington", "customer", False),
                   Entry(2, "Hortense Kittredge", "customer", True),
                   Entry(3, "Jean-Luc van Roux", "employee", False),
                   Entry(4, "Hortense Roux", "employee", False)])


@pytest.mark.parametrize(("typed", "shown"), [
    ("Merci à Zéphyrine Quarrington !", "Merci à P-001 !"),
    ("zéphyrine quarrington et ZÉPHYRINE QUARRINGTON", "P-001 et P-001"),
    ("Mme Quarrington, QUARRINGTON, Zephyrine", "Mme P-001, P-001, P-001"),
    ("Jean-Luc, Jean et Luc", "P-003, P-003 et P-003"),
    ("merci zéphyrine ! zephyrine.quarrington@example.org",  # no French or English word
     "merci P-001 ! P-001.P-001@example.org"),
    (unicodedata.normalize("NFD", "Zéphyrine Quarrington"), "P-001"),  # accents decomposed
])
def test_is_a_hidden_name_redacted_however_it_is_typed(typed, shown):
    assert roster().redact(typed) == shown


def test_do_ordinary_words_and_names_of_those_who_agreed_stay():
    # "Hortense" is also the name of someone who agreed; "van" is a particle; "Roux" is borne
    # by two hidden people, so it stands for someone without saying who, and "roux" (a French
    # word) stays in lower case.
    text = "Hortense Kittredge et Hortense ; un van ; Mme Roux, un roux ; Quarringtons"
    assert roster().redact(text) == "Hortense Kittredge et Hortense ; un van ; Mme P-???, " \
                                    "un roux ; Quarringtons"
