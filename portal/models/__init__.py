"""peewee models, one module per part of the domain.

ALL_MODELS lists every table in dependency order; a test checks the migrated
schema matches them (write a migration with `flask --app wsgi db generate NAME`).
"""
from portal.models import accounts, instruments, organisation, planning, plans, reports, responses, training
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

from portal.models.planning import (
    AnalysisFile,
    AnalysisLossLine,
    AnalysisProblem,
    CentreBudget,
    ChangeRequest,
    CooperativeAnalysis,
    Kpi,
    KpiTarget,
    MeetingAttendee,
    MeetingKpi,
    OfficeQuota,
    ProgrammeYear,
    ProvinceMeeting,
    TargetList,
    TargetProposal,
)
from portal.models.training import (
    AgendaSession,
    Attendance,
    BudgetLine,
    Cohort,
    CohortCooperative,
    CohortEvent,
    Trainee,
)

from portal.models.responses import (
    AnonymousReceipt,
    Claim,
    ClaimRelease,
    Draft,
    PrivacyNotice,
    QuestionnaireWindow,
    RespondentLink,
    Response,
    WindowEvent,
)

from portal.models.plans import (
    ActivityProgress,
    BusinessProjection,
    DevelopmentPlan,
    MonitoringVisit,
    MonthlySummary,
    ParticipationActivity,
    ParticipationGroup,
    ParticipationPlan,
    PlanActivity,
    PlanProject,
    Suggestion,
)

ALL_MODELS = [*organisation.MODELS, *accounts.MODELS, *instruments.MODELS, *planning.MODELS, *training.MODELS,
              *responses.MODELS, *plans.MODELS, *reports.MODELS]
