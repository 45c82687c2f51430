"""``GET /api/v1/workshops/<id>/themes``: the harvest's themes by meaning, for the owner only."""

from __future__ import annotations

import json

import pytest

from workshop.exports import service
from workshop.extensions import db
from workshop.services import facilitators


def api_token(email: str) -> str:
    with db.unit_of_work() as session:
        owner = facilitators.find_by_email(session, email)
        _row, raw = facilitators.issue_api_token(session, owner, "themes")
    return raw


def url(workshop_id: int) -> str:
    return f"/api/v1/workshops/{workshop_id}/themes"


def test_does_the_owner_get_themes_with_members_representatives_and_groups(
    client, demo_workshop, logged_in
):  # type: ignore[no-untyped-def]
    answer = client.get(url(demo_workshop.id),
                        headers={"Authorization": f"Bearer {api_token(logged_in.email)}"})

    assert answer.status_code == 200
    themes = answer.get_json()["themes"]
    assert themes
    for theme in themes:
        assert set(theme) == {"label", "contribution_ids", "representative_ids", "groups"}
        assert theme["label"].strip()
        assert theme["contribution_ids"] and all(isinstance(i, int)
                                                 for i in theme["contribution_ids"])
        assert set(theme["representative_ids"]) <= set(theme["contribution_ids"])
        assert all(0 <= share <= 1 for share in theme["groups"].values())
        assert {"employee", "customer"} <= set(theme["groups"])


def test_does_the_json_export_carry_the_same_themes(client, demo_workshop, logged_in):
    headers = {"Authorization": f"Bearer {api_token(logged_in.email)}"}
    themes = client.get(url(demo_workshop.id), headers=headers).get_json()["themes"]

    archive = json.loads(service.render(db.session, demo_workshop, service.FORMATS["json"]))

    exported = archive["synthesis"]["themes"]
    assert [{k: t[k] for k in ("label", "contribution_ids", "representative_ids", "groups")}
            for t in exported] == themes


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer atf_garbage"}],
                         ids=["missing", "unknown"])
def test_is_a_call_without_a_valid_token_refused(client, demo_workshop, headers):
    answer = client.get(url(demo_workshop.id), headers=headers)

    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "unauthorized"


def test_is_another_facilitators_workshop_hidden(client, demo_workshop, make_facilitator):
    stranger = make_facilitator()

    answer = client.get(url(demo_workshop.id),
                        headers={"Authorization": f"Bearer {api_token(stranger.email)}"})

    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "not_found"
    assert "themes" not in answer.get_json()


def test_is_an_unknown_workshop_not_found(client, logged_in):
    answer = client.get(url(999_999),
                        headers={"Authorization": f"Bearer {api_token(logged_in.email)}"})

    assert answer.status_code == 404
