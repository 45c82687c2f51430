"""Join codes typed or scanned on phones: wrong ones count against the address (guessing)."""

from __future__ import annotations

import sqlalchemy.orm as so

from ..errors import UnknownWorkshop
from ..models import Workshop
from ..ratelimit import address, limits
from ..services import workshops


def find_workshop(session: so.Session, code: str) -> Workshop:
    """The workshop with this join code, or UnknownWorkshop (and one more wrong code counted)."""
    rules = limits()
    rules.check("code", address())
    try:
        return workshops.find_by_code(session, code)
    except UnknownWorkshop:
        rules.failed("code", address())
        raise
