"""The whole suite agrees on what "under CI" means: a missing browser or server fails."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def under_ci() -> bool:
    """Whether CI is set to anything but an explicit no (``.ci/run`` sets ``true``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(message: str) -> NoReturn:
    """Skip a test whose browser or server is missing; under CI that is a failure."""
    if under_ci():
        pytest.fail(f"{message} — CI must run these tests, so this is a failure.", pytrace=False)
    pytest.skip(message)
