"""Configuration comes from WORKSHOP_* variables and the instance folder only."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, csrf_from, post_form
from workshop import create_app
from workshop.config import SECRET_FILE
from workshop.extensions import db
from workshop.services import facilitators


@pytest.fixture
def empty_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An instance folder with nothing in it, and no WORKSHOP_* variable set."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("WORKSHOP_INSTANCE_PATH", str(folder))
    for name in list(os.environ):
        if name.startswith("WORKSHOP_") and name != "WORKSHOP_INSTANCE_PATH":
            monkeypatch.delenv(name)
    return folder


def test_is_a_secret_generated_in_the_instance_folder_and_kept(empty_instance):
    first = create_app()

    secret_file = empty_instance / SECRET_FILE
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert first.secret_key == secret_file.read_text().strip()
    assert len(first.secret_key) >= 32
    assert create_app().secret_key == first.secret_key


def test_does_a_restart_keep_facilitators_signed_in(instance, app, client, logged_in):
    restarted = create_app({"TESTING": True}).test_client()
    restarted.set_cookie("session", client.get_cookie("session").value)

    assert restarted.get("/workshops/new").status_code == 200


def test_does_the_secret_key_variable_win(empty_instance, monkeypatch):
    monkeypatch.setenv("WORKSHOP_SECRET_KEY", "from-the-environment")

    app = create_app()

    assert app.secret_key == "from-the-environment"
    assert not (empty_instance / SECRET_FILE).exists()


def test_does_creating_the_app_leave_the_database_alone(empty_instance):
    create_app()

    assert not (empty_instance / "atelier.db").exists()


@pytest.mark.live  # runs the workshop command
def test_is_the_database_url_variable_honoured(empty_instance, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere" / "other.db"
    monkeypatch.setenv("WORKSHOP_DATABASE_URL", f"sqlite:///{elsewhere}")
    subprocess.run([sys.executable, "-m", "workshop", "db", "upgrade"], check=True,
                   capture_output=True, env=dict(os.environ), timeout=60)

    app = create_app()
    with app.app_context(), db.unit_of_work() as session:
        facilitators.create_facilitator(session, "ana@example.org", PASSWORD)

    with sqlite3.connect(elsewhere) as connection:
        assert connection.execute("SELECT email FROM facilitator").fetchall() == [
            ("ana@example.org",)
        ]
    assert not (empty_instance / "atelier.db").exists()


def test_is_the_public_address_used_for_join_links(instance, monkeypatch, make_facilitator):
    monkeypatch.setenv("WORKSHOP_PUBLIC_URL", "https://atelier.example.org/")
    app = create_app({"TESTING": True})
    owner = make_facilitator()
    client = app.test_client()
    post_form(client, "/login", {"email": owner.email, "password": PASSWORD})

    post_form(client, "/workshops/new", {
        "title": "Day", "method": "barcamp", "language": "en", "vote_budget": "5",
        "max_votes_per_topic": "3",
    })
    with db.unit_of_work() as session:
        _token, raw = facilitators.issue_api_token(session, owner)
    listed = client.get("/api/v1/workshops", headers={"Authorization": f"Bearer {raw}"})

    [workshop] = listed.get_json()["workshops"]
    link = f"https://atelier.example.org/j/{workshop['code']}"
    assert workshop["join_url"] == link
    assert link in client.get(f"/workshops/{workshop['id']}").text


def test_do_secure_cookies_get_the_secure_flag(instance, monkeypatch):
    monkeypatch.setenv("WORKSHOP_SECURE_COOKIES", "true")
    client = create_app({"TESTING": True}).test_client()

    response = client.get("/lang/fr")

    assert "Secure" in response.headers["Set-Cookie"]


def test_is_every_cookie_httponly_samesite_and_secure_behind_https(
    instance, monkeypatch, make_facilitator, make_workshop
):
    monkeypatch.setenv("WORKSHOP_SECURE_COOKIES", "true")
    app = create_app({"TESTING": True})
    client = app.test_client()
    with app.app_context():
        owner = make_facilitator()
        workshop = make_workshop(owner)
    cookies = []

    cookies += client.get("/lang/fr").headers.getlist("Set-Cookie")
    page = client.get(f"/j/{workshop.join_code}")
    cookies += page.headers.getlist("Set-Cookie")
    joined = client.post(f"/j/{workshop.join_code}", data={
        "csrf_token": csrf_from(page.text), "name": "Zoé", "group": "customer"})
    cookies += joined.headers.getlist("Set-Cookie")
    login = client.get("/login")
    cookies += client.post("/login", data={
        "csrf_token": csrf_from(login.text), "email": owner.email, "password": PASSWORD,
        "remember": "y"}).headers.getlist("Set-Cookie")

    names = {cookie.split("=", 1)[0] for cookie in cookies}
    assert names == {"atelier_lang", f"atelier_p{workshop.id}", "session", "remember_token"}
    assert joined.status_code == 302
    for cookie in cookies:
        flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
        assert {"httponly", "secure", "samesite"} <= flags, cookie
        assert "SameSite=Lax" in cookie or "SameSite=Strict" in cookie, cookie


def test_is_the_report_pool_sized_from_the_environment(empty_instance, monkeypatch):
    monkeypatch.setenv("WORKSHOP_EXPORT_PROCESSES", "3")
    monkeypatch.setenv("WORKSHOP_EXPORT_QUEUE", "0")

    app = create_app()

    assert (app.config["EXPORT_PROCESSES"], app.config["EXPORT_QUEUE"]) == (3, 0)


@pytest.mark.parametrize(("name", "value"), [("WORKSHOP_EXPORT_PROCESSES", "0"),
                                             ("WORKSHOP_EXPORT_PROCESSES", "two"),
                                             ("WORKSHOP_EXPORT_QUEUE", "-1")])
def test_is_a_wrong_report_pool_size_refused_at_start(empty_instance, monkeypatch, name, value):
    monkeypatch.setenv(name, value)

    with pytest.raises(ValueError, match=name):
        create_app()
