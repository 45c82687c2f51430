"""The ``workshop`` command, run as an operator runs it: a process on an instance folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from tests.conftest import PASSWORD, csrf_from
from workshop.extensions import db
from workshop.models import Facilitator, Method, Workshop

# The app context lets the test read what each command committed; each test runs the command
# as a process of its own.
pytestmark = [pytest.mark.usefixtures("app"), pytest.mark.live]


def workshop_cmd(
    folder: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m workshop ARGS`` on the instance in ``folder``."""
    env = {**os.environ, "WORKSHOP_INSTANCE_PATH": str(folder)}
    env.pop("WORKSHOP_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "workshop", *args],
        env=env, input=stdin, capture_output=True, text=True, timeout=60,
    )


def json_of(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def create_facilitator(folder: Path, email: str = "ana@example.org", password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return workshop_cmd(
        folder, "facilitator", "create", email, "--password-stdin", "--json",
        stdin=password + "\n",
    )


def fresh_session() -> so.Session:
    """The test's session, reading what the command's process has committed since."""
    db.session.rollback()
    db.session.expire_all()
    return db.session


def workshop_count() -> int:
    return fresh_session().scalar(sa.select(sa.func.count()).select_from(Workshop))


def emails() -> list[str]:
    return list(fresh_session().scalars(sa.select(Facilitator.email).order_by(Facilitator.id)))


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


# --- the schema -------------------------------------------------------------------------------


def test_does_db_upgrade_create_the_schema_in_an_empty_folder(tmp_path):
    folder = tmp_path / "fresh"

    result = workshop_cmd(folder, "db", "upgrade")

    assert result.returncode == 0, result.stderr
    with sqlite3.connect(folder / "atelier.db") as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert {"facilitator", "api_token", "workshop", "participant", "event"} <= tables
    assert len(version) == 1


def test_is_db_upgrade_safe_to_run_twice(instance):
    json_of(create_facilitator(instance))
    version = fresh_session().scalar(sa.text("SELECT version_num FROM alembic_version"))

    again = workshop_cmd(instance, "db", "upgrade")

    assert again.returncode == 0, again.stderr
    assert emails() == ["ana@example.org"]  # what the first upgrade's database held is kept
    assert fresh_session().scalar(sa.text("SELECT version_num FROM alembic_version")) == version


# --- facilitators -----------------------------------------------------------------------------


def test_is_the_first_account_an_administrator_and_a_later_one_only_with_admin(instance):
    first = json_of(create_facilitator(instance, "ana@example.org"))
    second = json_of(create_facilitator(instance, "ben@example.org"))
    third = json_of(workshop_cmd(instance, "facilitator", "create", "noa@example.org",
                                 "--password-stdin", "--admin", "--json",
                                 stdin=PASSWORD + "\n"))

    assert [first["admin"], second["admin"], third["admin"]] == [True, False, True]
    admins = fresh_session().scalars(sa.select(Facilitator.email).where(Facilitator.is_admin))
    assert sorted(admins) == ["ana@example.org", "noa@example.org"]


def test_can_an_operator_create_a_facilitator_who_can_then_sign_in(instance, client):
    created = json_of(create_facilitator(instance, "Ana@Example.org"))

    assert created["email"] == "ana@example.org"
    assert emails() == ["ana@example.org"]
    page = client.get("/login")
    assert page.status_code == 200  # no longer a fresh install: the setup page is closed
    response = client.post("/login", data={
        "csrf_token": csrf_from(page.text), "email": "ana@example.org", "password": PASSWORD,
    })
    assert response.status_code == 302


def test_does_creating_a_facilitator_print_a_sentence_without_json(instance):
    result = workshop_cmd(instance, "facilitator", "create", "ana@example.org",
                          "--password-stdin", stdin=PASSWORD + "\n")

    assert result.returncode == 0, result.stderr
    assert "ana@example.org" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr


def test_is_a_second_facilitator_with_the_same_email_refused(instance):
    json_of(create_facilitator(instance))

    as_text = workshop_cmd(instance, "facilitator", "create", "ANA@example.org",
                           "--password-stdin", stdin=PASSWORD + "\n")
    as_json = create_facilitator(instance, "ana@example.org")

    assert as_text.returncode == as_json.returncode == 1
    assert "A facilitator with this email already exists." in as_text.stderr
    assert json.loads(as_json.stdout)["error"]["code"] == "conflict"
    assert emails() == ["ana@example.org"]


@pytest.mark.parametrize("password", ["short", ""], ids=["short", "empty"])
def test_is_a_short_password_refused(instance, password):
    result = workshop_cmd(instance, "facilitator", "create", "ana@example.org",
                          "--password-stdin", stdin=password + "\n")

    assert result.returncode == 1
    assert "Use at least 10 characters." in result.stderr
    assert emails() == []


def test_is_the_password_never_taken_from_the_command_line(instance):
    result = workshop_cmd(instance, "facilitator", "create", "ana@example.org")

    assert result.returncode == 2
    assert "--password-stdin" in result.stderr
    assert emails() == []


# --- API tokens -------------------------------------------------------------------------------


def test_does_a_token_from_the_command_line_work_on_the_api(instance, client):
    json_of(create_facilitator(instance))

    issued = json_of(workshop_cmd(instance, "facilitator", "token", "ana@example.org", "--json"))

    response = client.get("/api/v1/me", headers=bearer(issued["token"]))
    assert response.status_code == 200
    assert response.get_json()["facilitator"]["email"] == "ana@example.org"


def test_does_a_revoked_token_stop_working(instance, client):
    json_of(create_facilitator(instance))
    issued = json_of(workshop_cmd(instance, "facilitator", "token", "ana@example.org",
                                  "--name", "load test", "--json"))

    listed = json_of(workshop_cmd(instance, "facilitator", "tokens", "ana@example.org", "--json"))
    assert [(t["id"], t["name"], t["revoked"]) for t in listed["tokens"]] == [
        (issued["id"], "load test", False)
    ]
    assert issued["token"] not in json.dumps(listed)

    revoked = workshop_cmd(instance, "facilitator", "revoke", "ana@example.org",
                           str(issued["id"]))
    assert revoked.returncode == 0, revoked.stderr

    assert client.get("/api/v1/me", headers=bearer(issued["token"])).status_code == 401
    listed = json_of(workshop_cmd(instance, "facilitator", "tokens", "ana@example.org", "--json"))
    assert listed["tokens"][0]["revoked"] is True


def test_can_one_facilitator_revoke_anothers_token(instance, client):
    json_of(create_facilitator(instance, "ana@example.org"))
    json_of(create_facilitator(instance, "ben@example.org"))
    issued = json_of(workshop_cmd(instance, "facilitator", "token", "ana@example.org", "--json"))

    result = workshop_cmd(instance, "facilitator", "revoke", "ben@example.org", str(issued["id"]))

    assert result.returncode == 1
    assert "No such token." in result.stderr
    assert client.get("/api/v1/me", headers=bearer(issued["token"])).status_code == 200


@pytest.mark.parametrize("command", ["token", "tokens"])
def test_does_an_unknown_email_get_a_clear_error(instance, command):
    result = workshop_cmd(instance, "facilitator", command, "nobody@example.org")

    assert result.returncode == 1
    assert "No facilitator has this email." in result.stderr


# --- workshops ----------------------------------------------------------------------------------


def test_can_an_operator_create_a_workshop_people_can_join(instance, client):
    json_of(create_facilitator(instance))

    created = json_of(workshop_cmd(
        instance, "create", "--title", "Customer day", "--method", "world_cafe",
        "--facilitator", "ana@example.org", "--language", "fr", "--json",
    ))

    workshop = fresh_session().get(Workshop, created["id"])
    assert (workshop.title, workshop.method, workshop.language) == (
        "Customer day", Method.WORLD_CAFE, "fr",
    )
    assert created["code"] == workshop.join_code
    page = client.get(f"/j/{created['code']}")
    assert page.status_code == 200
    assert "Customer day" in page.text


def test_does_creating_a_workshop_print_its_code_and_id_without_json(instance):
    json_of(create_facilitator(instance))

    result = workshop_cmd(instance, "create", "--title", "Day", "--method", "barcamp",
                          "--facilitator", "ana@example.org")

    assert result.returncode == 0, result.stderr
    code, ident = result.stdout.split()
    assert fresh_session().get(Workshop, int(ident)).join_code == code


def test_is_a_workshop_for_an_unknown_facilitator_refused(instance):
    result = workshop_cmd(instance, "create", "--title", "Day", "--method", "barcamp",
                          "--facilitator", "nobody@example.org")

    assert result.returncode == 1
    assert "No facilitator has this email." in result.stderr
    assert workshop_count() == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [(["--title", "", "--method", "barcamp"], 1, "Give the workshop a title."),
     (["--title", "Day", "--method", "poker"], 2, "poker"),
     (["--title", "Day", "--method", "barcamp", "--language", "de"], 2, "de")],
    ids=["empty-title", "unknown-method", "unknown-language"],
)
def test_is_a_bad_workshop_refused(instance, args, code, message):
    json_of(create_facilitator(instance))

    result = workshop_cmd(instance, "create", *args, "--facilitator", "ana@example.org")

    assert result.returncode == code
    assert message in result.stderr
    assert workshop_count() == 0


# --- retention --------------------------------------------------------------------------------


def test_does_purge_delete_only_workshops_past_retention(instance):
    create_facilitator(instance)
    ids = [json_of(workshop_cmd(instance, "create", "--title", title, "--method", "open_space",
                                "--facilitator", "ana@example.org", "--json"))["id"]
           for title in ("Ended long ago", "Abandoned draft", "Ended last week")]
    json_of(workshop_cmd(instance, "create", "--title", "Today", "--method", "world_cafe",
                         "--facilitator", "ana@example.org", "--json"))
    with sqlite3.connect(instance / "atelier.db") as connection:
        connection.execute("UPDATE workshop SET ended_at = datetime('now', '-100 days'), "
                           "state = 'ended' WHERE id = ?", (ids[0],))
        connection.execute("UPDATE workshop SET updated_at = datetime('now', '-200 days') "
                           "WHERE id = ?", (ids[1],))
        connection.execute("UPDATE workshop SET ended_at = datetime('now', '-7 days'), "
                           "updated_at = datetime('now', '-300 days') WHERE id = ?", (ids[2],))

    dry = json_of(workshop_cmd(instance, "purge", "--older-than", "90", "--dry-run", "--json"))
    kept_by_dry_run = workshop_count()
    env_days = {**os.environ, "WORKSHOP_INSTANCE_PATH": str(instance),
                "WORKSHOP_RETENTION_DAYS": "90"}
    env_days.pop("WORKSHOP_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "workshop", "purge", "--json"], env=env_days,
                          capture_output=True, text=True, timeout=60)

    assert [w["title"] for w in dry["workshops"]] == ["Ended long ago", "Abandoned draft"]
    assert kept_by_dry_run == 4
    assert [w["id"] for w in json_of(done)["workshops"]] == ids[:2]
    titles = fresh_session().scalars(sa.select(Workshop.title).order_by(Workshop.id)).all()
    assert titles == ["Ended last week", "Today"]


def test_does_purge_refuse_to_guess_how_long_to_keep(instance):
    result = workshop_cmd(instance, "purge")
    zero = workshop_cmd(instance, "purge", "--older-than", "0")

    assert result.returncode == 1
    assert "--older-than DAYS or WORKSHOP_RETENTION_DAYS" in result.stderr
    assert zero.returncode == 1
    assert "At least one day." in zero.stderr


@pytest.mark.parametrize("command", [
    ("demo", "--method", "barcamp", "--participants", "4"),
    ("create", "--title", "Day", "--method", "barcamp", "--facilitator", "ana@example.org"),
])
def test_does_a_command_on_an_unmigrated_database_say_to_migrate_first(tmp_path, command):
    empty = tmp_path / "never-migrated"
    empty.mkdir()

    result = workshop_cmd(empty, *command)

    assert result.returncode == 1
    assert "run `workshop db upgrade` first" in result.stderr
    assert "Traceback" not in result.stderr
