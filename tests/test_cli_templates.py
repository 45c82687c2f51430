"""``workshop template``: the shipped templates listed, and a workshop started from one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.test_cli import create_facilitator, fresh_session, json_of, workshop_cmd
from workshop.models import Workshop
from workshop.template_library import shipped

pytestmark = [pytest.mark.usefixtures("app"), pytest.mark.live]


def test_does_template_list_name_every_shipped_template(instance):
    listed = json_of(workshop_cmd(instance, "template", "list", "--json"))["templates"]
    assert [(t["key"], t["language"]) for t in listed] == [
        (t.key, t.language) for t in shipped()]
    as_text = workshop_cmd(instance, "template", "list")
    assert "Journée clients" in as_text.stdout and "Customer day" in as_text.stdout


def test_can_an_operator_start_a_workshop_from_a_shipped_template(instance):
    json_of(create_facilitator(instance))
    made = json_of(workshop_cmd(instance, "template", "use", "knowledge_barcamp",
                                "--facilitator", "ana@example.org", "--language", "fr",
                                "--json"))
    workshop = fresh_session().get(Workshop, made["id"])
    assert workshop is not None and workshop.join_code == made["code"]
    assert (workshop.title, workshop.language) == ("Barcamp de partage de savoirs", "fr")


def test_is_an_unknown_template_refused_with_nothing_created(instance):
    json_of(create_facilitator(instance))
    result = workshop_cmd(instance, "template", "use", "no_such_thing",
                          "--facilitator", "ana@example.org", "--json")
    assert result.returncode != 0 and "not_found" in result.stdout
    assert fresh_session().scalar(sa.select(sa.func.count()).select_from(Workshop)) == 0
