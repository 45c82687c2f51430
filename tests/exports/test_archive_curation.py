"""The brief as curated travels in the JSON archive, names only with consent, and comes back."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.exports.test_archive import (  # noqa: F401 (fixtures)
    demo_workshop,
    elsewhere,
    export_file,
    import_file,
    other_app,
)
from workshop.exports import service
from workshop.exports.builders import synthesis
from workshop.extensions import db
from workshop.models import Method, Participant, Workshop
from workshop.services import curation, events

pytestmark = pytest.mark.usefixtures("app")


def curated_workshop() -> tuple[Workshop, Participant, dict[str, str]]:
    """A finished workshop whose brief a facilitator curated, naming someone not to be quoted."""
    workshop = demo_workshop(Method.OPEN_SPACE)
    hidden = next(p for p in db.session.scalars(sa.select(Participant).where(
        Participant.workshop_id == workshop.id)) if not p.consent_quote)
    built = service.build(db.session, workshop)
    message, theme = built.brief.key_messages[0], built.themes[0]
    # A post of the second message: its key names the message's contribution, whose id an
    # import changes.
    second = built.brief.key_messages[1]["item_id"]
    post = next(p for p in built.brief.calendar if p.channel == "linkedin"
                and p.item_id == second)
    actor = events.facilitator_actor(workshop.facilitator_id)
    said = f"Ce que {hidden.display_name} nous a dit compte"
    with db.unit_of_work() as session:
        live = session.get(Workshop, workshop.id)
        curation.curate(session, live, message["key"], "message", "edited", said,
                        message["text"], actor)
        curation.curate(session, live, post.key, "post", "dropped", "", post.text, actor)
        curation.curate(session, live, theme.key, "theme", "edited", "Écouter vraiment",
                        theme.label, actor)
    db.session.expire_all()
    return db.session.get(Workshop, workshop.id), hidden, {
        "message": message["text"], "post": post.text, "theme": theme.label}


def test_does_the_archive_carry_the_curation_without_a_non_consenting_name():
    workshop, hidden, _automatic = curated_workshop()
    shown = synthesis.roster(db.session, workshop).shown(hidden.id)

    raw = export_file(workshop)

    assert hidden.display_name not in raw.decode("utf-8")
    rows = json.loads(raw)["data"]["curations"]
    assert sorted((row["kind"], row["action"]) for row in rows) == [
        ("message", "edited"), ("post", "dropped"), ("theme", "edited")]
    assert f"Ce que {shown} nous a dit compte" in {row["text"] for row in rows}
    assert f"Ce que {shown} nous a dit compte" in json.loads(raw)["synthesis"]["brief"][
        "key_messages"][0]["text"]


def test_does_a_restored_workshop_keep_the_curated_brief(elsewhere):  # noqa: F811
    workshop, hidden, automatic = curated_workshop()
    shown = synthesis.roster(db.session, workshop).shown(hidden.id)
    raw = export_file(workshop)

    def restored_brief() -> tuple[str, list[str], str]:
        copy = db.session.get(Workshop, import_file(raw))
        built = service.build(db.session, copy)
        return (built.brief.key_messages[0]["text"],
                [p.text for p in built.brief.calendar if p.channel == "linkedin"],
                built.themes[0].label)

    message, linkedin, theme = elsewhere(restored_brief)

    assert message == f"Ce que {shown} nous a dit compte"
    assert automatic["post"] not in linkedin and linkedin
    assert theme == "Écouter vraiment"
