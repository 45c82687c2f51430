"""Secret tokens: handed out once, stored only as SHA-256."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

PARTICIPANT_PREFIX = "atp_"
FACILITATOR_PREFIX = "atf_"


def hash_token(raw: str) -> str:
    """SHA-256 is enough here: tokens carry 256 random bits, so there is nothing to brute-force."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# A client's retry key: long and random enough that nobody can guess another client's.
RETRY_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


def retry_token(secret: str, prefix: str, *parts: object) -> str:
    """A token derived from a client's retry key: the same request twice gets the same token."""
    message = "|".join(str(part) for part in parts).encode("utf-8")
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
    return prefix + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_token(prefix: str) -> tuple[str, str]:
    """Return ``(raw, hash)`` for a new token; the prefix tells its kind at a glance."""
    raw = prefix + secrets.token_urlsafe(32)
    return raw, hash_token(raw)
