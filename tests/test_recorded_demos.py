"""Demo fixtures replayed from their rows hold exactly what running the demo again would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from tests import recorded_demos
from tests.conftest import TEST_PASSWORD_HASH
from workshop import create_app
from workshop.extensions import db
from workshop.models import Method
from workshop.services import facilitators


def database_after_demo(folder: Path, template: Path, owner: str | None) -> tuple[object, ...]:
    """Every row and counter of a fresh database once the demo went through recorded_demos."""
    folder.mkdir()
    shutil.copy(template, folder / "atelier.db")
    app: Flask = create_app({"TESTING": True, "PASSWORD_HASH": TEST_PASSWORD_HASH,
                             "DATABASE_URL": f"sqlite:///{folder / 'atelier.db'}"})
    with app.app_context():
        options = {}
        if owner:
            with db.unit_of_work() as session:
                facilitators.create_facilitator(session, owner, "correct horse battery", "Fa")
            options["email"] = owner
        result = recorded_demos.run_demo(Method.WORLD_CAFE, 12, "en", seed=77, **options)
        connection = db.session.connection()
        rows, _ = recorded_demos._rows(connection)
        sequences = recorded_demos._sequences(connection)
        db.session.rollback()
        db.session.close()
        db.engine().dispose()
    # The facilitator made by the test itself is salted differently each time.
    if owner:
        rows["facilitator"] = {1: rows["facilitator"][1][:1]}
        rows["sign_in"] = {}
    return result, rows, sequences


@pytest.mark.parametrize("owner", [None, "owner@example.org"])
def test_does_a_replayed_demo_leave_the_same_rows_as_running_it(
        tmp_path: Path, migrated_template: Path, owner: str | None) -> None:
    replays = recorded_demos.replays
    ran = database_after_demo(tmp_path / "ran", migrated_template, owner)
    replayed = database_after_demo(tmp_path / "replayed", migrated_template, owner)

    assert recorded_demos.replays == replays + 1
    assert replayed == ran
    assert ran[1]["vote"] or ran[1]["contribution"]
