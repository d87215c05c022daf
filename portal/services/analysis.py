"""The analysis of each target cooperative (course 1 step 3): queries, the one write, attached files.

Rules (loss lines, problems, accepted files) are portal.domain.meetings. Only a
target cooperative of the year (an active proposal, submitted or not) may have
an analysis written. No Flask.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import peewee as pw

from portal.db import write_transaction
from portal.domain.eligibility import BilingualMessage, is_below_threshold
from portal.domain.meetings import FILE_TYPES, file_type_of, is_loss_making
from portal.domain.thaitext import sorted_thai
from portal.models import (
    AnalysisFile,
    AnalysisLossLine,
    AnalysisProblem,
    BusinessLine,
    Cooperative,
    CooperativeAnalysis,
    Office,
    ProgrammeYear,
    Province,
    TargetProposal,
    User,
    YearlyRecord,
)

__all__ = [
    "NotATarget", "not_a_target_message", "is_target", "target_proposal", "centre_targets", "centre_overview",
    "secondary_data", "AnalysisInput", "save_analysis", "analysis_of", "store_file", "delete_file", "file_path",
]


class NotATarget(ValueError):
    """The cooperative is not a target of the year: no analysis may be written."""

    def __init__(self, message: BilingualMessage):
        self.message = message
        super().__init__(str(message))


def not_a_target_message(fiscal_year: int) -> BilingualMessage:
    return BilingualMessage(
        f"สหกรณ์นี้ไม่ใช่สหกรณ์เป้าหมายของปีงบประมาณ พ.ศ. {fiscal_year} จึงบันทึกการวิเคราะห์ไม่ได้ "
        "(วิเคราะห์ได้เฉพาะสหกรณ์ที่อยู่ในรายชื่อสหกรณ์เป้าหมายของสำนักงานสหกรณ์จังหวัด)",
        f"This cooperative is not a target of fiscal year {fiscal_year}, so no analysis can be recorded "
        "(only cooperatives on a provincial office's target list are analysed)",
    )


def target_proposal(fiscal_year: int, cooperative_id: int) -> TargetProposal | None:
    """The cooperative's active proposal of the year (submitted or not), or None."""
    return (TargetProposal.targets(fiscal_year, submitted_only=False)
            .where(TargetProposal.cooperative == cooperative_id).first())


def is_target(fiscal_year: int, cooperative_id: int) -> bool:
    return target_proposal(fiscal_year, cooperative_id) is not None


@dataclass
class TargetRow:
    proposal: TargetProposal
    cooperative: Cooperative
    office: Office
    analysis: CooperativeAnalysis | None

    @property
    def done(self) -> bool:
        return self.analysis is not None


def centre_targets(year: ProgrammeYear, centre_id: int, office_ids: frozenset[int] | None) -> list[TargetRow]:
    """The centre's target cooperatives of the year (within a scope's offices), each with its analysis,
    in Thai order of province, office and cooperative name."""
    query = (TargetProposal.targets(year.fiscal_year, submitted_only=False)
             .select_extend(Cooperative, Office, Province)
             .switch(TargetProposal).join(Cooperative)
             .join(Office).join(Province)
             .where(Province.centre == centre_id))
    if office_ids is not None:
        query = query.where(Cooperative.office.in_(sorted(office_ids) or [0]))
    proposals = list(query)
    analyses = {
        a.cooperative_id: a for a in CooperativeAnalysis.select().where(
            (CooperativeAnalysis.year == year.id)
            & CooperativeAnalysis.cooperative.in_([p.cooperative_id for p in proposals] or [0]))
    }
    rows = [TargetRow(p, p.cooperative, p.cooperative.office, analyses.get(p.cooperative_id)) for p in proposals]
    return sorted_thai(rows, key=lambda r: f"{r.office.province.name_th} {r.office.code} {r.cooperative.name}")


@dataclass
class CentreRow:
    centre: object
    targets: int
    done: int


def centre_overview(year: ProgrammeYear, centres) -> list[CentreRow]:
    """For the bureau: per centre, its targets of the year and how many are analysed."""
    ids = [c.id for c in centres]
    targets = dict(
        TargetProposal.targets(year.fiscal_year, submitted_only=False)
        .select(Province.centre, pw.fn.COUNT(TargetProposal.id))
        .switch(TargetProposal).join(Cooperative).join(Office).join(Province)
        .where(Province.centre.in_(ids or [0])).group_by(Province.centre).tuples()
    )
    done = dict(
        TargetProposal.targets(year.fiscal_year, submitted_only=False)
        .select(Province.centre, pw.fn.COUNT(CooperativeAnalysis.id))
        .switch(TargetProposal).join(Cooperative).join(Office).join(Province)
        .switch(TargetProposal)
        .join(CooperativeAnalysis, on=((CooperativeAnalysis.cooperative == TargetProposal.cooperative)
                                       & (CooperativeAnalysis.year == year.id)))
        .where(Province.centre.in_(ids or [0])).group_by(Province.centre).tuples()
    )
    return [CentreRow(c, targets.get(c.id, 0), done.get(c.id, 0)) for c in centres]


@dataclass
class RecordRow:
    record: YearlyRecord
    rate: Decimal | None
    below: bool


def secondary_data(cooperative: Cooperative) -> tuple[list[RecordRow], YearlyRecord | None, bool]:
    """The yearly records the portal holds (newest first), the latest one, and whether it shows a loss."""
    records = list(YearlyRecord.select().where(YearlyRecord.cooperative == cooperative.id)
                   .order_by(YearlyRecord.accounting_year.desc()))
    rows = [RecordRow(r, r.participation_rate, is_below_threshold(r.participation_rate)) for r in records]
    latest = records[0] if records else None
    return rows, latest, is_loss_making(latest.accumulated_profit_loss if latest else None)


TEXT_FIELDS = ("annual_report", "trial_balance", "strength_notes", "auditor_observations",
               "board_notes", "staff_notes", "member_notes")


@dataclass
class AnalysisInput:
    texts: dict[str, str]
    loss_lines: dict[int, tuple[Decimal, str, str]] | None  # None: not loss-making, lines left as they are
    plan_horizon: str | None
    problems: list[str] = field(default_factory=list)


def save_analysis(year: ProgrammeYear, cooperative: Cooperative, data: AnalysisInput, user: User,
                  now: dt.datetime) -> CooperativeAnalysis:
    """Create or update the analysis with its loss lines and problems in one transaction.

    Refuses (NotATarget) unless the cooperative is a target of the year, checked inside the transaction.
    """
    with write_transaction():
        if not is_target(year.fiscal_year, cooperative.id):
            raise NotATarget(not_a_target_message(year.fiscal_year))
        values = {name: data.texts.get(name, "") for name in TEXT_FIELDS}
        if data.plan_horizon is not None:
            values["plan_horizon"] = data.plan_horizon
        analysis = CooperativeAnalysis.get_or_none((CooperativeAnalysis.year == year.id)
                                                   & (CooperativeAnalysis.cooperative == cooperative.id))
        if analysis is None:
            analysis = CooperativeAnalysis.create(year=year.id, cooperative=cooperative.id, created_by=user.id,
                                                  created_at=now, updated_by=user.id, updated_at=now, **values)
        else:
            CooperativeAnalysis.update(updated_by=user.id, updated_at=now, **values).where(
                CooperativeAnalysis.id == analysis.id).execute()
        if data.loss_lines is not None:
            AnalysisLossLine.delete().where(AnalysisLossLine.analysis == analysis.id).execute()
            for line_id, (loss, causes, remedies) in data.loss_lines.items():
                AnalysisLossLine.create(analysis=analysis.id, business_line=line_id, loss=loss, causes=causes,
                                        remedies=remedies)
        AnalysisProblem.delete().where(AnalysisProblem.analysis == analysis.id).execute()
        for order, text in enumerate(data.problems, start=1):
            AnalysisProblem.create(analysis=analysis.id, sort_order=order, text=text)
    return CooperativeAnalysis.get_by_id(analysis.id)


@dataclass
class AnalysisView:
    analysis: CooperativeAnalysis | None
    loss_lines: list[tuple[BusinessLine, AnalysisLossLine]]
    problems: list[AnalysisProblem]
    files: list[AnalysisFile]
    created_by: User | None
    updated_by: User | None


def analysis_of(year: ProgrammeYear, cooperative: Cooperative) -> AnalysisView:
    analysis = CooperativeAnalysis.get_or_none((CooperativeAnalysis.year == year.id)
                                               & (CooperativeAnalysis.cooperative == cooperative.id))
    if analysis is None:
        return AnalysisView(None, [], [], [], None, None)
    lines = [(row.business_line, row) for row in
             AnalysisLossLine.select(AnalysisLossLine, BusinessLine).join(BusinessLine)
             .where(AnalysisLossLine.analysis == analysis.id).order_by(BusinessLine.sort_order)]
    problems = list(AnalysisProblem.select().where(AnalysisProblem.analysis == analysis.id)
                    .order_by(AnalysisProblem.sort_order, AnalysisProblem.id))
    files = list(AnalysisFile.select().where(AnalysisFile.analysis == analysis.id)
                 .order_by(AnalysisFile.uploaded_at, AnalysisFile.id))
    users = {u.id: u for u in User.select().where(User.id.in_(
        [i for i in (analysis.created_by_id, analysis.updated_by_id) if i] or [0]))}
    return AnalysisView(analysis, lines, problems, files, users.get(analysis.created_by_id),
                        users.get(analysis.updated_by_id))


# --- files ----------------------------------------------------------------------------------------


def file_path(root: Path, stored_name: str) -> Path:
    return Path(root) / stored_name


def store_file(root: Path, analysis: CooperativeAnalysis, kind: str, original_name: str, data: bytes,
               user: User, now: dt.datetime) -> AnalysisFile:
    """Write the bytes under a random name, then the row; a failed row removes the bytes again.

    The caller has checked the file (portal.domain.meetings.check_upload).
    """
    ext = file_type_of(original_name)
    content_type = FILE_TYPES[ext][0]
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{ext}"
    path = file_path(root, stored_name)
    with open(path, "xb") as fh:
        fh.write(data)
    try:
        with write_transaction():
            row = AnalysisFile.create(analysis=analysis.id, kind=kind, original_name=original_name,
                                      stored_name=stored_name, content_type=content_type, size=len(data),
                                      uploaded_by=user.id, uploaded_at=now)
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return row


def delete_file(root: Path, row: AnalysisFile) -> None:
    """The row first (so a file never shows without bytes), then the bytes."""
    with write_transaction():
        AnalysisFile.delete().where(AnalysisFile.id == row.id).execute()
    file_path(root, row.stored_name).unlink(missing_ok=True)
