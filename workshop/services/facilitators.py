"""Facilitator accounts: first set-up, sign-in, passwords and personal API tokens."""

from __future__ import annotations

import hmac

import sqlalchemy as sa
import sqlalchemy.orm as so
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import AlreadySetUp, Conflict, Invalid, NotFound
from ..models import ApiToken, Facilitator, SignIn, utcnow
from . import passwords
from .changes import Change, Ended
from .text import clean_line
from .tokens import FACILITATOR_PREFIX, hash_token, new_token

SIGN_IN_PREFIX = "ats_"

PASSWORD_MIN = 10
PASSWORD_MAX = 128
# Compared against when the email is unknown, so a failed sign-in takes the same time either way.
_DUMMY_HASH = generate_password_hash("atelier-timing-equaliser")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_password_rules(password: str, *about: str) -> None:
    """10 to 128 characters, and not easy to guess (``about``: the owner's email and name)."""
    if len(password) < PASSWORD_MIN:
        raise Invalid(
            fields={"password": [_l("Use at least %(n)d characters.", n=PASSWORD_MIN)]}
        )
    if len(password) > PASSWORD_MAX:
        raise Invalid(
            fields={"password": [_l("Use at most %(n)d characters.", n=PASSWORD_MAX)]}
        )
    passwords.require_hard_to_guess(password, about)


def needs_setup(session: so.Session) -> bool:
    """True on a fresh install, before the first facilitator exists."""
    return session.scalar(sa.select(Facilitator.id).limit(1)) is None


def _has_admin(session: so.Session) -> bool:
    found = session.scalar(sa.select(Facilitator.id).where(Facilitator.is_admin).limit(1))
    return found is not None


def check_email(email: str) -> str:
    """The normalized address, or Invalid when it cannot be an email address."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise Invalid(fields={"email": [_l("This is not a valid email address.")]}) from None
    return normalize_email(checked.normalized)


def hashed(password: str) -> str:
    method: str = current_app.config.get("PASSWORD_HASH", "scrypt")
    return generate_password_hash(password, method=method)


def create_facilitator(
    session: so.Session, email: str, password: str, display_name: str = "", *,
    admin: bool | None = None,
) -> Facilitator:
    """A new account; by default (``admin`` None) an administrator while the install has none."""
    email = check_email(email)
    check_password_rules(password, email, display_name)
    if session.scalar(sa.select(Facilitator.id).where(Facilitator.email == email)):
        raise Conflict(_l("A facilitator with this email already exists."))
    facilitator = Facilitator(
        email=email,
        display_name=clean_line(display_name)[:80] or email.split("@")[0],
        password_hash=hashed(password),
        is_admin=admin if admin is not None else not _has_admin(session),
    )
    session.add(facilitator)
    session.flush()
    return facilitator


def create_first_facilitator(
    session: so.Session, email: str, password: str, display_name: str = ""
) -> Facilitator:
    """The set-up page's account; refused once any facilitator exists."""
    if not needs_setup(session):
        raise AlreadySetUp()
    return create_facilitator(session, email, password, display_name)


def authenticate(session: so.Session, email: str, password: str) -> Facilitator | None:
    """The facilitator for these credentials, or None, without telling which part was wrong."""
    facilitator: Facilitator | None = session.scalar(
        sa.select(Facilitator).where(Facilitator.email == normalize_email(email))
    )
    if facilitator is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(facilitator.password_hash, password) or facilitator.disabled:
        return None
    return facilitator


def change_password(
    session: so.Session, facilitator: Facilitator, current: str, new: str,
    keep: int | None = None,
) -> Change:
    """Change the password; every other browser signed in as this facilitator is signed out.

    ``keep`` is the sign-in of the browser asking, which stays signed in.
    """
    if not check_password_hash(facilitator.password_hash, current):
        raise Invalid(fields={"current_password": [_l("This is not your current password.")]})
    check_password_rules(new, facilitator.email, facilitator.display_name)
    facilitator.password_hash = hashed(new)
    others = list(session.scalars(sa.select(SignIn).where(
        SignIn.facilitator_id == facilitator.id, SignIn.id != (keep or 0))))
    for other in others:
        session.delete(other)
    session.flush()
    return Change(None, ended={(Ended.SIGN_IN, other.id) for other in others})


def sign_in(session: so.Session, facilitator: Facilitator) -> Change:
    """A new signed-in browser; the result holds the key its cookies carry (stored hashed)."""
    raw, digest = new_token(SIGN_IN_PREFIX)
    row = SignIn(facilitator_id=facilitator.id, key_hash=digest)
    session.add(row)
    session.flush()
    return Change(None, result={"sign_in": row.id, "key": raw})


def signed_in(session: so.Session, facilitator_id: int, key: str) -> SignIn | None:
    """The sign-in a browser's cookie names, if it has not signed out since."""
    if not key.startswith(SIGN_IN_PREFIX):
        return None
    row = session.scalar(sa.select(SignIn).where(SignIn.key_hash == hash_token(key)))
    return row if row is not None and row.facilitator_id == facilitator_id else None


def sign_out(session: so.Session, sign_in_id: int | None) -> Change:
    """End a browser's session: its cookies, copied or not, no longer open anything."""
    row = session.get(SignIn, sign_in_id) if sign_in_id is not None else None
    if row is None:
        return Change(None)
    session.delete(row)
    session.flush()
    return Change(None, ended={(Ended.SIGN_IN, row.id)})


def same_secret(stored: str, given: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(stored.encode(), given.encode())


def find_by_email(session: so.Session, email: str) -> Facilitator:
    facilitator: Facilitator | None = session.scalar(
        sa.select(Facilitator).where(Facilitator.email == normalize_email(email))
    )
    if facilitator is None:
        raise NotFound(_l("No facilitator has this email."))
    return facilitator


def issue_api_token(
    session: so.Session, facilitator: Facilitator, name: str = ""
) -> tuple[ApiToken, str]:
    """Create a personal API token; the raw value is returned once and never stored."""
    raw, digest = new_token(FACILITATOR_PREFIX)
    token = ApiToken(
        facilitator_id=facilitator.id,
        name=clean_line(name)[:80] or "API",
        token_hash=digest,
    )
    session.add(token)
    session.flush()
    return token, raw


def list_api_tokens(session: so.Session, facilitator: Facilitator) -> list[ApiToken]:
    return list(
        session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.facilitator_id == facilitator.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_api_token(session: so.Session, facilitator: Facilitator, token_id: int) -> Change:
    """Revoke a token: requests and sockets using it stop working at once."""
    token = session.get(ApiToken, token_id)
    if token is None or token.facilitator_id != facilitator.id:
        raise NotFound(_l("No such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return Change(None, result={"token": token.id, "revoked": True},
                  ended={(Ended.API_TOKEN, token.id)})


def api_token_for(session: so.Session, raw: str) -> ApiToken | None:
    """The live API token with this value, or None."""
    if not raw.startswith(FACILITATOR_PREFIX):
        return None
    token: ApiToken | None = session.scalar(
        sa.select(ApiToken).where(
            ApiToken.token_hash == hash_token(raw), ApiToken.revoked_at.is_(None)
        )
    )
    return token


def facilitator_for_token(session: so.Session, raw: str) -> Facilitator | None:
    """The facilitator a live API token belongs to, or None (also for a disabled account)."""
    token = api_token_for(session, raw)
    return token.facilitator if token and not token.facilitator.disabled else None
