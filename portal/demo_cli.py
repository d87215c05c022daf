"""`flask --app wsgi demo`: build (or complete) the demo fiscal year 2566."""
from __future__ import annotations

import datetime as dt
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from portal import db as dbmod

DEFAULT_TODAY = dt.date(2023, 3, 15)  # inside fiscal year 2566, as `make run` pins it


@click.command("demo")
@click.option("--size", type=click.Choice(["small", "full"]), default="full", show_default=True,
              help="full: all 20 centres; small: centres 1 and 2 (for tests).")
@click.option("--seed", type=int, default=2566, show_default=True, help="Same seed, same names and figures.")
@click.option("--password", default="demo1234", show_default=True,
              help="Password of the accounts this run creates (existing accounts keep theirs).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="YYYY-MM-DD (CE); default PORTAL_TODAY or 2023-03-15.")
@with_appcontext
def demo_command(size, seed, password, today):
    """Build the demo year FY 2566: cooperatives, yearly records, courses and accounts. Re-running changes nothing."""
    from portal.auth import hash_password
    from portal.services.demo import build_demo

    from portal.cli import connected_db

    database = connected_db()
    day = today.date() if today else (current_app.config.get("TODAY") or DEFAULT_TODAY)
    with dbmod.connection():
        pending = dbmod.pending_migrations(database)
        if pending:
            click.echo("portal: ฐานข้อมูลยังไม่ได้ปรับโครงสร้าง ให้รัน `flask --app wsgi db upgrade` ก่อน / "
                       f"the database is not migrated ({', '.join(pending)}): run `flask --app wsgi db upgrade` first",
                       err=True)
            sys.exit(2)
        started = time.perf_counter()
        summary = build_demo(size, seed, password_hash=hash_password(password), today=day)
        elapsed = time.perf_counter() - started
    click.echo(summary.describe())
    click.echo(f"ใช้เวลา / took {elapsed:.1f} s")
    click.echo("")
    note = password if summary.created.get("users") else None
    click.echo(summary.describe_accounts(password=note))
    if summary.created.get("users", 0) < len(summary.accounts):
        click.echo("(บัญชีที่มีอยู่แล้วคงรหัสผ่านเดิม / existing accounts keep their passwords)")
