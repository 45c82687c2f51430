"""What an administrator does to facilitator accounts: create, disable, enable, reset."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from ..errors import Conflict, Forbidden, NotFound
from ..models import Facilitator, SignIn
from . import facilitators
from .changes import Change, Ended


def check_admin(account: Facilitator) -> None:
    """Refuse whoever is not an administrator (with a still enabled account)."""
    if not account.is_admin or account.disabled:
        raise Forbidden(_l("Only an administrator may manage accounts."))


def accounts(session: so.Session) -> list[Facilitator]:
    return list(session.scalars(sa.select(Facilitator).order_by(Facilitator.email)))


def _account(session: so.Session, facilitator_id: int) -> Facilitator:
    account = session.get(Facilitator, facilitator_id)
    if account is None:
        raise NotFound(_l("No such account."))
    return account


def temporary_password() -> str:
    """A password to hand over once: 20 random characters, changed by its owner after."""
    return secrets.token_urlsafe(15)


def create_account(session: so.Session, admin: Facilitator, email: str,
                   display_name: str = "", *, is_admin: bool = False) -> Change:
    """A new account with a temporary password, returned once in ``result``."""
    check_admin(admin)
    password = temporary_password()
    account = facilitators.create_facilitator(session, email, password, display_name,
                                              admin=is_admin)
    return Change(None, result={"facilitator": account.id, "email": account.email,
                                "password": password})


def _signed_out(session: so.Session, account: Facilitator) -> set[tuple[Ended, int]]:
    """Delete every signed-in browser of the account: the rights that end with them."""
    rows = list(session.scalars(sa.select(SignIn).where(SignIn.facilitator_id == account.id)))
    for row in rows:
        session.delete(row)
    return {(Ended.SIGN_IN, row.id) for row in rows}


def set_disabled(session: so.Session, admin: Facilitator, facilitator_id: int,
                 disabled: bool) -> Change:
    """Disable an account (its browsers, tokens and sockets stop at once), or enable it again."""
    check_admin(admin)
    account = _account(session, facilitator_id)
    if account.id == admin.id and disabled:
        raise Conflict(_l("You cannot disable your own account."))
    account.disabled = disabled
    ended = _signed_out(session, account) | {(Ended.ACCOUNT, account.id)} if disabled else set()
    session.flush()
    return Change(None, result={"facilitator": account.id, "disabled": disabled}, ended=ended)


def reset_password(session: so.Session, admin: Facilitator, facilitator_id: int) -> Change:
    """A new temporary password, returned once; every browser of the account is signed out."""
    check_admin(admin)
    account = _account(session, facilitator_id)
    password = temporary_password()
    account.password_hash = facilitators.hashed(password)
    ended = _signed_out(session, account) if account.id != admin.id else set()
    session.flush()
    return Change(None, result={"facilitator": account.id, "password": password}, ended=ended)
