"""Configuration, read from the environment (``WORKSHOP_*``) and the instance folder only."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .ratelimit import parse_rules

SECRET_FILE = "secret_key"
DATABASE_FILE = "atelier.db"


def instance_path() -> Path:
    """Where local data lives: ``WORKSHOP_INSTANCE_PATH`` or ``instance/`` beside the package."""
    configured = os.environ.get("WORKSHOP_INSTANCE_PATH")
    if configured:
        return Path(configured).resolve()
    return Path(__file__).resolve().parent.parent / "instance"


def load_or_create_secret(folder: Path) -> str:
    """Return the secret kept in the instance folder, generating it on first run (mode 0600)."""
    path = folder / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting at once must not overwrite each other's secret.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret)
    return secret


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _count(name: str, default: int, least: int) -> int:
    value = os.environ.get(name) or str(default)
    if not value.strip().isdigit() or int(value) < least:
        raise ValueError(f"{name}: a whole number, at least {least} (got {value!r})")
    return int(value)


@dataclass(frozen=True)
class Settings:
    """The environment variables Atelier reads, documented in README.md."""

    database_url: str
    secret_key: str | None
    public_url: str | None
    async_mode: str
    message_queue: str | None
    secure_cookies: bool
    rate_limits: dict[str, str] | None
    rate_limit_storage: str | None
    proxies: int
    contributions_per_participant: int
    contributions_per_workshop: int
    contribution_text_per_workshop_kb: int
    export_processes: int
    export_queue: int
    document_cache_mb: int
    header_timeout: float
    keepalive_timeout: float
    max_connections: int
    max_connections_per_address: int
    handshake_timeout: float
    smtp_url: str | None

    @classmethod
    def from_environ(cls, folder: Path) -> Settings:
        return cls(
            database_url=os.environ.get("WORKSHOP_DATABASE_URL")
            or f"sqlite:///{folder / DATABASE_FILE}",
            secret_key=os.environ.get("WORKSHOP_SECRET_KEY") or None,
            public_url=(os.environ.get("WORKSHOP_PUBLIC_URL") or "").rstrip("/") or None,
            async_mode=os.environ.get("WORKSHOP_ASYNC_MODE", "threading"),
            message_queue=os.environ.get("WORKSHOP_MESSAGE_QUEUE") or None,
            secure_cookies=_flag("WORKSHOP_SECURE_COOKIES", False),
            rate_limits=parse_rules(os.environ.get("WORKSHOP_RATE_LIMITS")),
            rate_limit_storage=os.environ.get("WORKSHOP_RATE_LIMIT_STORAGE") or None,
            proxies=int(os.environ.get("WORKSHOP_PROXIES") or 0),
            contributions_per_participant=int(
                os.environ.get("WORKSHOP_CONTRIBUTIONS_PER_PARTICIPANT") or 25),
            contributions_per_workshop=int(
                os.environ.get("WORKSHOP_CONTRIBUTIONS_PER_WORKSHOP") or 10_000),
            contribution_text_per_workshop_kb=int(
                os.environ.get("WORKSHOP_CONTRIBUTION_TEXT_PER_WORKSHOP_KB") or 2000),
            export_processes=_count("WORKSHOP_EXPORT_PROCESSES", 2, least=1),
            export_queue=_count("WORKSHOP_EXPORT_QUEUE", 4, least=0),
            # the co-written documents kept in memory (docs/performance.md, co-writing memory)
            document_cache_mb=int(os.environ.get("WORKSHOP_DOCUMENT_CACHE_MB") or 64),
            header_timeout=float(os.environ.get("WORKSHOP_HEADER_TIMEOUT") or 10),
            keepalive_timeout=float(os.environ.get("WORKSHOP_KEEPALIVE_TIMEOUT") or 30),
            max_connections=int(os.environ.get("WORKSHOP_MAX_CONNECTIONS") or 10_000),
            max_connections_per_address=int(
                os.environ.get("WORKSHOP_MAX_CONNECTIONS_PER_ADDRESS") or 3000),
            handshake_timeout=float(os.environ.get("WORKSHOP_HANDSHAKE_TIMEOUT") or 10),
            smtp_url=os.environ.get("WORKSHOP_SMTP_URL") or None,
        )


def flask_config(folder: Path) -> dict[str, object]:
    """The Flask configuration mapping built from the environment."""
    settings = Settings.from_environ(folder)
    return {
        "SECRET_KEY": settings.secret_key or load_or_create_secret(folder),
        "DATABASE_URL": settings.database_url,
        "PUBLIC_URL": settings.public_url,
        "ASYNC_MODE": settings.async_mode,
        "MESSAGE_QUEUE": settings.message_queue,
        "RATE_LIMITS": settings.rate_limits,
        "RATE_LIMIT_STORAGE": settings.rate_limit_storage,
        "PROXIES": settings.proxies,
        # What one person, and a whole room, may post: a few bots within their rate limits
        # cannot make every phone's sync megabytes long (docs/deploy.md).
        "CONTRIBUTIONS_PER_PARTICIPANT": settings.contributions_per_participant,
        "CONTRIBUTIONS_PER_WORKSHOP": settings.contributions_per_workshop,
        "CONTRIBUTION_TEXT_PER_WORKSHOP": settings.contribution_text_per_workshop_kb * 1000,
        # Syntheses and exports at once (each a process of 100-200 MiB under gevent), and how
        # many more may wait their turn before the next is told to come back later.
        "EXPORT_PROCESSES": settings.export_processes,
        "EXPORT_QUEUE": settings.export_queue,
        "DOCUMENT_CACHE_MB": settings.document_cache_mb,
        # Seconds an engine.io session has to connect to Socket.IO before it is closed.
        "HANDSHAKE_TIMEOUT": settings.handshake_timeout,
        # Where `workshop remind` sends the reminders owners opted in to; None: no e-mail box.
        "SMTP_URL": settings.smtp_url,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": settings.secure_cookies,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent / "i18n"),
        "LANGUAGES": ("en", "fr"),
        "PARTICIPANT_COOKIE_DAYS": 30,
        # werkzeug's scrypt (about 0.1 s a hash on purpose); the test suite passes a cheap one.
        "PASSWORD_HASH": "scrypt",
    }
