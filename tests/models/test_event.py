"""Is the event log really append-only?"""

import pytest

from workshop.extensions import db
from workshop.services import events


def test_can_a_stored_event_be_rewritten(make_facilitator, make_workshop):
    workshop = make_workshop(make_facilitator())
    with db.unit_of_work() as session:
        event = events.record(session, workshop.id, "test.happened", "system", {"n": 1})
    with pytest.raises(RuntimeError, match="append-only"), db.unit_of_work() as session:
        event.payload = {"n": 2}
        session.flush()
    db.session.expire_all()
    assert db.session.get(type(event), event.id).payload == {"n": 1}
