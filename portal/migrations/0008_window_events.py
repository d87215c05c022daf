# Generated from a schema diff on 2026-11-26 17:53.
from peewee import *

# window_event.at has its default (the portal clock) in Python, as every timestamp does.

def up(migrator, db):
    class QuestionnaireWindow(Model):
        class Meta:
            database = db
            table_name = 'questionnaire_window'

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class WindowEvent(Model):
        window = ForeignKeyField(QuestionnaireWindow, on_delete='CASCADE')
        action = CharField(max_length=8)
        at = DateTimeField()
        by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        class Meta:
            database = db
            table_name = 'window_event'
    db.create_tables([WindowEvent])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('window_event'))
