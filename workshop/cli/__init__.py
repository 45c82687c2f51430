"""The ``workshop`` command: serve, migrate, manage facilitators and workshops."""

from __future__ import annotations

import os
import sys

import click

from . import accounts, demo, reminders, reports, server, templates, workshops


def main() -> None:
    """Entry point; ``serve`` under gevent monkey-patches before anything else is imported."""
    if sys.argv[1:2] == ["serve"]:
        os.environ.setdefault("WORKSHOP_ASYNC_MODE", "gevent")
        if os.environ["WORKSHOP_ASYNC_MODE"] == "gevent":
            from gevent import monkey

            monkey.patch_all()
    cli(prog_name="workshop")


@click.group(help="Atelier: live collective-intelligence workshops.")
def cli() -> None:
    pass


for command in (server.serve, server.db, accounts.facilitator, workshops.create, workshops.purge,
                workshops.export, demo.demo, workshops.import_archive, reports.export_worker,
                templates.template, reminders.remind):
    cli.add_command(command)
