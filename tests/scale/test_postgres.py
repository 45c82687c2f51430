"""The same migrations and services on PostgreSQL as on SQLite."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.scale.servers import Postgres
from workshop.models import Base

pytestmark = pytest.mark.scale


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workshop", *args], check=True, text=True,
                          capture_output=True, env={**os.environ, "WORKSHOP_DATABASE_URL": url})


def test_do_the_migrations_build_on_postgresql_the_schema_the_models_describe(
    postgres: Postgres,
) -> None:
    url = postgres.create_database("migrations")

    cli(url, "db", "upgrade")

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        revision = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
    engine.dispose()
    assert differences == []
    assert revision is not None


def test_do_the_migrations_go_down_and_up_again_on_postgresql(postgres: Postgres) -> None:
    url = postgres.create_database("round_trip")
    cli(url, "db", "upgrade")

    cli(url, "db", "downgrade", "base")
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        left = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
    cli(url, "db", "upgrade")
    with engine.connect() as connection:
        back = set(sa.inspect(connection).get_table_names())
    engine.dispose()

    assert left == set()
    assert set(Base.metadata.tables) <= back
