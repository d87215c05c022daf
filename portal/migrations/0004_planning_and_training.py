# Generated from a schema diff on 2026-11-26 13:38.
from peewee import *
import datetime

def up(migrator, db):
    class BusinessLine(Model):
        class Meta:
            database = db
            table_name = 'business_line'

    class Centre(Model):
        class Meta:
            database = db
            table_name = 'centre'

    class Cooperative(Model):
        class Meta:
            database = db
            table_name = 'cooperative'

    class Course(Model):
        class Meta:
            database = db
            table_name = 'course'

    class Office(Model):
        class Meta:
            database = db
            table_name = 'office'

    class Province(Model):
        class Meta:
            database = db
            table_name = 'province'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class YearlyRecord(Model):
        class Meta:
            database = db
            table_name = 'yearly_record'

    class Cohort(Model):
        course = ForeignKeyField(Course, on_delete='RESTRICT')
        centre = ForeignKeyField(Centre, on_delete='RESTRICT')
        number = IntegerField()
        starts = DateField()
        ends = DateField()
        day_starts = TimeField(null=True)
        day_ends = TimeField(null=True)
        place = CharField()
        venue_kind = CharField(max_length=16)
        status = CharField(max_length=16, default='planned')
        notes = TextField(default='')
        token = CharField(max_length=64, unique=True)
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'cohort'
            indexes = ((('course', 'centre', 'number'), True),)
    db.create_tables([Cohort])

    class AgendaSession(Model):
        cohort = ForeignKeyField(Cohort, on_delete='CASCADE')
        day = DateField()
        starts = TimeField()
        ends = TimeField()
        topic = CharField(max_length=32, default='')
        title_th = TextField()
        title_en = TextField(default='')
        speaker_name = CharField(default='')
        speaker_kind = CharField(max_length=32, default='')
        sort_order = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'agenda_session'
    db.create_tables([AgendaSession])

    class ProgrammeYear(Model):
        fiscal_year = IntegerField(unique=True)
        selection_deadline = DateField(null=True)
        default_quota = IntegerField(default=2)
        workshop_starts = DateField(null=True)
        workshop_ends = DateField(null=True)
        workshop_place = CharField(default='')
        workshop_attendees = IntegerField(null=True)
        workshop_notes = TextField(default='')
        workshop_recorded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        workshop_recorded_at = DateTimeField(null=True)
        created_at = DateTimeField(default=datetime.datetime.now)
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'programme_year'
    db.create_tables([ProgrammeYear])

    class CooperativeAnalysis(Model):
        year = ForeignKeyField(ProgrammeYear, on_delete='RESTRICT')
        cooperative = ForeignKeyField(Cooperative, on_delete='RESTRICT')
        annual_report = TextField(default='')
        trial_balance = TextField(default='')
        strength_notes = TextField(default='')
        auditor_observations = TextField(default='')
        board_notes = TextField(default='')
        staff_notes = TextField(default='')
        member_notes = TextField(default='')
        plan_horizon = CharField(max_length=8, default='')
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        updated_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'cooperative_analysis'
            indexes = ((('year', 'cooperative'), True),)
    db.create_tables([CooperativeAnalysis])

    class AnalysisFile(Model):
        analysis = ForeignKeyField(CooperativeAnalysis, on_delete='CASCADE')
        kind = CharField(max_length=32, default='other')
        original_name = CharField()
        stored_name = CharField(unique=True, max_length=128)
        content_type = CharField(max_length=128, default='application/octet-stream')
        size = IntegerField()
        uploaded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        uploaded_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'analysis_file'
    db.create_tables([AnalysisFile])

    class AnalysisLossLine(Model):
        analysis = ForeignKeyField(CooperativeAnalysis, on_delete='CASCADE')
        business_line = ForeignKeyField(BusinessLine, on_delete='RESTRICT')
        loss = DecimalField(max_digits=16, decimal_places=2)
        causes = TextField(default='')
        remedies = TextField(default='')
        class Meta:
            database = db
            table_name = 'analysis_loss_line'
            indexes = ((('analysis', 'business_line'), True),)
    db.create_tables([AnalysisLossLine])

    class AnalysisProblem(Model):
        analysis = ForeignKeyField(CooperativeAnalysis, on_delete='CASCADE')
        sort_order = IntegerField(default=0)
        text = TextField()
        class Meta:
            database = db
            table_name = 'analysis_problem'
    db.create_tables([AnalysisProblem])

    class Trainee(Model):
        cohort = ForeignKeyField(Cohort, on_delete='CASCADE')
        cooperative = ForeignKeyField(Cooperative, on_delete='RESTRICT')
        prefix = CharField(max_length=64)
        first_name = CharField()
        last_name = CharField()
        gender = CharField(max_length=8)
        role = CharField(max_length=16)
        position = CharField(default='')
        member_group = CharField(default='')
        age_band = CharField(max_length=8, default='')
        food_needs = CharField(default='')
        token = CharField(unique=True, max_length=64)
        source = CharField(max_length=16, default='entered')
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'trainee'
            indexes = ((('cohort', 'first_name', 'last_name'), False),)
    db.create_tables([Trainee])

    class Attendance(Model):
        trainee = ForeignKeyField(Trainee, on_delete='CASCADE')
        day = DateField()
        present = BooleanField()
        recorded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        recorded_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'attendance'
            indexes = ((('trainee', 'day'), True),)
    db.create_tables([Attendance])

    class BudgetLine(Model):
        cohort = ForeignKeyField(Cohort, on_delete='CASCADE')
        category = CharField(max_length=16)
        planned = DecimalField(max_digits=14, decimal_places=2, default=0)
        spent = DecimalField(null=True, max_digits=14, decimal_places=2)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'budget_line'
            indexes = ((('cohort', 'category'), True),)
    db.create_tables([BudgetLine])

    class CentreBudget(Model):
        year = ForeignKeyField(ProgrammeYear, on_delete='CASCADE')
        centre = ForeignKeyField(Centre, on_delete='RESTRICT')
        course = ForeignKeyField(Course, on_delete='RESTRICT')
        amount = DecimalField(max_digits=14, decimal_places=2)
        class Meta:
            database = db
            table_name = 'centre_budget'
            indexes = ((('year', 'centre', 'course'), True),)
    db.create_tables([CentreBudget])

    class TargetList(Model):
        year = ForeignKeyField(ProgrammeYear, on_delete='RESTRICT')
        office = ForeignKeyField(Office, on_delete='RESTRICT')
        submitted_at = DateTimeField(null=True)
        submitted_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'target_list'
            indexes = ((('year', 'office'), True),)
    db.create_tables([TargetList])

    class TargetProposal(Model):
        target_list = ForeignKeyField(TargetList, on_delete='CASCADE')
        cooperative = ForeignKeyField(Cooperative, on_delete='RESTRICT')
        yearly_record = ForeignKeyField(YearlyRecord, null=True, on_delete='RESTRICT')
        clauses = CharField(default='')
        reason = TextField()
        justification = TextField(default='')
        status = CharField(max_length=16, default='active')
        proposed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        proposed_at = DateTimeField(default=datetime.datetime.now)
        withdrawn_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        withdrawn_at = DateTimeField(null=True)
        withdrawal_reason = TextField(default='')
        board_meeting_no = CharField(max_length=32, default='')
        board_meeting_on = DateField(null=True)
        board_informed_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        board_informed_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'target_proposal'
    db.create_tables([TargetProposal])

    class ChangeRequest(Model):
        target_list = ForeignKeyField(TargetList, on_delete='CASCADE')
        kind = CharField(max_length=16)
        proposal = ForeignKeyField(TargetProposal, on_delete='RESTRICT')
        new_cooperative = ForeignKeyField(Cooperative, null=True, on_delete='RESTRICT')
        new_reason = TextField(default='')
        new_justification = TextField(default='')
        reason = TextField()
        requested_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        requested_at = DateTimeField(default=datetime.datetime.now)
        status = CharField(max_length=16, default='pending')
        decided_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        decided_at = DateTimeField(null=True)
        decision_reason = TextField(default='')
        new_proposal = ForeignKeyField(TargetProposal, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'change_request'
    db.create_tables([ChangeRequest])

    class CohortCooperative(Model):
        cohort = ForeignKeyField(Cohort, on_delete='CASCADE')
        cooperative = ForeignKeyField(Cooperative, on_delete='RESTRICT')
        class Meta:
            database = db
            table_name = 'cohort_cooperative'
            indexes = ((('cohort', 'cooperative'), True),)
    db.create_tables([CohortCooperative])

    class CohortEvent(Model):
        cohort = ForeignKeyField(Cohort, on_delete='CASCADE')
        from_status = CharField(max_length=16, default='')
        to_status = CharField(max_length=16)
        note = TextField(default='')
        by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'cohort_event'
    db.create_tables([CohortEvent])

    class Kpi(Model):
        year = ForeignKeyField(ProgrammeYear, on_delete='CASCADE')
        code = CharField(max_length=32)
        sort_order = IntegerField(default=0)
        name_th = TextField()
        name_en = TextField()
        unit = CharField(max_length=16)
        course = IntegerField(null=True)
        default_target = DecimalField(max_digits=12, decimal_places=2)
        class Meta:
            database = db
            table_name = 'kpi'
            indexes = ((('year', 'code'), True),)
    db.create_tables([Kpi])

    class KpiTarget(Model):
        kpi = ForeignKeyField(Kpi, on_delete='CASCADE')
        centre = ForeignKeyField(Centre, on_delete='RESTRICT')
        province = ForeignKeyField(Province, null=True, on_delete='RESTRICT')
        target = DecimalField(max_digits=12, decimal_places=2)
        class Meta:
            database = db
            table_name = 'kpi_target'
            indexes = ((('kpi', 'centre', 'province'), True),)
    db.create_tables([KpiTarget])

    class ProvinceMeeting(Model):
        year = ForeignKeyField(ProgrammeYear, on_delete='RESTRICT')
        centre = ForeignKeyField(Centre, on_delete='RESTRICT')
        office = ForeignKeyField(Office, on_delete='RESTRICT')
        held_on = DateField()
        starts = TimeField(null=True)
        ends = TimeField(null=True)
        place = CharField()
        notes = TextField(default='')
        recorded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        recorded_at = DateTimeField(default=datetime.datetime.now)
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'province_meeting'
    db.create_tables([ProvinceMeeting])

    class MeetingAttendee(Model):
        meeting = ForeignKeyField(ProvinceMeeting, on_delete='CASCADE')
        sort_order = IntegerField(default=0)
        prefix = CharField(max_length=64, default='')
        full_name = CharField()
        position = CharField(default='')
        organisation = CharField(default='')
        role = CharField(max_length=16)
        class Meta:
            database = db
            table_name = 'meeting_attendee'
    db.create_tables([MeetingAttendee])

    class MeetingKpi(Model):
        meeting = ForeignKeyField(ProvinceMeeting, on_delete='CASCADE')
        kpi = ForeignKeyField(Kpi, on_delete='RESTRICT')
        target = DecimalField(max_digits=12, decimal_places=2)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'meeting_kpi'
            indexes = ((('meeting', 'kpi'), True),)
    db.create_tables([MeetingKpi])

    class OfficeQuota(Model):
        year = ForeignKeyField(ProgrammeYear, on_delete='CASCADE')
        office = ForeignKeyField(Office, on_delete='RESTRICT')
        quota = IntegerField()
        class Meta:
            database = db
            table_name = 'office_quota'
            indexes = ((('year', 'office'), True),)
    db.create_tables([OfficeQuota])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('office_quota'))
    migrator.migrate(migrator.drop_table('meeting_kpi'))
    migrator.migrate(migrator.drop_table('meeting_attendee'))
    migrator.migrate(migrator.drop_table('province_meeting'))
    migrator.migrate(migrator.drop_table('kpi_target'))
    migrator.migrate(migrator.drop_table('kpi'))
    migrator.migrate(migrator.drop_table('cohort_event'))
    migrator.migrate(migrator.drop_table('cohort_cooperative'))
    migrator.migrate(migrator.drop_table('change_request'))
    migrator.migrate(migrator.drop_table('target_proposal'))
    migrator.migrate(migrator.drop_table('target_list'))
    migrator.migrate(migrator.drop_table('centre_budget'))
    migrator.migrate(migrator.drop_table('budget_line'))
    migrator.migrate(migrator.drop_table('attendance'))
    migrator.migrate(migrator.drop_table('trainee'))
    migrator.migrate(migrator.drop_table('analysis_problem'))
    migrator.migrate(migrator.drop_table('analysis_loss_line'))
    migrator.migrate(migrator.drop_table('analysis_file'))
    migrator.migrate(migrator.drop_table('cooperative_analysis'))
    migrator.migrate(migrator.drop_table('programme_year'))
    migrator.migrate(migrator.drop_table('agenda_session'))
    migrator.migrate(migrator.drop_table('cohort'))
