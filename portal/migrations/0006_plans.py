# Generated from a schema diff on 2026-11-26 15:02.
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

    class Cohort(Model):
        class Meta:
            database = db
            table_name = 'cohort'

    class Cooperative(Model):
        class Meta:
            database = db
            table_name = 'cooperative'

    class Office(Model):
        class Meta:
            database = db
            table_name = 'office'

    class Response(Model):
        class Meta:
            database = db
            table_name = 'response'

    class Trainee(Model):
        class Meta:
            database = db
            table_name = 'trainee'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class DevelopmentPlan(Model):
        cooperative = ForeignKeyField(Cooperative, on_delete='RESTRICT')
        fiscal_year = IntegerField()
        cohort = ForeignKeyField(Cohort, null=True, on_delete='SET NULL')
        title = CharField()
        horizon_years = IntegerField(default=1)
        starts = DateField()
        ends = DateField()
        adopted_meeting_no = CharField(max_length=32, default='')
        adopted_on = DateField(null=True)
        adoption_recorded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        adoption_recorded_at = DateTimeField(null=True)
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'development_plan'
            indexes = ((('cooperative', 'fiscal_year'), True),)
    db.create_tables([DevelopmentPlan])

    class PlanProject(Model):
        plan = ForeignKeyField(DevelopmentPlan, on_delete='CASCADE')
        sort_order = IntegerField(default=0)
        name = TextField()
        objective = TextField(default='')
        kpi = TextField(default='')
        target = TextField(default='')
        class Meta:
            database = db
            table_name = 'plan_project'
    db.create_tables([PlanProject])

    class PlanActivity(Model):
        project = ForeignKeyField(PlanProject, on_delete='CASCADE')
        sort_order = IntegerField(default=0)
        name = TextField()
        owner_name = CharField()
        owner_position = CharField(default='')
        starts = DateField()
        ends = DateField()
        kpi = TextField(default='')
        target = TextField(default='')
        class Meta:
            database = db
            table_name = 'plan_activity'
    db.create_tables([PlanActivity])

    class ActivityProgress(Model):
        activity = ForeignKeyField(PlanActivity, on_delete='CASCADE')
        month = DateField()
        status = CharField(max_length=16)
        percent_done = IntegerField(null=True)
        result = TextField(default='')
        obstacles = TextField(default='')
        help_needed = TextField(default='')
        source = CharField(max_length=16)
        response = ForeignKeyField(Response, null=True, on_delete='SET NULL')
        recorded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        recorded_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'activity_progress'
            indexes = ((('activity', 'month'), True),)
    db.create_tables([ActivityProgress])

    class BusinessProjection(Model):
        plan = ForeignKeyField(DevelopmentPlan, on_delete='CASCADE')
        year = IntegerField()
        business_line = ForeignKeyField(BusinessLine, on_delete='RESTRICT')
        income = DecimalField(max_digits=16, decimal_places=2)
        expenses = DecimalField(max_digits=16, decimal_places=2)
        members = IntegerField(null=True)
        class Meta:
            database = db
            table_name = 'business_projection'
            indexes = ((('plan', 'year', 'business_line'), True),)
    db.create_tables([BusinessProjection])

    class MonitoringVisit(Model):
        office = ForeignKeyField(Office, on_delete='RESTRICT')
        cooperative = ForeignKeyField(Cooperative, on_delete='RESTRICT')
        visited_on = DateField()
        visitors = TextField()
        findings = TextField(default='')
        help_given = TextField(default='')
        recorded_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        recorded_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'monitoring_visit'
    db.create_tables([MonitoringVisit])

    class MonthlySummary(Model):
        office = ForeignKeyField(Office, on_delete='RESTRICT')
        month = DateField()
        overview = TextField(default='')
        problems = TextField(default='')
        help_needed = TextField(default='')
        next_steps = TextField(default='')
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        sent_at = DateTimeField(null=True)
        sent_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'monthly_summary'
            indexes = ((('office', 'month'), True),)
    db.create_tables([MonthlySummary])

    class ParticipationPlan(Model):
        cooperative = ForeignKeyField(Cooperative, on_delete='RESTRICT')
        cohort = ForeignKeyField(Cohort, null=True, on_delete='SET NULL')
        fiscal_year = IntegerField()
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        updated_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'participation_plan'
            indexes = ((('cooperative', 'fiscal_year'), True),)
    db.create_tables([ParticipationPlan])

    class ParticipationGroup(Model):
        plan = ForeignKeyField(ParticipationPlan, on_delete='CASCADE')
        sort_order = IntegerField(default=0)
        name = CharField()
        leader = ForeignKeyField(Trainee, null=True, on_delete='SET NULL')
        members = IntegerField(null=True)
        class Meta:
            database = db
            table_name = 'participation_group'
    db.create_tables([ParticipationGroup])

    class ParticipationActivity(Model):
        group = ForeignKeyField(ParticipationGroup, on_delete='CASCADE')
        sort_order = IntegerField(default=0)
        name = TextField()
        starts = DateField()
        ends = DateField()
        channels = CharField(default='')
        target = TextField(default='')
        class Meta:
            database = db
            table_name = 'participation_activity'
    db.create_tables([ParticipationActivity])

    class Suggestion(Model):
        fiscal_year = IntegerField()
        course = IntegerField(null=True)
        centre = ForeignKeyField(Centre, on_delete='RESTRICT')
        source = CharField(max_length=16)
        text = TextField()
        cooperative = ForeignKeyField(Cooperative, null=True, on_delete='SET NULL')
        cohort = ForeignKeyField(Cohort, null=True, on_delete='SET NULL')
        response = ForeignKeyField(Response, null=True, on_delete='CASCADE')
        visit = ForeignKeyField(MonitoringVisit, null=True, on_delete='CASCADE')
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'suggestion'
    db.create_tables([Suggestion])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('suggestion'))
    migrator.migrate(migrator.drop_table('participation_activity'))
    migrator.migrate(migrator.drop_table('participation_group'))
    migrator.migrate(migrator.drop_table('participation_plan'))
    migrator.migrate(migrator.drop_table('monthly_summary'))
    migrator.migrate(migrator.drop_table('monitoring_visit'))
    migrator.migrate(migrator.drop_table('business_projection'))
    migrator.migrate(migrator.drop_table('activity_progress'))
    migrator.migrate(migrator.drop_table('plan_activity'))
    migrator.migrate(migrator.drop_table('plan_project'))
    migrator.migrate(migrator.drop_table('development_plan'))
