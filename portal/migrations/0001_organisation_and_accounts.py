# Generated from a schema diff on 2026-11-26 13:10.
from peewee import *
import datetime

def up(migrator, db):
    class Centre(Model):
        number = IntegerField(unique=True)
        name_th = CharField()
        name_en = CharField()
        seat_province_code = CharField(max_length=4)
        confirmed = BooleanField(default=False)
        source = TextField(default='')
        class Meta:
            database = db
            table_name = 'centre'
    db.create_tables([Centre])

    class Province(Model):
        code = CharField(unique=True, max_length=4)
        name_th = CharField()
        name_en = CharField()
        region = CharField()
        region_th = CharField()
        centre = ForeignKeyField(Centre, null=True, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'province'
    db.create_tables([Province])

    class Office(Model):
        code = CharField(unique=True, max_length=8)
        province = ForeignKeyField(Province, on_delete='RESTRICT')
        kind = CharField(max_length=16)
        name_th = CharField()
        short_th = CharField()
        name_en = CharField()
        class Meta:
            database = db
            table_name = 'office'
    db.create_tables([Office])

    class User(Model):
        username = CharField(unique=True, max_length=64)
        password_hash = CharField()
        prefix = CharField(max_length=64, default='')
        first_name = CharField()
        last_name = CharField()
        position = CharField(default='')
        role = CharField(max_length=32)
        centre = ForeignKeyField(Centre, null=True, on_delete='RESTRICT')
        office = ForeignKeyField(Office, null=True, on_delete='RESTRICT')
        active = BooleanField(default=True)
        session_version = IntegerField(default=1)
        must_change_password = BooleanField(default=False)
        created_at = DateTimeField(default=datetime.datetime.now)
        last_login_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'user'
    db.create_tables([User])

    class AccountEvent(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        actor = ForeignKeyField(User, null=True, on_delete='SET NULL')
        at = DateTimeField(default=datetime.datetime.now)
        kind = CharField(max_length=32)
        old_value = CharField(default='')
        new_value = CharField(default='')
        class Meta:
            database = db
            table_name = 'account_event'
    db.create_tables([AccountEvent])

    class BusinessLine(Model):
        code = CharField(unique=True, max_length=32)
        sort_order = IntegerField()
        name_th = CharField()
        name_en = CharField()
        class Meta:
            database = db
            table_name = 'business_line'
    db.create_tables([BusinessLine])

    class CoopType(Model):
        code = CharField(unique=True, max_length=32)
        name_th = CharField()
        name_en = CharField()
        sector = CharField(max_length=32)
        sector_th = CharField()
        class Meta:
            database = db
            table_name = 'coop_type'
    db.create_tables([CoopType])

    class Cooperative(Model):
        name = CharField()
        registration_no = CharField(unique=True, max_length=64)
        coop_type = ForeignKeyField(CoopType, on_delete='RESTRICT')
        office = ForeignKeyField(Office, on_delete='RESTRICT')
        board_size = IntegerField(null=True)
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'cooperative'
            indexes = ((('office', 'name'), False),)
    db.create_tables([Cooperative])

    class Course(Model):
        fiscal_year = IntegerField()
        number = IntegerField()
        name_th = CharField()
        name_en = CharField()
        days = IntegerField()
        people_per_cooperative = IntegerField()
        cooperatives_per_province = IntegerField(default=2)
        class Meta:
            database = db
            table_name = 'course'
            indexes = ((('fiscal_year', 'number'), True),)
    db.create_tables([Course])

    class CourseStep(Model):
        course = ForeignKeyField(Course, on_delete='CASCADE')
        step_no = IntegerField()
        name_th = CharField()
        name_en = CharField()
        starts = DateField(null=True)
        ends = DateField(null=True)
        class Meta:
            database = db
            table_name = 'course_step'
            indexes = ((('course', 'step_no'), True),)
    db.create_tables([CourseStep])

    class YearlyRecord(Model):
        cooperative = ForeignKeyField(Cooperative, on_delete='CASCADE')
        accounting_year = IntegerField()
        closing_date = DateField()
        members = IntegerField()
        active_members = IntegerField()
        accumulated_profit_loss = DecimalField(max_digits=16, decimal_places=2)
        profit_this_year = DecimalField(max_digits=16, decimal_places=2)
        strength_level = IntegerField(null=True)
        source = CharField(max_length=32, default='entered')
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'yearly_record'
            indexes = ((('cooperative', 'accounting_year'), True),)
    db.create_tables([YearlyRecord])

    class YearlyRecordLine(Model):
        record = ForeignKeyField(YearlyRecord, on_delete='CASCADE')
        business_line = ForeignKeyField(BusinessLine, on_delete='RESTRICT')
        active_members = IntegerField()
        class Meta:
            database = db
            table_name = 'yearly_record_line'
            indexes = ((('record', 'business_line'), True),)
    db.create_tables([YearlyRecordLine])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('yearly_record_line'))
    migrator.migrate(migrator.drop_table('yearly_record'))
    migrator.migrate(migrator.drop_table('course_step'))
    migrator.migrate(migrator.drop_table('course'))
    migrator.migrate(migrator.drop_table('cooperative'))
    migrator.migrate(migrator.drop_table('coop_type'))
    migrator.migrate(migrator.drop_table('business_line'))
    migrator.migrate(migrator.drop_table('account_event'))
    migrator.migrate(migrator.drop_table('user'))
    migrator.migrate(migrator.drop_table('office'))
    migrator.migrate(migrator.drop_table('province'))
    migrator.migrate(migrator.drop_table('centre'))
