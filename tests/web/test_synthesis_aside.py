"""The synthesis page built only when the workshop changed; reports past the pool turned away."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pycrdt import Doc, Text

from tests.conftest import CSRF_RE, french
from tests.exports.test_aside import BUSY
from tests.realtime.conftest import wait_until
from tests.web.test_synthesis import api_token, top_priority
from workshop.exports import aside, service
from workshop.extensions import db
from workshop.models import Contribution, ContributionKind, Workshop
from workshop.roles import Role
from workshop.services import documents, events, tags


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The workshop ids whose synthesis was built, in order."""
    built: list[int] = []
    real = service.build

    def counted(session, workshop):  # type: ignore[no-untyped-def]
        built.append(workshop.id)
        return real(session, workshop)

    monkeypatch.setattr(service, "build", counted)
    return built


def test_is_the_page_built_once_until_the_workshop_changes(client, demo_workshop, builds):  # type: ignore[no-untyped-def]
    url = f"/workshops/{demo_workshop.id}/synthesis"
    item = top_priority(demo_workshop)
    first, again = client.get(url), client.get(url)
    with db.unit_of_work() as session:
        tags.set_tags(session, session.get(Workshop, demo_workshop.id), item.id, ["trust"], [],
                      events.facilitator_actor(demo_workshop.facilitator_id), None)
    changed = client.get(url)

    assert first.status_code == again.status_code == changed.status_code == 200
    assert CSRF_RE.sub("", again.text) == CSRF_RE.sub("", first.text)  # tokens carry the time
    assert len(builds) == 2  # the reload cost nothing; the change was built
    assert 'value="trust" checked' in changed.text.split(f'id="item-{item.id}"')[1]


def test_does_a_co_written_document_count_as_a_change(client, app, logged_in, make_workshop,
                                                      builds):  # type: ignore[no-untyped-def]
    workshop = make_workshop(logged_in)
    with db.unit_of_work() as session:
        topic = Contribution(workshop_id=workshop.id, kind=ContributionKind.TOPIC,
                             title="Listening to customers", phase="marketplace")
        session.add(topic)
    url = f"/workshops/{workshop.id}/synthesis"
    client.get(url)
    editor = Doc()
    editor.get("key_points", type=Text).insert(0, "Call them back within a day.")
    with db.unit_of_work() as session:
        documents.apply_update(session, session.get(Workshop, workshop.id), f"report:{topic.id}",
                               editor.get_update(), Role.FACILITATOR, None)
    client.get(url)
    client.get(url)

    assert builds == [workshop.id, workshop.id]


@pytest.fixture
def full_pool(app) -> Iterator[aside.Pool]:  # type: ignore[no-untyped-def]
    """The app's report pool with its only process taken and no room to wait."""
    pool = app.extensions[aside.POOL] = aside.Pool(processes=1, queue=0)
    taken, release = threading.Event(), threading.Event()

    def report() -> None:
        with pool.turn():
            taken.set()
            release.wait(timeout=30)

    holder = threading.Thread(target=report)
    holder.start()
    wait_until(taken.is_set, "the pool's process to be taken")
    yield pool
    release.set()
    holder.join(timeout=30)


def test_is_a_download_past_the_pool_a_translated_busy_page(client, demo_workshop, full_pool):  # type: ignore[no-untyped-def]
    response = client.get(f"/workshops/{demo_workshop.id}/export/md",
                          headers={"Accept-Language": "fr"})

    assert response.status_code == 503
    seconds = int(response.headers["Retry-After"])
    assert seconds >= 1
    assert french(BUSY) % {"seconds": seconds} in response.text


def test_is_the_synthesis_page_past_the_pool_a_busy_page(client, demo_workshop, full_pool):  # type: ignore[no-untyped-def]
    response = client.get(f"/workshops/{demo_workshop.id}/synthesis")

    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1


def test_is_an_api_export_past_the_pool_a_busy_json_error(client, app, demo_workshop, logged_in,
                                                          full_pool):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {api_token(app, logged_in.email)}",
               "Accept-Language": "fr"}
    response = client.get(f"/api/v1/workshops/{demo_workshop.id}/export?format=pdf",
                          headers=headers)

    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "busy"
    assert error["retry_after"] == int(response.headers["Retry-After"])
    assert error["message"] == french(BUSY) % {"seconds": error["retry_after"]}
