"""`flask --app wsgi forms check` and `forms sync`: the questionnaires in forms/ into the database."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from portal import db as dbmod
from portal.instruments import DefinitionError

forms_cli = AppGroup("forms", help="Questionnaires (forms/*.yaml): validate, and sync into the database.")

_folder_option = click.option(
    "--folder", type=click.Path(file_okay=False, exists=True), default=None,
    help="Folder of *.yaml files (default: the shipped forms/).")


def _report(exc: DefinitionError) -> None:
    for error in exc.errors:
        click.echo(error._one(), err=True)
    click.echo(f"forms: {len(exc.errors)} ปัญหา / problem(s); ไม่มีการเปลี่ยนแปลง / nothing changed", err=True)
    sys.exit(1)


@forms_cli.command("check")
@_folder_option
def forms_check(folder):
    """Validate every file; print each "file:line: reason" and exit 1 on any problem."""
    from portal.services.instruments import FORMS_DIR, check_forms

    try:
        definitions = check_forms(folder or FORMS_DIR)
    except DefinitionError as exc:
        _report(exc)
    click.echo(f"forms: {len(definitions)} files OK")


@forms_cli.command("sync")
@_folder_option
def forms_sync(folder):
    """Validate every file, then store changed instruments as new versions (idempotent)."""
    from portal.cli import connected_db
    from portal.services.instruments import FORMS_DIR, sync_forms

    connected_db()
    try:
        with dbmod.connection():
            changes = sync_forms(folder or FORMS_DIR)
    except DefinitionError as exc:
        _report(exc)
    click.echo("synced: " + ", ".join(changes) if changes else "forms: every instrument is up to date")


def init_app(app) -> None:
    app.cli.add_command(forms_cli)
