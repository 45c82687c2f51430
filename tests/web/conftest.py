"""Fixtures of the web tests: a workshop with something to report."""

from __future__ import annotations

import pytest

from tests.recorded_demos import run_demo
from workshop.extensions import db
from workshop.models import Method, Workshop


@pytest.fixture
def demo_workshop(app, logged_in) -> Workshop:  # type: ignore[no-untyped-def]
    """A small ended Open Space in French, owned by the signed-in facilitator."""
    result = run_demo(Method.OPEN_SPACE, 12, "fr", email=logged_in.email)
    db.session.rollback()
    workshop = db.session.get(Workshop, result.workshop_id)
    assert workshop is not None
    return workshop
