"""Secret tokens: handed out once, stored only as SHA-256."""

from __future__ import annotations

import hashlib
import secrets

PARTICIPANT_PREFIX = "atp_"
FACILITATOR_PREFIX = "atf_"


def hash_token(raw: str) -> str:
    """SHA-256 is enough here: tokens carry 256 random bits, so there is nothing to brute-force."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_token(prefix: str) -> tuple[str, str]:
    """Return ``(raw, hash)`` for a new token; the prefix tells its kind at a glance."""
    raw = prefix + secrets.token_urlsafe(32)
    return raw, hash_token(raw)
