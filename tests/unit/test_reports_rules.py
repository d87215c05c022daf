"""Reports: who may move a report, the states it passes, the memorandum's defaults, and what each document
holds (numbers from the results services, names only at home)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.documents import Document, TableBlock
from portal.models import Attendance, BudgetLine, Cohort, Suggestion
from portal.models.reports import Report, ReportEvent
from portal.services import report_documents as docs
from portal.services import reports as svc


def _closed(w):
    Cohort.update(status="closed").where(Cohort.id == w.cohort.id).execute()
    for day in (dt.date(2023, 1, 10), dt.date(2023, 1, 11)):
        Attendance.create(trainee=w.trainee, day=day, present=True)
    BudgetLine.create(cohort=w.cohort, category="speaker_fees", planned=Decimal("3600"), spent=Decimal("3600"))


def _tables(doc: Document) -> dict[str, list]:
    return {b.table.title: b.table for b in doc.blocks if isinstance(b, TableBlock)}


def _all_text(doc: Document) -> str:
    parts = [doc.title, *doc.subtitles, doc.as_of]
    for b in doc.blocks:
        if isinstance(b, TableBlock):
            parts += [str(v) for row in b.table.rows for v in row]
            parts += [c.header for c in b.table.columns]
        else:
            parts.append(str(getattr(b, "text", "")))
    return "\n".join(parts)


def test_states_and_permissions(world):
    staff, director = world.users["centre_staff"], world.users["centre_director"]
    report = svc.create_report(world.centre, svc.NewReport("quarterly", 2566, quarter=1), staff)
    assert report.state == "draft" and report.memo_date == dt.date(2023, 3, 15)
    with pytest.raises(svc.ReportError):
        svc.approve(report, staff)
    with pytest.raises(svc.ReportError):
        svc.approve(report, world.other_users["centre_director"])
    with pytest.raises(svc.ReportError):
        svc.mark_sent(report, staff)  # not approved yet
    svc.approve(report, director, "ดี")
    with pytest.raises(svc.ReportError):
        svc.approve(report, director)  # already approved
    with pytest.raises(svc.ReportError):
        svc.mark_sent(report, world.other_users["centre_staff"])
    with pytest.raises(svc.ReportError):
        svc.send_back(report, director, "  ")
    svc.send_back(report, director, "แก้ไขตัวเลข")
    assert report.state == "draft" and report.approved_by is None
    events = list(ReportEvent.select().where(ReportEvent.report == report.id).order_by(ReportEvent.id))
    assert [(e.from_state, e.to_state, e.by_id) for e in events] == [
        ("", "draft", staff.id), ("draft", "approved", director.id), ("approved", "draft", director.id)]
    assert events[-1].note == "แก้ไขตัวเลข"


def test_edit_after_approval_returns_to_draft_and_sent_is_frozen(world):
    staff, director = world.users["centre_staff"], world.users["centre_director"]
    report = svc.create_report(world.centre, svc.NewReport("training", 2566, course=1), staff)
    svc.approve(report, director)
    memo = svc.MemoInput(agency="ศูนย์ฯ", reference="", memo_date=None, subject="เรื่อง", to="เรียน", body="ก")
    svc.update_memo(report, memo, staff)
    assert Report.get_by_id(report.id).state == "draft"
    with pytest.raises(svc.ReportError) as exc:
        svc.update_memo(report, svc.MemoInput(agency="", reference="", memo_date=None, subject="", to="", body=""),
                        staff)
    assert {m.field for m in exc.value.messages} == {"agency", "subject", "to"}
    report.state = "sent"
    with pytest.raises(svc.ReportError):
        svc.update_memo(report, memo, staff)


def test_new_report_checks(world):
    staff = world.users["centre_staff"]
    for data, field in ((svc.NewReport("weekly", 2566), "kind"), (svc.NewReport("quarterly", 2570, quarter=1), "fiscal_year"),
                        (svc.NewReport("quarterly", 2566, quarter=5), "quarter"),
                        (svc.NewReport("final", 2566, course=3), "course"),
                        (svc.NewReport("cohort", 2566, cohort_id=world.other_cohort.id), "cohort")):
        with pytest.raises(svc.ReportError) as exc:
            svc.create_report(world.centre, data, staff)
        assert exc.value.messages[0].field == field
    assert Report.select().count() == 0


def test_memorandum_defaults_and_signature(world):
    report = svc.create_report(world.centre, svc.NewReport("quarterly", 2566, quarter=2), world.users["centre_staff"])
    assert report.subject == "รายงานผลการดำเนินงานโครงการพัฒนาศักยภาพสหกรณ์ ประจำปีงบประมาณ พ.ศ. 2566 ไตรมาสที่ 2 (ม.ค.–มี.ค. 2566)"
    assert report.to == "ผู้อำนวยการสำนักพัฒนาและถ่ายทอดเทคโนโลยีการสหกรณ์"
    memo = docs.memorandum_of(report)
    assert memo.signature.position == "ผู้อำนวยการศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1"
    assert memo.signature.name == world.users["centre_director"].full_name
    assert memo.date_text == "15 มีนาคม 2566"
    assert memo.body and memo.body[-1] == "จึงเรียนมาเพื่อโปรดทราบ"


def test_quarterly_report_is_cumulative_to_the_quarter_end(world):
    _closed(world)
    Suggestion.create(fiscal_year=2566, centre=world.centre, source="staff", text="ควรอบรมช่วงบ่าย",
                      created_at=dt.datetime(2023, 2, 1, 10))
    q1 = docs.quarterly_document(world.centre, 2566, 1, problems="ฝนตกหนัก\nถนนขาด", help_needed="รถตู้")
    assert q1.as_of == "ข้อมูล ณ วันที่ 31 ธันวาคม 2565"
    assert "ไตรมาสที่ 1 (ต.ค.–ธ.ค. 2565)" in q1.title
    summary = _tables(q1)["สรุปผลการฝึกอบรม หลักสูตรที่ 1"]
    assert summary.rows[1][1] == 0  # the January cohort is not in the October–December report
    assert "ควรอบรมช่วงบ่าย" not in _all_text(q1)  # written in February
    text = _all_text(q1)
    assert "ฝนตกหนัก" in text and "ถนนขาด" in text and "รถตู้" in text
    q2 = docs.quarterly_document(world.centre, 2566, 2)
    tables = _tables(q2)
    summary = tables["สรุปผลการฝึกอบรม หลักสูตรที่ 1"]
    assert [r[1] for r in summary.rows[:4]] == [1, 1, 1, 0]  # cohorts, people, women, men
    budget = tables["งบประมาณตามหมวดค่าใช้จ่าย หลักสูตรที่ 1"]
    assert budget.rows[1][0] == "สมนาคุณวิทยากร" and budget.rows[1][2] == Decimal("3600")
    assert budget.totals()[2] == Decimal("3600")
    assert "ควรอบรมช่วงบ่าย" in _all_text(q2)
    assert any("ตัวชี้วัด" in t for t in tables)  # the KPI scorecard


def test_names_only_in_the_centres_own_cohort_report(world):
    _closed(world)
    cohort_doc = docs.cohort_document(Cohort.get_by_id(world.cohort.id))
    assert "นางสมใจ ทดสอบ" in _all_text(cohort_doc)
    for doc in (docs.training_document(world.centre, 2566, 1), docs.quarterly_document(world.centre, 2566, 2),
                docs.final_document(world.centre, 2566, 1), docs.national_document(2566)):
        text = _all_text(doc)
        assert "สมใจ" not in text and "สมชาย" not in text


def test_final_report_has_participation_and_national_has_every_centre(world):
    _closed(world)
    final = docs.final_document(world.centre, 2566, 1)
    assert "ร้อยละ 65" in _all_text(final)
    national = docs.national_document(2566)
    per_centre = _tables(national)["หลักสูตรที่ 1 พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ"]
    row = next(r for r in per_centre.rows if r[0] == "ศูนย์ฯ ที่ 1")
    assert row[1:5] == [1, 1, 1, 0]
    with pytest.raises(docs.DocumentError):
        docs.national_document(2570)
    with pytest.raises(docs.DocumentError):
        docs.training_document(world.centre, 2566, 3)
