"""The reminder e-mails: reading WORKSHOP_SMTP_URL without ever showing its password, and what
a message says in each language."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from tests.conftest import french
from workshop.mail import Reminder, SmtpServer, parse_smtp_url, reminder_message


def test_is_a_full_smtp_url_read_with_its_options() -> None:
    server = parse_smtp_url(
        "smtp://atelier%40example.org:p%40ss%3Aword@mail.example.org:587?starttls=1")

    assert server == SmtpServer(host="mail.example.org", port=587, sender="atelier@example.org",
                                starttls=True, username="atelier@example.org",
                                password="p@ss:word")


@pytest.mark.parametrize(("url", "host", "port", "tls", "sender"), [
    ("smtps://relay.example.org", "relay.example.org", 465, True, "atelier@relay.example.org"),
    ("smtp://localhost", "localhost", 25, False, "atelier@localhost"),
    ("smtp://u:p@localhost:2525?from=noreply@example.org", "localhost", 2525, False,
     "noreply@example.org"),
])
def test_are_ports_tls_and_sender_defaulted(
    url: str, host: str, port: int, tls: bool, sender: str
) -> None:
    server = parse_smtp_url(url)

    assert (server.host, server.port, server.tls, server.sender) == (host, port, tls, sender)


@pytest.mark.parametrize("url", ["http://u:hunter2@host", "smtp://u:hunter2@:25",
                                 "smtp://u:hunter2@host:port", "hunter2"])
def test_is_a_wrong_url_refused_without_its_password(url: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_smtp_url(url)

    assert "hunter2" not in str(raised.value)


def test_does_a_server_never_show_its_password() -> None:
    server = parse_smtp_url("smtp://user:hunter2@mail.example.org:587")

    assert "hunter2" not in f"{server} {server!r}"
    assert str(server) == "mail.example.org:587"


def reminder(language: str, due_on: date) -> Reminder:
    return Reminder(to="lea@example.org", language=language, owner="Léa",
                    title="Publish the FAQ", workshop="Customer day", due_on=due_on,
                    today=date(2027, 3, 1), results_url="https://atelier.example.org/w/C/results",
                    stop_url="https://atelier.example.org/stop/atr_x")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_does_a_reminder_speak_the_owners_language_with_its_links(
    app: Flask, language: str
) -> None:
    server = parse_smtp_url("smtp://localhost?from=atelier@example.org")
    with app.test_request_context():
        message = reminder_message(server, reminder(language, date(2027, 3, 4)))

    def said(text: str) -> str:
        return french(text) if language == "fr" else text

    body = message.get_content()
    assert message["Subject"].startswith(
        said("Reminder: “%(title)s” is due on %(date)s").split("%(title)s")[0] + "Publish the FAQ")
    assert said("To stop these reminders and erase your e-mail address:") in body
    assert "https://atelier.example.org/w/C/results" in body
    assert message["List-Unsubscribe"] == "<https://atelier.example.org/stop/atr_x>"
    assert message["From"] == "atelier@example.org" and message["To"] == "lea@example.org"


def test_does_an_overdue_reminder_say_it_was_due(app: Flask) -> None:
    server = parse_smtp_url("smtp://localhost")
    with app.test_request_context():
        message = reminder_message(server, reminder("en", date(2027, 2, 20)))

    assert message["Subject"] == "Reminder: “Publish the FAQ” was due on February 20, 2027"
