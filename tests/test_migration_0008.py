"""Migration 0008 (teams): an existing install's first account, not the demo's, administers it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.live  # runs the workshop command


def migrate(instance: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "workshop", "db", *args], check=True, capture_output=True,
        env={**os.environ, "WORKSHOP_INSTANCE_PATH": str(instance)}, timeout=60,
    )


def test_does_upgrading_make_the_first_real_account_the_administrator(instance: Path) -> None:
    migrate(instance, "downgrade", "0005")
    engine = sa.create_engine(f"sqlite:///{instance / 'atelier.db'}")
    with engine.begin() as connection:
        for email in ("demo@atelier.example", "ana@example.org", "ben@example.org"):
            connection.execute(sa.text(
                "INSERT INTO facilitator (email, display_name, password_hash, created_at) "
                "VALUES (:email, 'x', 'x', '2026-01-01 00:00:00')"), {"email": email})

    migrate(instance, "upgrade")

    with engine.connect() as connection:
        rows = dict(connection.execute(sa.text(
            "SELECT email, is_admin FROM facilitator WHERE disabled = 0")).all())
    engine.dispose()
    assert rows == {"demo@atelier.example": False, "ana@example.org": True,
                    "ben@example.org": False}
