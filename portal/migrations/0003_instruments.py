# Questionnaires: instruments and their versions (written by hand, frozen models).
from peewee import *
import datetime

def up(migrator, db):
    class Instrument(Model):
        code = CharField(unique=True, max_length=64)
        title_th = TextField()
        title_en = TextField()
        level = CharField(max_length=16)
        course = IntegerField(null=True)
        anonymous = BooleanField(default=False)
        respondent = CharField(max_length=32)
        phases = CharField(max_length=32)
        class Meta:
            database = db
            table_name = 'instrument'
    db.create_tables([Instrument])

    class InstrumentVersion(Model):
        instrument = ForeignKeyField(Instrument, on_delete='RESTRICT')
        version = IntegerField()
        content_hash = CharField(max_length=64)
        source_text = TextField()
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'instrument_version'
            indexes = (
                (('instrument', 'version'), True),
                (('instrument', 'content_hash'), True),
            )
    db.create_tables([InstrumentVersion])

    # The two tables point at each other: the current version is added once both exist.
    migrator.migrate(
        migrator.add_column('instrument', 'current_version_id',
                            ForeignKeyField(InstrumentVersion, null=True, on_delete='SET NULL',
                                            field=InstrumentVersion.id)))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('instrument', 'instrument_current_version_id'))
    migrator.migrate(migrator.drop_column('instrument', 'current_version_id'))
    migrator.migrate(migrator.drop_table('instrument_version'))
    migrator.migrate(migrator.drop_table('instrument'))
