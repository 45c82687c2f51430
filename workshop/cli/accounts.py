"""Facilitator accounts and their API tokens, for operators without a browser."""

from __future__ import annotations

import sys

import click

from .running import emit, in_app, json_option


@click.group()
def facilitator() -> None:
    """Facilitator accounts and API tokens."""


@facilitator.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name.")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from standard input (never from the command line).")
@click.option("--admin", is_flag=True,
              help="An administrator: creates, disables and resets accounts from the web "
                   "(the first account always is).")
@json_option
def facilitator_create(email: str, name: str, password_stdin: bool, admin: bool,
                       as_json: bool) -> None:
    """Create a facilitator account."""
    password = sys.stdin.readline().rstrip("\r\n")

    def action() -> None:
        from ..extensions import db as database
        from ..services import facilitators

        with database.unit_of_work() as session:
            created = facilitators.create_facilitator(session, email, password, name,
                                                      admin=admin or None)
        emit(as_json, {"id": created.id, "email": created.email, "admin": created.is_admin},
              f"{'Administrator' if created.is_admin else 'Facilitator'} {created.email} "
              f"created (id {created.id}).")

    in_app(as_json, action)


@facilitator.command("token")
@click.argument("email")
@click.option("--name", default="CLI", show_default=True, help="What the token is for.")
@json_option
def facilitator_token(email: str, name: str, as_json: bool) -> None:
    """Print a new personal API token (shown once; stored hashed)."""

    def action() -> None:
        from ..extensions import db as database
        from ..services import facilitators

        with database.unit_of_work() as session:
            owner = facilitators.find_by_email(session, email)
            token, raw = facilitators.issue_api_token(session, owner, name)
        emit(as_json, {"id": token.id, "name": token.name, "token": raw}, raw)

    in_app(as_json, action)


@facilitator.command("tokens")
@click.argument("email")
@json_option
def facilitator_tokens(email: str, as_json: bool) -> None:
    """List a facilitator's API tokens (never their values)."""

    def action() -> None:
        from ..extensions import db as database
        from ..services import facilitators

        owner = facilitators.find_by_email(database.session, email)
        rows = [
            {"id": t.id, "name": t.name, "created_at": t.created_at.isoformat(),
             "revoked": t.revoked_at is not None}
            for t in facilitators.list_api_tokens(database.session, owner)
        ]
        text = "\n".join(
            f"{r['id']}\t{r['name']}\t{r['created_at']}\t{'revoked' if r['revoked'] else 'active'}"
            for r in rows
        ) or "No tokens."
        emit(as_json, {"tokens": rows}, text)

    in_app(as_json, action)


@facilitator.command("revoke")
@click.argument("email")
@click.argument("token_id", type=int)
@json_option
def facilitator_revoke(email: str, token_id: int, as_json: bool) -> None:
    """Revoke an API token by its id (see ``tokens``)."""

    def action() -> None:
        from ..extensions import db as database
        from ..realtime import commands
        from ..services import facilitators

        owner = facilitators.find_by_email(database.session, email)
        # Through the command path: sockets opened with the token are closed, on every
        # instance when they share a message queue.
        commands.execute(lambda session: facilitators.revoke_api_token(session, owner, token_id))
        emit(as_json, {"id": token_id, "revoked": True}, f"Token {token_id} revoked.")

    in_app(as_json, action)
