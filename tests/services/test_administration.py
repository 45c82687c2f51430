"""Administrators create, disable, enable and reset facilitator accounts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD
from workshop.errors import Conflict, Forbidden
from workshop.extensions import db
from workshop.models import Facilitator, SignIn
from workshop.services import administration, facilitators
from workshop.services.changes import Ended


def signed_in(account: Facilitator) -> int:
    with db.unit_of_work() as session:
        return facilitators.sign_in(session, account).result["sign_in"]


def test_is_the_first_account_an_administrator_and_the_next_ones_not(make_facilitator):
    first, second = make_facilitator(), make_facilitator()

    assert first.is_admin and not second.is_admin


def test_does_a_demo_account_made_first_leave_the_administrator_to_the_next_account(app):
    with db.unit_of_work() as session:
        demo = facilitators.create_facilitator(session, "demo@atelier.example", PASSWORD,
                                               admin=False)
        operator = facilitators.create_facilitator(session, "ana@example.org", PASSWORD)
        later = facilitators.create_facilitator(session, "ben@example.org", PASSWORD)

    assert (demo.is_admin, operator.is_admin, later.is_admin) == (False, True, False)


def test_can_an_administrator_create_an_account_that_signs_in_with_its_temporary_password(
    make_facilitator,
):
    admin = make_facilitator()

    with db.unit_of_work() as session:
        made = administration.create_account(session, admin, "zoe@example.org", "Zoé")

    password = made.result["password"]
    assert facilitators.authenticate(db.session, "zoe@example.org", password) is not None
    stored = db.session.get(Facilitator, made.result["facilitator"])
    assert password not in stored.password_hash and not stored.is_admin


def test_may_anyone_but_an_administrator_manage_accounts(make_facilitator):
    make_facilitator()
    ben, noa = make_facilitator(), make_facilitator()

    for work in (lambda s: administration.create_account(s, ben, "x@example.org"),
                 lambda s: administration.set_disabled(s, ben, noa.id, True),
                 lambda s: administration.reset_password(s, ben, noa.id)):
        with pytest.raises(Forbidden), db.unit_of_work() as session:
            work(session)

    assert not db.session.get(Facilitator, noa.id).disabled
    assert facilitators.authenticate(db.session, noa.email, PASSWORD) is not None


def test_does_disabling_an_account_sign_it_out_everywhere_and_refuse_its_password_and_tokens(
    make_facilitator,
):
    admin, ben = make_facilitator(), make_facilitator()
    browser = signed_in(ben)
    with db.unit_of_work() as session:
        _token, raw = facilitators.issue_api_token(session, ben)

    with db.unit_of_work() as session:
        change = administration.set_disabled(session, admin, ben.id, True)

    assert change.ended == {(Ended.SIGN_IN, browser), (Ended.ACCOUNT, ben.id)}
    assert db.session.scalar(sa.select(SignIn).where(SignIn.facilitator_id == ben.id)) is None
    assert facilitators.authenticate(db.session, ben.email, PASSWORD) is None
    assert facilitators.facilitator_for_token(db.session, raw) is None

    with db.unit_of_work() as session:
        administration.set_disabled(session, admin, ben.id, False)
    assert facilitators.authenticate(db.session, ben.email, PASSWORD) is not None
    assert facilitators.facilitator_for_token(db.session, raw) is not None


def test_can_an_administrator_not_lock_themselves_out(make_facilitator):
    admin = make_facilitator()

    with pytest.raises(Conflict), db.unit_of_work() as session:
        administration.set_disabled(session, admin, admin.id, True)


def test_does_a_reset_replace_the_password_and_sign_the_account_out(make_facilitator):
    admin, ben = make_facilitator(), make_facilitator()
    browser = signed_in(ben)

    with db.unit_of_work() as session:
        change = administration.reset_password(session, admin, ben.id)

    assert change.ended == {(Ended.SIGN_IN, browser)}
    assert facilitators.authenticate(db.session, ben.email, PASSWORD) is None
    assert facilitators.authenticate(db.session, ben.email, change.result["password"]) is not None
