"""Session-wide PostgreSQL and Redis; missing servers skip these tests, except under CI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.ci import unavailable
from tests.scale.servers import Postgres, Redis


def _running(kind: type[Postgres] | type[Redis]) -> Iterator[Any]:
    try:
        server = kind()
    except FileNotFoundError as error:
        unavailable(str(error))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    yield from _running(Postgres)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Redis]:
    yield from _running(Redis)
