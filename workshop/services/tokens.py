"""Secret tokens: handed out once, stored only as SHA-256."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PARTICIPANT_PREFIX = "atp_"
FACILITATOR_PREFIX = "atf_"


def hash_token(raw: str) -> str:
    """SHA-256 is enough here: tokens carry 256 random bits, so there is nothing to brute-force."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# A client's retry key: 16 to 64 URL-safe characters (a UUID fits).
RETRY_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class RetryKey:
    """A client's retry key for one kind of request, keyed with the server's secret.

    Neither the key nor the token is stored: the first request's event keeps the key's
    ``digest`` and a random ``salt``, and the token is derived from the secret, the key and
    that salt. Knowing the key is not enough to make the token: only the server can, and
    ``participants.join`` does so only for a retry that matches the first request.
    """

    secret: str
    scope: str  # "api-join", "join": a key sent to one form is not one of another's
    key: str

    def _mac(self, *parts: object) -> bytes:
        message = "|".join(str(part) for part in (self.scope, *parts, self.key))
        return hmac.new(self.secret.encode("utf-8"), message.encode("utf-8"),
                        hashlib.sha256).digest()

    def digest(self, workshop_id: int) -> str:
        """What the log keeps to find the first request again (64 hex digits)."""
        return self._mac("retry", workshop_id).hex()

    def token(self, workshop_id: int, salt: str, prefix: str = PARTICIPANT_PREFIX) -> str:
        """The token the first request got: the same for every matching retry."""
        raw = self._mac("token", workshop_id, salt)
        return prefix + base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def new_salt() -> str:
    return secrets.token_urlsafe(16)


def new_token(prefix: str) -> tuple[str, str]:
    """Return ``(raw, hash)`` for a new token; the prefix tells its kind at a glance."""
    raw = prefix + secrets.token_urlsafe(32)
    return raw, hash_token(raw)
