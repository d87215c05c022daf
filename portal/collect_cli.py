"""`flask --app wsgi links`: every personal link of every open cohort, as CSV with a header row.

Open cohorts are those in status "pretest", "training" or "posttest" (from the
pre-test until the training is closed: portal.services.links). Columns:
centre, province, cooperative, course, cohort, trainee, link; rows in Thai
order (centre, province, cooperative, course, cohort, name). Links use the
configured public address (PORTAL_BASE_URL). Text cells are neutralised
against formula injection (portal.exports). Standard output gets plain UTF-8;
``--output FILE`` writes UTF-8 with a BOM so Excel shows Thai.

Registered from portal/cli.py with ``collect_cli.init_app(app)``.
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal import db as dbmod
from portal.exports import Column, Table, csv_bytes


@click.command("links")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the CSV to this file (UTF-8 with BOM, for Excel) instead of standard output.")
@with_appcontext
def links_command(output):
    """Print every personal link of every open cohort (status pretest, training or posttest) as CSV."""
    from portal.cli import connected_db
    from portal.services.links import LINKS_HEADER, open_cohort_links

    connected_db()
    with dbmod.connection():
        rows = open_cohort_links(current_app.config["BASE_URL"])
    table = Table(title="links", columns=[Column(h) for h in LINKS_HEADER], rows=rows)
    data = csv_bytes(table)
    if output:
        with open(output, "wb") as fh:
            fh.write(data)
        click.echo(f"links: {len(rows)} rows written to {output}", err=True)
    else:
        click.echo(data.decode("utf-8-sig"), nl=False)


def init_app(app) -> None:
    app.cli.add_command(links_command)
