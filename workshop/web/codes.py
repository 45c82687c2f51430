"""Join codes typed or scanned on phones, and joins, counted for a whole room behind one address.

A venue's Wi-Fi puts a plenary behind one public address: a right code (typed, or the QR link)
is never refused, however many wrong ones came from that address; wrong codes count against the
address (guessing them), and joins against the address and the workshop, with ceilings a
plenary stays under.
"""

from __future__ import annotations

import sqlalchemy.orm as so

from ..errors import RateLimited, TooManyWrongCodes, UnknownWorkshop
from ..models import Workshop
from ..ratelimit import address, limits
from ..services import workshops


def find_workshop(session: so.Session, code: str) -> Workshop:
    """The workshop with this join code; else UnknownWorkshop, or TooManyWrongCodes past them."""
    try:
        return workshops.find_by_code(session, code)
    except UnknownWorkshop:
        try:
            limits().hit("code", address())
        except RateLimited as error:
            raise TooManyWrongCodes(error.retry_after) from None
        raise


def count_join(workshop: Workshop) -> None:
    """Count one join against the address and the workshop; RateLimited past either ceiling."""
    rules = limits()
    rules.hit("join", address())
    rules.hit("join_workshop", str(workshop.id))
