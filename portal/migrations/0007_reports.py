# Generated from a schema diff on 2026-11-26 16:42.
import datetime

from peewee import *


def up(migrator, db):
    class Centre(Model):
        class Meta:
            database = db
            table_name = 'centre'

    class Cohort(Model):
        class Meta:
            database = db
            table_name = 'cohort'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class Report(Model):
        centre = ForeignKeyField(Centre, on_delete='RESTRICT')
        kind = CharField(max_length=16)
        fiscal_year = IntegerField()
        quarter = IntegerField(null=True)
        course = IntegerField(null=True)
        cohort = ForeignKeyField(Cohort, null=True, on_delete='RESTRICT')
        agency = CharField(default='')
        reference = CharField(default='')
        memo_date = DateField(null=True)
        subject = TextField(default='')
        to = TextField(default='')
        body = TextField(default='')
        problems = TextField(default='')
        help_needed = TextField(default='')
        state = CharField(max_length=16, default='draft')
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        updated_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        updated_at = DateTimeField(default=datetime.datetime.now)
        approved_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        approved_at = DateTimeField(null=True)
        sent_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        sent_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'report'
    db.create_tables([Report])

    class ReportEvent(Model):
        report = ForeignKeyField(Report, on_delete='CASCADE')
        from_state = CharField(max_length=16, default='')
        to_state = CharField(max_length=16)
        note = TextField(default='')
        by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'report_event'
    db.create_tables([ReportEvent])

    class ReportFile(Model):
        report = ForeignKeyField(Report, on_delete='CASCADE')
        fmt = CharField(max_length=8)
        kind = CharField(max_length=8)
        filename = CharField()
        data = BlobField()
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'report_file'
            indexes = ((('report', 'fmt'), True),)
    db.create_tables([ReportFile])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('report_file'))
    migrator.migrate(migrator.drop_table('report_event'))
    migrator.migrate(migrator.drop_table('report'))
