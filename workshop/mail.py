"""The reminder e-mails: the SMTP server from ``WORKSHOP_SMTP_URL``, and what a message says.

The URL's password is never printed: settings show themselves as ``host:port`` only.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from .models import utcnow

TIMEOUT = 30  # seconds: a stuck server must not hold the timer's run forever
YES = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to send: ``smtp://user:pass@host:587?starttls=1&from=atelier@example.org``
    (``smtps://`` for TLS from the first byte)."""

    host: str
    port: int
    sender: str
    tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def parse_smtp_url(url: str) -> SmtpServer:
    """Read ``WORKSHOP_SMTP_URL``; a ValueError's message never holds the password."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("WORKSHOP_SMTP_URL must look like smtp://user:password@host:port "
                         "(or smtps://...)")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise ValueError("WORKSHOP_SMTP_URL: the port must be a number") from None
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    username = unquote(parts.username) if parts.username else None
    sender = query.get("from") or (username if username and "@" in username
                                   else f"atelier@{parts.hostname}")
    return SmtpServer(host=parts.hostname, port=port, sender=sender,
                      tls=parts.scheme == "smtps",
                      starttls=query.get("starttls", "").lower() in YES, username=username,
                      password=unquote(parts.password) if parts.password else None)


@contextmanager
def connected(server: SmtpServer) -> Iterator[smtplib.SMTP]:
    """One connection for a whole run, logged in if the URL has a user."""
    context = ssl.create_default_context()
    client = (smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=context)
              if server.tls else smtplib.SMTP(server.host, server.port, timeout=TIMEOUT))
    with client:
        if server.starttls:
            client.starttls(context=context)
        if server.username:
            client.login(server.username, server.password or "")
        yield client


@dataclass(frozen=True)
class Reminder:
    """What one message is about, and the two links it carries."""

    to: str
    language: str
    owner: str
    title: str
    workshop: str
    due_on: date
    today: date
    results_url: str
    stop_url: str


def reminder_message(server: SmtpServer, reminder: Reminder) -> EmailMessage:
    """The message in the owner's language, with its stop link in the body and the headers."""
    with force_locale(reminder.language):
        day = format_date(reminder.due_on, "long")
        if reminder.due_on < reminder.today:
            subject = _("Reminder: “%(title)s” was due on %(date)s", title=reminder.title,
                        date=day)
        else:
            subject = _("Reminder: “%(title)s” is due on %(date)s", title=reminder.title,
                        date=day)
        lines = [
            _("Hello %(name)s,", name=reminder.owner) if reminder.owner else _("Hello,"),
            "",
            _("You asked to be reminded of your commitment from the workshop “%(workshop)s”:",
              workshop=reminder.workshop),
            f"  {reminder.title}",
            _("Due on %(date)s", date=day),
            "",
            _("Tell the participants where it stands (in progress, done, or given up and why) "
              "on the results page:"),
            reminder.results_url,
            "",
            _("To stop these reminders and erase your e-mail address:"),
            reminder.stop_url,
        ]
    message = EmailMessage()
    message["From"] = server.sender
    message["To"] = reminder.to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=server.host)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to it
    message["List-Unsubscribe"] = f"<{reminder.stop_url}>"
    message["Content-Language"] = reminder.language
    message.set_content("\n".join(lines) + "\n")
    return message
