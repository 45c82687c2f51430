"""``workshop remind``: e-mail the owners who opted in, once per due date (for a daily timer)."""

from __future__ import annotations

import click

from .running import emit, fail, in_app, json_option


@click.command("remind")
@click.option("--within", "days", type=click.IntRange(0, 365), default=3, show_default=True,
              help="Remind of commitments due within DAYS days, and of overdue ones.")
@json_option
def remind(days: int, as_json: bool) -> None:
    """E-mail each opted-in owner about their commitments due soon or overdue."""

    def action() -> None:
        import smtplib
        from contextlib import suppress
        from datetime import date
        from functools import partial

        from flask import current_app, url_for

        from .. import mail
        from ..errors import NotFound
        from ..extensions import db as database
        from ..links import public_url
        from ..realtime import commands
        from ..services import reminders

        configured = current_app.config.get("SMTP_URL")
        if not configured:
            emit(as_json, {"configured": False, "sent": 0},
                 "No mail server configured (WORKSHOP_SMTP_URL): no reminder sent.")
            return
        try:
            server = mail.parse_smtp_url(configured)
        except ValueError as error:
            fail(as_json, error)
            return
        if not current_app.config.get("PUBLIC_URL"):
            # Outside a request nothing else says where the server is: links would be broken.
            fail(as_json, RuntimeError("Set WORKSHOP_PUBLIC_URL: the reminders' links (results "
                                       "page, stop link) must point at this server."))
            return
        today = date.today()
        found = reminders.due(database.session, today, days)
        secret = current_app.config["SECRET_KEY"]
        sent: list[dict[str, object]] = []
        if found:
            try:
                with mail.connected(server) as smtp:
                    for each in found:
                        item, workshop = each.commitment, each.workshop
                        assert item.due_on is not None  # due() selects dated ones only
                        token = reminders.stop_token(secret, each.reminder)
                        smtp.send_message(mail.reminder_message(server, mail.Reminder(
                            to=each.reminder.email, language=each.reminder.language,
                            owner=item.owner_name, title=item.title, workshop=workshop.title,
                            due_on=item.due_on, today=today,
                            results_url=public_url(url_for("results.show",
                                                           code=workshop.join_code,
                                                           _anchor="mine-heading")),
                            stop_url=public_url(url_for("reminders.stop", token=token)))))
                        due_on = item.due_on
                        # Stopped while its message was on its way: nothing left to mark.
                        with suppress(NotFound):
                            commands.execute(partial(reminders.mark_reminded,
                                                     reminder_id=each.reminder.id,
                                                     due_on=due_on))
                        sent.append({"commitment": item.id, "due_on": due_on.isoformat()})
            except (OSError, smtplib.SMTPException) as error:
                # The server's address only: the URL may hold a password.
                fail(as_json, RuntimeError(f"Sending through {server} failed after {len(sent)} "
                                           f"reminder(s): {error}"))
        emit(as_json, {"configured": True, "sent": len(sent), "reminders": sent},
             f"{len(sent)} reminder(s) sent through {server}.")

    in_app(as_json, action)
