# Generated from a schema diff on 2026-11-26 13:46.
from peewee import *
import datetime

def up(migrator, db):
    class Cohort(Model):
        class Meta:
            database = db
            table_name = 'cohort'

    class Cooperative(Model):
        class Meta:
            database = db
            table_name = 'cooperative'

    class Instrument(Model):
        class Meta:
            database = db
            table_name = 'instrument'

    class InstrumentVersion(Model):
        class Meta:
            database = db
            table_name = 'instrument_version'

    class Trainee(Model):
        class Meta:
            database = db
            table_name = 'trainee'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    # A random key and, on SQLite, no rowid: receipts are stored in key order, not in the
    # order trainees answered, so they cannot be lined up with anonymous responses.
    class AnonymousReceipt(Model):
        id = CharField(primary_key=True, max_length=32)
        trainee = ForeignKeyField(Trainee, on_delete='CASCADE')
        instrument = ForeignKeyField(Instrument, on_delete='RESTRICT')
        phase = CharField(max_length=8)
        class Meta:
            database = db
            table_name = 'anonymous_receipt'
            indexes = ((('trainee', 'instrument', 'phase'), True),)
            without_rowid = isinstance(db, SqliteDatabase)
    db.create_tables([AnonymousReceipt])

    class Claim(Model):
        trainee = ForeignKeyField(Trainee, unique=True, on_delete='CASCADE')
        device_hash = CharField(max_length=64)
        device_label = CharField(max_length=64, default='')
        claimed_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'claim'
    db.create_tables([Claim])

    class ClaimRelease(Model):
        trainee = ForeignKeyField(Trainee, on_delete='CASCADE')
        device_label = CharField(max_length=64, default='')
        released_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        released_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'claim_release'
    db.create_tables([ClaimRelease])

    class Draft(Model):
        owner = CharField(max_length=96)
        instrument = ForeignKeyField(Instrument, on_delete='CASCADE')
        phase = CharField(max_length=8)
        answers = TextField(default='{}')
        section = CharField(max_length=64, default='')
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'draft'
            indexes = ((('owner', 'instrument', 'phase'), True),)
    db.create_tables([Draft])

    class PrivacyNotice(Model):
        version = IntegerField(unique=True)
        text_th = TextField()
        text_en = TextField(default='')
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'privacy_notice'
    db.create_tables([PrivacyNotice])

    class QuestionnaireWindow(Model):
        cohort = ForeignKeyField(Cohort, on_delete='CASCADE')
        instrument = ForeignKeyField(Instrument, on_delete='RESTRICT')
        phase = CharField(max_length=8)
        opened_at = DateTimeField(null=True)
        opened_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        closed_at = DateTimeField(null=True)
        closed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'questionnaire_window'
            indexes = ((('cohort', 'instrument', 'phase'), True),)
    db.create_tables([QuestionnaireWindow])

    class RespondentLink(Model):
        kind = CharField(max_length=16)
        cooperative = ForeignKeyField(Cooperative, on_delete='RESTRICT')
        instrument = ForeignKeyField(Instrument, on_delete='RESTRICT')
        period = CharField(max_length=16)
        token = CharField(unique=True, max_length=64)
        valid_from = DateField()
        valid_until = DateField()
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'respondent_link'
            indexes = ((('kind', 'cooperative', 'period'), True),)
    db.create_tables([RespondentLink])

    class Response(Model):
        uuid = CharField(max_length=36)
        instrument = ForeignKeyField(Instrument, on_delete='RESTRICT')
        version = ForeignKeyField(InstrumentVersion, on_delete='RESTRICT')
        phase = CharField(max_length=8)
        respondent = CharField(max_length=16)
        trainee = ForeignKeyField(Trainee, null=True, on_delete='RESTRICT')
        cohort = ForeignKeyField(Cohort, null=True, on_delete='RESTRICT')
        cooperative = ForeignKeyField(Cooperative, null=True, on_delete='RESTRICT')
        link = ForeignKeyField(RespondentLink, null=True, on_delete='RESTRICT')
        answers = TextField()
        payload_hash = CharField(max_length=64)
        state = CharField(max_length=16, default='submitted')
        supersedes = ForeignKeyField('self', null=True, on_delete='SET NULL')
        current_key = CharField(unique=True, null=True, max_length=96)
        edit_key_hash = CharField(null=True, max_length=64)
        score = IntegerField(null=True)
        max_score = IntegerField(null=True)
        keyed_in_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        privacy_version = IntegerField(null=True)
        submitted_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'response'
            indexes = ((('instrument', 'uuid'), True), (('cohort', 'instrument', 'phase'), False))
    db.create_tables([Response])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('response'))
    migrator.migrate(migrator.drop_table('respondent_link'))
    migrator.migrate(migrator.drop_table('questionnaire_window'))
    migrator.migrate(migrator.drop_table('privacy_notice'))
    migrator.migrate(migrator.drop_table('draft'))
    migrator.migrate(migrator.drop_table('claim_release'))
    migrator.migrate(migrator.drop_table('claim'))
    migrator.migrate(migrator.drop_table('anonymous_receipt'))
