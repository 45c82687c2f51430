"""The health check and writes when the database refuses them (a read-only file or standby)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy.orm as so
from flask import Flask
from markupsafe import escape

from tests.conftest import french, post_form
from workshop.database import EXTENSION, make_engine

READ_ONLY = ("The database is read-only: nothing can be saved for now. "
             "Tell whoever runs Atelier.")


def use_database(app: Flask, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """Point the app's sessions at ``url`` from now on, as if the database had changed under it."""
    engine = make_engine(url)
    monkeypatch.setitem(app.extensions, EXTENSION,
                        so.sessionmaker(bind=engine, expire_on_commit=False))


@pytest.fixture
def read_only(app: Flask, instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same database file, opened read-only (a read-only mount or a file one cannot write)."""
    use_database(app, monkeypatch, read_only_url(instance))


def read_only_url(instance: Path) -> str:
    return f"sqlite:///file:{instance / 'atelier.db'}?mode=ro&uri=true"


@pytest.fixture
def workshop(make_facilitator, make_workshop):  # type: ignore[no-untyped-def]
    return make_workshop(make_facilitator())


def test_is_a_working_database_healthy(client):
    response = client.get("/healthz")

    assert (response.status_code, response.get_json()) == (200, {"ok": True})


def test_does_the_health_check_fail_when_the_database_cannot_be_written(client, read_only):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.get_json() == {"ok": False, "error": {"code": "database_read_only",
                                                         "message": READ_ONLY}}


def test_does_the_health_check_fail_when_the_database_is_gone(app, client, tmp_path,
                                                              monkeypatch):
    use_database(app, monkeypatch, f"sqlite:///{tmp_path / 'missing' / 'atelier.db'}")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "database_unavailable"


def test_is_an_api_write_to_a_read_only_database_a_clear_503(client, workshop, read_only):
    response = client.post("/api/v1/join", json={"code": workshop.join_code,
                                                 "name": "Léa", "group": "customer"},
                           headers={"Accept-Language": "fr"})

    assert response.status_code == 503
    assert response.get_json()["error"] == {"code": "database_read_only",
                                            "message": french(READ_ONLY)}


def test_is_a_form_sent_to_a_read_only_database_answered_with_the_reason(client, workshop,
                                                                          read_only):
    response = post_form(client, f"/j/{workshop.join_code}",
                         {"name": "Léa", "group": "customer"})

    assert response.status_code == 503
    assert str(escape(READ_ONLY)) in response.text
