"""Facilitator accounts: first set-up, sign-in, passwords and personal API tokens."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from tests.conftest import PASSWORD, french
from workshop import create_app
from workshop.errors import AlreadySetUp, Conflict, Invalid, NotFound
from workshop.extensions import db
from workshop.models import ApiToken, Facilitator
from workshop.services import facilitators
from workshop.services.changes import Ended


def facilitator_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Facilitator))


def issue(owner: Facilitator, name: str = "script") -> tuple[ApiToken, str]:
    with db.unit_of_work() as session:
        return facilitators.issue_api_token(session, owner, name)


def test_does_a_fresh_install_need_setting_up_until_someone_signs_up(app):
    assert facilitators.needs_setup(db.session)

    with db.unit_of_work() as session:
        facilitators.create_first_facilitator(session, "ana@example.org", PASSWORD, "Ana")

    assert not facilitators.needs_setup(db.session)


def test_is_a_second_first_facilitator_refused(make_facilitator):
    make_facilitator()

    with pytest.raises(AlreadySetUp), db.unit_of_work() as session:
        facilitators.create_first_facilitator(session, "intruder@example.org", PASSWORD)

    assert facilitator_count() == 1


def test_is_an_email_stored_in_lower_case_and_unique(make_facilitator):
    ana = make_facilitator(" Ana@Example.ORG ")

    with pytest.raises(Conflict):
        make_facilitator("ana@example.org")

    assert ana.email == "ana@example.org"
    assert ana.display_name == "Fa"
    assert facilitator_count() == 1


def test_does_a_facilitator_without_a_name_get_one_from_the_email(app):
    with db.unit_of_work() as session:
        ana = facilitators.create_facilitator(session, "ana@example.org", PASSWORD, "  ")

    assert ana.display_name == "ana"


@pytest.mark.parametrize("password", ["x" * 9, "x" * 129, ""])
def test_is_a_password_too_short_or_too_long_refused(make_facilitator, password):
    with pytest.raises(Invalid) as caught:
        make_facilitator(password=password)

    assert list(caught.value.fields) == ["password"]
    assert facilitator_count() == 0


@pytest.mark.parametrize("password", ["Tk9#pq2Lzw", "Tk9#pq2Lzw-" * 11 + "river77"])
def test_are_passwords_of_10_to_128_characters_accepted(make_facilitator, password):
    ana = make_facilitator("ana@example.org", password=password)

    assert facilitators.authenticate(db.session, "ana@example.org", password) == ana


@pytest.mark.parametrize("password", [
    "aaaaaaaaaa", "1234567890", "password123", "qwertyuiop", "Password2024", "azertyuiop",
    "ana@example.org", "example.org!", "x" * 128,
])
def test_is_an_easily_guessed_password_refused(make_facilitator, password):
    with pytest.raises(Invalid) as caught:
        make_facilitator("ana@example.org", password=password)

    assert list(caught.value.fields) == ["password"]
    assert facilitator_count() == 0


def test_does_a_refused_password_say_why_and_what_to_do(app, make_facilitator):
    with pytest.raises(Invalid) as caught:
        make_facilitator(password="aaaaaaaaaa")

    with app.test_request_context():
        messages = [str(m) for m in caught.value.fields["password"]]
    with app.test_request_context(), force_locale("fr"):
        in_french = [str(m) for m in caught.value.fields["password"]]
    assert messages == ["This password is too easy to guess.",
                        'Repeats like "aaa" are easy to guess.',
                        "Add another word or two. Uncommon words are better.",
                        "Avoid repeated words and characters."]
    assert in_french == [french(m) for m in messages]


def test_is_a_password_made_of_ones_own_name_refused(app):
    with pytest.raises(Invalid), db.unit_of_work() as session:
        facilitators.create_facilitator(session, "dupont@example.org", "Margaux Dupont",
                                        "Margaux Dupont")

    assert facilitator_count() == 0


def test_is_a_weak_new_password_refused_and_the_old_one_kept(make_facilitator):
    ana = make_facilitator("ana@example.org")

    with pytest.raises(Invalid) as caught, db.unit_of_work() as session:
        facilitators.change_password(session, ana, PASSWORD, "azerty1234")

    assert list(caught.value.fields) == ["password"]
    assert facilitators.authenticate(db.session, "ana@example.org", PASSWORD) == ana


def test_is_a_password_stored_as_a_hash(make_facilitator):
    ana = make_facilitator()

    assert PASSWORD not in ana.password_hash


def test_does_a_real_instance_hash_passwords_with_scrypt(instance):
    app = create_app()  # the configuration an operator gets, not the suite's cheap hash
    with app.app_context(), db.unit_of_work() as session:
        ana = facilitators.create_facilitator(session, "ana@example.org", PASSWORD)

        assert ana.password_hash.startswith("scrypt:")
        assert facilitators.authenticate(session, "ana@example.org", PASSWORD) == ana


@pytest.mark.parametrize(
    ("email", "password"),
    [("ana@example.org", "wrong password!"), ("nobody@example.org", PASSWORD), ("", "")],
)
def test_are_wrong_credentials_refused(make_facilitator, email, password):
    make_facilitator("ana@example.org")

    assert facilitators.authenticate(db.session, email, password) is None


def test_is_the_email_matched_whatever_its_case(make_facilitator):
    ana = make_facilitator("ana@example.org")

    assert facilitators.authenticate(db.session, "  ANA@example.org", PASSWORD) == ana


def test_does_a_wrong_current_password_leave_the_password_unchanged(make_facilitator):
    ana = make_facilitator("ana@example.org")

    with pytest.raises(Invalid) as caught, db.unit_of_work() as session:
        facilitators.change_password(session, ana, "not my password", "a new passphrase")

    assert list(caught.value.fields) == ["current_password"]
    assert facilitators.authenticate(db.session, "ana@example.org", PASSWORD) is not None
    assert facilitators.authenticate(db.session, "ana@example.org", "a new passphrase") is None


def sign_in(facilitator: Facilitator) -> tuple[int, str]:
    with db.unit_of_work() as session:
        made = facilitators.sign_in(session, facilitator)
    return made.result["sign_in"], made.result["key"]


def test_does_a_password_change_end_the_other_sessions_and_keep_this_one(make_facilitator):
    ana = make_facilitator("ana@example.org")
    here, here_key = sign_in(ana)
    there, there_key = sign_in(ana)

    with db.unit_of_work() as session:
        change = facilitators.change_password(session, ana, PASSWORD, "a new passphrase",
                                              keep=here)

    assert facilitators.signed_in(db.session, ana.id, here_key) is not None
    assert facilitators.signed_in(db.session, ana.id, there_key) is None
    assert change.ended == {(Ended.SIGN_IN, there)}
    assert facilitators.authenticate(db.session, "ana@example.org", "a new passphrase") == ana


def test_does_signing_out_end_the_session_for_every_copy_of_its_cookie(make_facilitator):
    ana = make_facilitator("ana@example.org")
    row, key = sign_in(ana)

    with db.unit_of_work() as session:
        change = facilitators.sign_out(session, row)

    assert facilitators.signed_in(db.session, ana.id, key) is None
    assert change.ended == {(Ended.SIGN_IN, row)}


def test_does_a_sign_in_key_open_only_its_own_account(make_facilitator):
    ana, ben = make_facilitator("ana@example.org"), make_facilitator("ben@example.org")
    _row, key = sign_in(ana)

    assert facilitators.signed_in(db.session, ben.id, key) is None
    assert facilitators.signed_in(db.session, ana.id, key + "x") is None


def test_is_a_too_short_new_password_refused(make_facilitator):
    ana = make_facilitator("ana@example.org")

    with pytest.raises(Invalid), db.unit_of_work() as session:
        facilitators.change_password(session, ana, PASSWORD, "short")

    assert facilitators.authenticate(db.session, "ana@example.org", PASSWORD) is not None


# --- API tokens --------------------------------------------------------------------------------


def test_is_an_api_token_shown_once_and_stored_hashed(make_facilitator):
    ana = make_facilitator()

    token, raw = issue(ana, "load test")

    assert raw.startswith("atf_")
    assert raw not in token.token_hash
    assert token.name == "load test"
    assert facilitators.facilitator_for_token(db.session, raw) == ana


@pytest.mark.parametrize("raw", ["", "atf_", "atf_unknown", "atp_participant", "Bearer x"])
def test_is_an_unknown_token_nobody(make_facilitator, raw):
    issue(make_facilitator())

    assert facilitators.facilitator_for_token(db.session, raw) is None


def test_does_a_revoked_token_stop_working(make_facilitator):
    ana = make_facilitator()
    token, raw = issue(ana)
    _kept, kept_raw = issue(ana)

    with db.unit_of_work() as session:
        facilitators.revoke_api_token(session, ana, token.id)

    assert facilitators.facilitator_for_token(db.session, raw) is None
    assert facilitators.facilitator_for_token(db.session, kept_raw) == ana


def test_can_a_facilitator_revoke_someone_elses_token(make_facilitator):
    ana, ben = make_facilitator(), make_facilitator()
    token, raw = issue(ana)

    with pytest.raises(NotFound), db.unit_of_work() as session:
        facilitators.revoke_api_token(session, ben, token.id)

    assert facilitators.facilitator_for_token(db.session, raw) == ana


def test_are_a_facilitators_tokens_listed_newest_first(make_facilitator):
    ana, ben = make_facilitator(), make_facilitator()
    issue(ana, "first")
    issue(ben, "ben's")
    issue(ana, "second")

    names = [t.name for t in facilitators.list_api_tokens(db.session, ana)]
    assert names == ["second", "first"]


@pytest.mark.parametrize(("name", "stored"), [("", "API"), ("  ", "API"), ("x" * 100, "x" * 80)])
def test_is_a_token_name_given_a_sensible_default_and_length(make_facilitator, name, stored):
    token, _raw = issue(make_facilitator(), name)

    assert token.name == stored


def test_is_an_unknown_email_reported(app):
    with pytest.raises(NotFound):
        facilitators.find_by_email(db.session, "nobody@example.org")
