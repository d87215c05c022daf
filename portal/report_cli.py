"""`flask --app wsgi report`: a centre's or the country's document, written to a file.

    flask --app wsgi report --centre 1 --year 2566 --kind quarterly --quarter 2 --format pdf -o q2.pdf
    flask --app wsgi report --centre 1 --year 2566 --kind training --course 1 --format xlsx -o t.xlsx
    flask --app wsgi report --centre 1 --year 2566 --kind final --course 1 --format docx -o f.docx
    flask --app wsgi report --all --year 2566 --format csv -o national.zip

Through the same builders (portal.services.report_documents) and renderers
(portal.documents.render) as the web downloads. A CSV of several tables is a zip.
Errors are one line in Thai and English, exit status 2.

Registered from portal/cli.py with ``report_cli.init_app(app)``.
"""
from __future__ import annotations

import os
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from portal import db as dbmod

FORMATS = ("xlsx", "csv", "pdf", "docx")
KINDS = ("quarterly", "training", "final")


def _fail(th: str, en: str) -> None:
    click.echo(f"report: {th} / {en}", err=True)
    sys.exit(2)


@click.command("report")
@click.option("--centre", "centre_no", type=int, default=None, help="Centre number 1–20.")
@click.option("--all", "whole_country", is_flag=True, help="The national report for the whole country.")
@click.option("--year", "fy", required=True, help="Fiscal year, Buddhist Era (e.g. 2566).")
@click.option("--kind", default="quarterly", help="quarterly | training | final (with --centre).")
@click.option("--quarter", type=int, default=None, help="1–4 for --kind quarterly (default: the last one).")
@click.option("--course", type=int, default=None, help="1 or 2 for --kind training and final.")
@click.option("--format", "fmt", required=True, help="xlsx | csv | pdf | docx.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The file to write.")
@with_appcontext
def report_command(centre_no, whole_country, fy, kind, quarter, course, fmt, output):
    """Write a centre's quarterly, training or final report, or (--all) the national report."""
    from portal import clock
    from portal.cli import connected_db
    from portal.documents.render import render
    from portal.domain.thaidates import fiscal_quarter
    from portal.models import Centre
    from portal.services import report_documents as docs

    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        _fail(f"รูปแบบไฟล์ต้องเป็น {', '.join(FORMATS)}", f"the format must be one of {', '.join(FORMATS)}")
    try:
        fy = int(str(fy).strip())
    except ValueError:
        _fail(f"ปีงบประมาณไม่ถูกต้อง: {fy} (ใส่ปี พ.ศ. เช่น 2566)", f"bad fiscal year: {fy} (a Buddhist-Era year, e.g. 2566)")
    if not 2500 <= fy <= 2700:
        _fail(f"ปีงบประมาณไม่ถูกต้อง: {fy} (ใส่ปี พ.ศ. เช่น 2566)", f"bad fiscal year: {fy} (a Buddhist-Era year, e.g. 2566)")
    if whole_country == (centre_no is not None):
        _fail("ระบุ --centre N หรือ --all อย่างใดอย่างหนึ่ง", "give either --centre N or --all")
    if kind not in KINDS:
        _fail(f"ชนิดรายงานต้องเป็น {', '.join(KINDS)}", f"the kind must be one of {', '.join(KINDS)}")
    directory = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(directory) or not os.access(directory, os.W_OK) or os.path.isdir(output) \
            or (os.path.exists(output) and not os.access(output, os.W_OK)):
        _fail(f"เขียนไฟล์ {output} ไม่ได้ (ตรวจโฟลเดอร์และสิทธิ์)", f"cannot write {output} (check the folder and permissions)")

    connected_db()
    with dbmod.connection():
        scheme = current_app.config.get("SATISFACTION_BAND_SCHEME", "0.8")
        try:
            if whole_country:
                document = docs.national_document(fy, scheme=scheme)
            else:
                centre = Centre.get_or_none(Centre.number == centre_no)
                if centre is None:
                    _fail(f"ไม่พบศูนย์ที่ {centre_no} (มีศูนย์ที่ 1–20)", f"no centre {centre_no} (centres are 1–20)")
                if kind == "quarterly":
                    if quarter is None:
                        today = clock.today()
                        this_fy, this_q = fiscal_quarter(today)
                        quarter = this_q if this_fy == fy else 4
                    document = docs.quarterly_document(centre, fy, quarter, scheme=scheme)
                else:
                    if course not in (1, 2):
                        _fail("ระบุ --course 1 หรือ 2", "give --course 1 or 2")
                    builder = docs.training_document if kind == "training" else docs.final_document
                    document = (builder(centre, fy, course) if kind == "training"
                                else builder(centre, fy, course, scheme=scheme))
        except docs.DocumentError as exc:
            _fail(exc.th, exc.en)
        data, _mimetype, filename = render(document, fmt)
    try:
        with open(output, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        _fail(f"เขียนไฟล์ {output} ไม่ได้", f"cannot write {output}: {exc.strerror}")
    click.echo(f"report: {filename} → {output} ({len(data):,} bytes)", err=True)
    made, wanted = os.path.splitext(filename)[1].lower(), os.path.splitext(output)[1].lower()
    if made == ".zip" and wanted != ".zip":
        click.echo(f"report: ไฟล์ {output} เป็น zip ของตาราง CSV (ตารางละไฟล์) ตั้งชื่อลงท้าย .zip จะเปิดได้ง่ายกว่า / "
                   f"{output} is a zip of CSV tables (one file a table): name it .zip to open it easily", err=True)


def init_app(app) -> None:
    app.cli.add_command(report_command)
