"""Command-line tools: `flask --app wsgi db upgrade`, `i18n compile`, …"""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from portal import db as dbmod

db_cli = AppGroup("db", help="Database schema: versioned migrations.")
i18n_cli = AppGroup("i18n", help="Translation catalogs (Thai message ids, English catalog).")


def connected_db():
    """The app's database after one connection check; a bad DATABASE_URL exits 2 with one line."""
    database = dbmod.database.obj
    try:
        dbmod.check_connection(database, current_app.config["DATABASE_URL"])
    except dbmod.DatabaseUrlError as exc:
        click.echo(f"portal: {exc}", err=True)
        sys.exit(2)
    return database


@db_cli.command("upgrade")
def db_upgrade():
    """Apply pending migrations (run once per deployment, never by every worker)."""
    database = connected_db()
    with dbmod.connection():
        applied = dbmod.upgrade(database)
    click.echo("applied: " + ", ".join(applied) if applied else "database is up to date")


@db_cli.command("status")
def db_status():
    """List migrations; exit 1 when some are pending."""
    database = connected_db()
    with dbmod.connection():
        rows = dbmod.migration_runner(database).status()
    for m in rows:
        click.echo(f"[{'x' if m.applied else ' '}] {m.name}")
    if any(not m.applied for m in rows):
        sys.exit(1)


@db_cli.command("generate")
@click.argument("name")
def db_generate(name):
    """Write a new migration for the difference between the models and the migrated schema."""
    import tempfile

    import peewee
    from playhouse.migrations import template
    from playhouse.schema_diff import diff_models

    from portal.models import ALL_MODELS

    with tempfile.TemporaryDirectory() as tmp:
        scratch = peewee.SqliteDatabase(f"{tmp}/scratch.sqlite3", pragmas={"foreign_keys": 1})
        with scratch.connection_context():
            dbmod.upgrade(scratch)
            diff = diff_models(scratch, ALL_MODELS)
        if not diff:
            click.echo("schema matches models: nothing to generate")
            return
        path = dbmod.migration_runner(scratch).create(name, body=template(diff))
    click.echo(path)


@i18n_cli.command("compile")
def i18n_compile():
    """Compile the .po catalogs into .mo files."""
    from portal.i18n import compile_catalogs

    for path in compile_catalogs():
        click.echo(f"compiled {path}")


reference_cli = AppGroup("reference", help="Reference data: provinces, centres, offices, types, business lines.")


@reference_cli.command("load")
def reference_load():
    """Load (or reload after editing) portal/reference/*.csv into the database."""
    from portal.services.reference import sync_reference

    connected_db()
    with dbmod.connection():
        changed = sync_reference()
    click.echo(f"reference data loaded ({changed} rows created or changed)")


def init_app(app) -> None:
    app.cli.add_command(reference_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(i18n_cli)
    from portal.demo_cli import demo_command

    app.cli.add_command(demo_command)
    from portal import forms_cli
    forms_cli.init_app(app)
    from portal import collect_cli
    collect_cli.init_app(app)
    from portal import report_cli; report_cli.init_app(app)  # noqa: E702
