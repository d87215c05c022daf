"""peewee models, one module per part of the domain.

ALL_MODELS lists every table in dependency order; a test checks the migrated
schema matches them (write a migration with `flask --app wsgi db generate NAME`).
"""
from portal.models import accounts, instruments, organisation
from portal.models.accounts import ROLES, AccountEvent, User
from portal.models.instruments import Instrument, InstrumentVersion
from portal.models.organisation import (
    BusinessLine,
    Centre,
    Cooperative,
    CoopType,
    Course,
    CourseStep,
    Office,
    Province,
    YearlyRecord,
    YearlyRecordLine,
)

ALL_MODELS = [*organisation.MODELS, *accounts.MODELS, *instruments.MODELS]
