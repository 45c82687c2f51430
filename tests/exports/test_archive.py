"""The full JSON archive: written by one installation, restored by `workshop import` elsewhere."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from pycrdt import Doc, Text

from tests.conftest import in_check, installation
from tests.exports.synthetic import TOP_TITLE, make_synthesis
from tests.recorded_demos import run_demo
from workshop import create_app
from workshop.cli import cli
from workshop.errors import Invalid
from workshop.exports import service
from workshop.exports.archive import dump, restore, schema
from workshop.exports.builders import synthesis
from workshop.exports.writers import json_
from workshop.extensions import db
from workshop.models import (
    Commitment,
    Contribution,
    ContributionKind,
    DocumentUpdate,
    Facilitator,
    Method,
    Participant,
    SharedDocument,
    Workshop,
    WorkshopState,
)
from workshop.roles import Role
from workshop.services import (
    document_kinds,
    document_store,
    documents,
    events,
    facilitators,
    navigation,
    topics,
    workshops,
)

pytestmark = pytest.mark.usefixtures("app")
HOSTILE = "<img src=x onerror=alert(1)> « l’œuvre » 🎉"


# --- two installations ----------------------------------------------------------------------

@pytest.fixture
def other_app(tmp_path: Path, migrated_template: Path) -> Flask:
    """A second installation: its own database, its own document cache."""
    folder = tmp_path / "other"
    folder.mkdir()
    return installation(folder, migrated_template)


@pytest.fixture
def elsewhere(other_app: Flask) -> Callable[[Callable[[], Any]], Any]:
    """Run a function inside the other installation (its app context, its session)."""

    def run(action: Callable[[], Any]) -> Any:
        with other_app.app_context():
            return action()

    return run


def demo_workshop(method: Method, participants: int = 12) -> Workshop:
    """A finished demo workshop, with a merged duplicate (a forward reference) and a hidden one."""
    result = run_demo(method, participants, "fr", seed=5)
    with db.unit_of_work() as session:
        workshop = session.get(Workshop, result.workshop_id)
        ids = list(session.scalars(sa.select(Contribution.id).where(
            Contribution.workshop_id == workshop.id,
            Contribution.kind == ContributionKind.TOPIC).order_by(Contribution.id)))
        host = events.facilitator_actor(workshop.facilitator_id)
        if len(ids) >= 3:
            # The demo ended the workshop, which is then read-only: reopen it for the edits.
            navigation.finish(session, workshop, False, host, None)
            topics.merge(session, workshop, ids[0], ids[-1], host, None)
            topics.set_hidden(session, workshop, ids[1], True, host, None)
            navigation.finish(session, workshop, True, host, None)
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(Workshop, result.workshop_id)


def export_file(workshop: Workshop) -> bytes:
    return service.render(db.session, workshop, service.FORMATS["json"])


def import_file(raw: bytes, email: str = "importer@example.org") -> int:
    """Restore ``raw`` for a new facilitator of the current installation; the new id."""
    with db.unit_of_work() as session:
        owner = facilitators.create_facilitator(session, email, "correct horse battery", "Imp")
        return restore.restore(session, restore.load(raw), owner).workshop_id


def dump_of(workshop_id: int) -> dict[str, Any]:
    """The rows the archive of a workshop holds (names only with consent)."""
    db.session.rollback()
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop_id)
    return dump.dump(db.session, workshop, synthesis.roster(db.session, workshop))


def fields_of(row: dict[str, Any]) -> dict[str, str] | None:
    """The texts of an archived document's Yjs state (a rebuilt state has other bytes)."""
    if row["snapshot"] is None:
        return None
    doc = Doc()
    doc.apply_update(base64.b64decode(row["snapshot"]))
    return document_store.texts(doc, document_kinds.DOCUMENT_KINDS[row["kind"]].names)


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The archive with ids replaced by row positions: equal for a faithful copy.

    Retry acknowledgements are left out (an import drops them), and so is what names the
    installation (join code, source, facilitator). Documents compare by their texts.
    """
    data = json.loads(json.dumps(data))
    position = {spec.key: {row["id"]: n for n, row in enumerate(data[spec.key])}
                for spec in schema.TABLES}

    def at(table: str, value: Any) -> Any:
        return None if value is None else position[table].get(value, "missing")

    for spec in schema.TABLES:
        for row in data[spec.key]:
            row["id"] = at(spec.key, row["id"])
            for column, table in spec.refs.items():
                row[column] = at(table, row[column])
    for row in data["documents"]:
        row["snapshot"] = fields_of(row)
        kind, ident = row["key"].split(":")
        target = schema.KEY_TARGETS.get(document_kinds.DOCUMENT_KINDS[kind].target)
        row["key"] = f"{kind}:{at(target, int(ident)) if target else ident}"
    for row in data["events"]:
        kind, _, ident = row["actor"].partition(":")
        row["actor"] = {"p": f"p:{at('participants', int(ident or 0))}", "f": "f"}.get(
            kind, row["actor"])
        for key, table in schema.PAYLOAD_IDS.items():
            if key in row["payload"]:
                row["payload"][key] = position[table].get(row["payload"][key])
        returned = row["payload"].get("returned")
        if isinstance(returned, dict):
            row["payload"]["returned"] = {str(at("participants", int(k))): v
                                          for k, v in returned.items()}
        row.pop("client_id"), row.pop("result")
    grid = data["workshop"]["options"].get("grid")
    if grid:
        grid["unplaced"] = [at("contributions", i) for i in grid["unplaced"]]
    data["workshop"].pop("source")
    return data


def synthesis_without_ids(built: Any) -> dict[str, Any]:
    body = json.loads(json.dumps(built.to_dict(), default=str))
    body.pop("generated_at")
    for key in ("id", "code"):
        body["workshop"].pop(key)
    return body


# --- the round trip --------------------------------------------------------------------------

@pytest.mark.parametrize("method", in_check(Method, Method.WORLD_CAFE))
def test_does_an_archive_restored_elsewhere_export_the_same_workshop(method, elsewhere):
    workshop = demo_workshop(method)
    before = dump_of(workshop.id)
    before_synthesis = synthesis.build(db.session, workshop)
    raw = export_file(workshop)

    def restore_and_dump() -> tuple[dict[str, Any], Any]:
        new_id = import_file(raw)
        restored = db.session.get(Workshop, new_id)
        return dump_of(new_id), synthesis.build(db.session, restored)

    after, after_synthesis = elsewhere(restore_and_dump)

    assert comparable(after) == comparable(before)
    assert synthesis_without_ids(after_synthesis) == synthesis_without_ids(before_synthesis)
    assert before["contributions"] and before["documents"] and before["events"]
    assert before["votes"] or before["interest"]


def test_are_ids_codes_keys_and_tokens_new_in_the_copy(elsewhere):
    workshop = demo_workshop(Method.OPEN_SPACE)
    raw = export_file(workshop)
    old_hashes = set(db.session.scalars(sa.select(Participant.token_hash).where(
        Participant.workshop_id == workshop.id)))

    def restore_copy() -> tuple[Workshop, set[str], int]:
        copy = db.session.get(Workshop, import_file(raw))
        hashes = set(db.session.scalars(sa.select(Participant.token_hash).where(
            Participant.workshop_id == copy.id)))
        owner = db.session.get(Facilitator, copy.facilitator_id)
        return copy, hashes, owner.email

    copy, hashes, owner = elsewhere(restore_copy)

    assert copy.join_code != workshop.join_code and copy.screen_key != workshop.screen_key
    assert len(hashes) == len(old_hashes) and hashes.isdisjoint(old_hashes)
    assert owner == "importer@example.org"
    assert copy.title == workshop.title and copy.state == workshop.state


def test_does_a_restore_answer_with_the_new_workshop(elsewhere):
    workshop = demo_workshop(Method.OPEN_SPACE)
    raw = export_file(workshop)

    def restore_copy() -> tuple[dict[str, Any], int, str]:
        with db.unit_of_work() as session:
            owner = facilitators.create_facilitator(session, "importer@example.org",
                                                    "correct horse battery", "Imp")
            change = restore.restore(session, restore.load(raw), owner)
        copy = db.session.get(Workshop, change.workshop_id)
        return change.result, copy.id, copy.title

    result, copy_id, title = elsewhere(restore_copy)

    assert result == {"workshop": copy_id} and title == workshop.title


def test_does_the_archive_leave_out_every_secret():
    workshop = demo_workshop(Method.OPEN_SPACE)
    text = export_file(workshop).decode("utf-8")
    hashes = db.session.scalars(sa.select(Participant.token_hash).where(
        Participant.workshop_id == workshop.id))

    assert workshop.screen_key not in text
    assert all(h not in text for h in hashes)
    assert "token_hash" not in text and "password" not in text


def test_are_unfolded_document_edits_in_the_archive(elsewhere):
    workshop = demo_workshop(Method.OPEN_SPACE)
    waiting = db.session.scalar(
        sa.select(sa.func.count()).select_from(DocumentUpdate).join(SharedDocument)
        .where(SharedDocument.workshop_id == workshop.id,
               DocumentUpdate.id > SharedDocument.compacted_through))
    assert waiting, "the demo should leave edits not yet compacted"
    roster = synthesis.roster(db.session, workshop)
    texts = {d.key: {name: roster.redact(text)
                     for name, text in documents.fields(db.session, d).items()}
             for d in db.session.scalars(
                 sa.select(SharedDocument).where(SharedDocument.workshop_id == workshop.id))}
    raw = export_file(workshop)

    def read_back() -> list[dict[str, str]]:
        copy = db.session.get(Workshop, import_file(raw))
        return [documents.fields(db.session, d) for d in db.session.scalars(
            sa.select(SharedDocument).where(SharedDocument.workshop_id == copy.id)
            .order_by(SharedDocument.id))]

    assert elsewhere(read_back) == list(texts.values())
    assert any(value.strip() for fields in texts.values() for value in fields.values())


def test_do_typed_texts_come_back_exactly(make_facilitator, make_workshop, elsewhere):
    owner = make_facilitator()
    workshop = make_workshop(owner, title="Journée « clients » 🎉", language="fr")
    with db.unit_of_work() as session:
        session.add(Contribution(workshop_id=workshop.id, kind=ContributionKind.TOPIC,
                                 title=HOSTILE, details="=HYPERLINK(\"x\")\nligne ’2’"))
    raw = export_file(db.session.get(Workshop, workshop.id))

    def titles() -> list[tuple[str, str]]:
        copy = db.session.get(Workshop, import_file(raw))
        return [(copy.title, "")] + list(db.session.execute(
            sa.select(Contribution.title, Contribution.details)
            .where(Contribution.workshop_id == copy.id)))

    assert elsewhere(titles) == [("Journée « clients » 🎉", ""),
                                 (HOSTILE, "=HYPERLINK(\"x\")\nligne ’2’")]


# --- the file --------------------------------------------------------------------------------

def test_is_the_archive_one_json_document_with_the_synthesis_and_the_rows():
    workshop = demo_workshop(Method.WORLD_CAFE)
    body = json.loads(export_file(workshop))

    assert body["format"] == "atelier-archive" and body["version"] == 1
    assert body["synthesis"]["workshop"]["title"] == workshop.title
    assert {spec.key for spec in schema.TABLES} <= set(body["data"])
    assert body["data"]["workshop"]["method"] == "world_cafe"
    assert body["data"]["seats"] and body["data"]["workshop"]["source"]["join_code"] == \
        workshop.join_code


def test_does_the_json_writer_keep_the_synthesis_typography():
    small = make_synthesis()
    raw = json_.write(small, {"workshop": {}})
    body = json.loads(raw)

    assert TOP_TITLE.encode("utf-8") in raw  # written as is, not as \u escapes
    assert body["synthesis"]["items"][0]["title"] == TOP_TITLE
    assert body["synthesis"]["generated_at"] == small.generated_at.isoformat()
    assert json_.EXTENSION == "json" and json_.MEDIA_TYPE == "application/json"


# --- bad files -------------------------------------------------------------------------------

def message(error: Invalid) -> str:
    """The error's message as the command prints it (in a request context, as ``_in_app``)."""
    with create_app({"TESTING": True}).test_request_context():
        return error.message


def workshops_now() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Workshop))


@pytest.mark.parametrize(("raw", "says"), [
    (b"\x89PNG\r\n", "not JSON"),
    (b"[1, 2]", "not an Atelier archive"),
    (b'{"format": "other-tool", "version": 1, "data": {}}', "not an Atelier archive"),
    (b'{"format": "atelier-archive", "version": 99, "data": {}}', "newer Atelier"),
    (b'{"format": "atelier-archive", "version": "1", "data": {}}', "version"),
    (b'{"format": "atelier-archive", "version": 1}', "no workshop data"),
])
def test_is_a_file_that_is_not_an_archive_refused_clearly(app, raw, says):
    with pytest.raises(Invalid) as refused:
        restore.load(raw)
    assert says in message(refused.value)


def corrupt(body: dict[str, Any], how: str) -> None:
    data = body["data"]
    if how == "vote for a stranger":
        data["votes"][0]["participant_id"] = 10_000
    elif how == "title too long":
        data["contributions"][0]["title"] = "x" * 500
    elif how == "unknown kind":
        data["contributions"][0]["kind"] = "spell"
    elif how == "date":
        data["participants"][0]["joined_at"] = "yesterday"
    elif how == "same seq twice":
        data["events"][1]["seq"] = data["events"][0]["seq"]
    elif how == "not a list":
        data["votes"] = "many"
    elif how == "duplicate id":
        data["participants"][1]["id"] = data["participants"][0]["id"]
    elif how == "document key":
        data["documents"][0]["key"] = "report:99999"
    elif how == "document content":
        data["documents"][0]["snapshot"] = "bm90IHlqcw=="
    elif how == "no settings":
        del data["workshop"]
    elif how == "bad budget":
        data["workshop"]["vote_budget"] = 0
    elif how == "huge number":
        data["rooms"][0]["capacity"] = 10**30
    elif how == "groups":
        data["workshop"]["stakeholder_groups"] = [{"label": 3}]
    elif how == "actor":
        data["events"][-1]["actor"] = "p:99999"


@pytest.mark.parametrize("how", ["vote for a stranger", "title too long", "unknown kind", "date",
                                 "same seq twice", "not a list", "duplicate id", "document key",
                                 "document content", "no settings", "bad budget", "huge number",
                                 "groups", "actor"])
def test_is_a_damaged_archive_refused_without_importing_anything(how):
    body = json.loads(export_file(demo_workshop(Method.OPEN_SPACE)))
    corrupt(body, how)
    before = workshops_now()

    with pytest.raises(Invalid) as refused:
        import_file(json.dumps(body).encode())

    assert workshops_now() == before
    assert "Nothing was imported" in message(refused.value)


def test_does_the_damage_message_say_where():
    body = json.loads(export_file(demo_workshop(Method.OPEN_SPACE)))
    corrupt(body, "vote for a stranger")

    with pytest.raises(Invalid) as refused:
        import_file(json.dumps(body).encode())

    said = message(refused.value)
    assert "votes" in said and "participants #10000" in said


# --- the command -----------------------------------------------------------------------------

@pytest.fixture
def archive_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "archive.json"
    path.write_bytes(export_file(demo_workshop(Method.BARCAMP)))
    yield path


def test_does_workshop_import_print_the_new_id_and_code(app, archive_file):
    facilitators_before = db.session.scalar(sa.select(sa.func.count()).select_from(Facilitator))
    assert facilitators_before == 1  # the demo's owner: the only account, so the default

    result = app.test_cli_runner().invoke(cli, ["import", str(archive_file), "--json"])

    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    db.session.rollback()
    copy = db.session.get(Workshop, body["id"])
    assert copy is not None and body["code"] == copy.join_code
    assert body["rows"]["participants"] == 12 and body["join_path"].endswith(copy.join_code)


def test_does_workshop_import_give_the_copy_to_the_facilitator_named(app, archive_file,
                                                                     make_facilitator):
    chosen = make_facilitator("chosen@example.org")

    result = app.test_cli_runner().invoke(
        cli, ["import", str(archive_file), "--facilitator", "chosen@example.org"])

    assert result.exit_code == 0, result.output
    code, ident = result.stdout.split()
    db.session.rollback()
    assert db.session.get(Workshop, int(ident)).facilitator_id == chosen.id
    assert workshops.find_by_code(db.session, code).id == int(ident)


def test_must_the_owner_be_named_when_there_are_several_accounts(app, archive_file,
                                                                 make_facilitator):
    make_facilitator()
    before = workshops_now()

    result = app.test_cli_runner().invoke(cli, ["import", str(archive_file), "--json"])

    assert result.exit_code == 1
    assert "--facilitator" in json.loads(result.stdout)["error"]["message"]
    assert workshops_now() == before


def test_does_workshop_import_refuse_a_foreign_file(app, tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"format": "other-tool"}')

    result = app.test_cli_runner().invoke(cli, ["import", str(path)])

    assert result.exit_code == 1
    assert "not an Atelier archive" in result.stderr


# --- consent -------------------------------------------------------------------------------

def test_does_the_archive_name_only_those_who_agreed_to_be_quoted(elsewhere):
    workshop = demo_workshop(Method.OPEN_SPACE)
    people = list(db.session.scalars(sa.select(Participant).where(
        Participant.workshop_id == workshop.id).order_by(Participant.joined_at, Participant.id)))
    hidden = next(p for p in people if not p.consent_quote)
    quoted = next(p for p in people if p.consent_quote)
    topic_id = db.session.scalar(sa.select(Contribution.id).where(
        Contribution.workshop_id == workshop.id, Contribution.kind == ContributionKind.TOPIC))
    said = f"{hidden.display_name} et {quoted.display_name} l’ont dit 🎉"
    with db.unit_of_work() as session:
        live = session.get(Workshop, workshop.id)
        live.state = WorkshopState.LIVE  # the demo has ended; its notes are still being typed
        session.add(Contribution(workshop_id=live.id, kind=ContributionKind.TOPIC, title=said,
                                 author_id=quoted.id))
        session.add(Commitment(workshop_id=live.id, participant_id=hidden.id, title=said,
                               owner_name=hidden.display_name))
        typed = Doc()
        typed["questions"] = Text(said)
        documents.apply_update(session, live, f"report:{topic_id}", typed.get_update(),
                               Role.FACILITATOR, None)
        live.state = WorkshopState.ENDED
    db.session.expire_all()
    roster = synthesis.roster(db.session, db.session.get(Workshop, workshop.id))
    raw = export_file(db.session.get(Workshop, workshop.id))
    data = json.loads(raw)["data"]
    shown = roster.shown(hidden.id)
    report = next(r for r in data["documents"] if r["key"] == f"report:{topic_id}")

    assert hidden.display_name not in raw.decode("utf-8")
    assert shown in {row["display_name"] for row in data["participants"]}
    assert quoted.display_name in {row["display_name"] for row in data["participants"]}
    redacted = f"{shown} et {quoted.display_name} l’ont dit 🎉"
    assert redacted in {row["title"] for row in data["contributions"]}
    assert {"title": redacted, "owner_name": shown} in [
        {"title": row["title"], "owner_name": row["owner_name"]} for row in data["commitments"]]
    assert redacted in fields_of(report)["questions"]
    assert hidden.display_name not in json.dumps(
        [fields_of(row) for row in data["documents"]], ensure_ascii=False)

    def restored_names() -> set[str]:
        copy = db.session.get(Workshop, import_file(raw))
        return set(db.session.scalars(sa.select(Participant.display_name).where(
            Participant.workshop_id == copy.id)))

    names = elsewhere(restored_names)
    assert shown in names and quoted.display_name in names
    assert hidden.display_name not in names
