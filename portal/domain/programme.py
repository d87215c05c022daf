"""The seed's fiscal year 2566: its two courses with their step windows, the selection deadline
and the planning workshop. The bureau's year setup starts from these (and copies a year into the
next); the demo year is built from them. No Flask, no database.
"""
from __future__ import annotations

from datetime import date, timedelta

__all__ = ["SEED_FISCAL_YEAR", "SELECTION_DEADLINE", "SELECTION_DATE", "WORKSHOP", "SEED_COURSES"]

SEED_FISCAL_YEAR = 2566
# The seed: the centre sends the list "ก่อนวันที่ 16 ธันวาคม 2565" — 15 Dec 2022 is the last day on time.
SELECTION_DEADLINE = date(2022, 12, 15)
# The selection is made as of the day after the last day on time: accounting years closed on or
# before the deadline count (portal.services.targets.selection_date says the same for any year).
SELECTION_DATE = SELECTION_DEADLINE + timedelta(days=1)
# Step 1 of course 1: the planning workshop at the bureau, 25–26 Oct 2022, 60 people.
WORKSHOP = {"starts": date(2022, 10, 25), "ends": date(2022, 10, 26), "attendees": 60,
            "place": "กรมส่งเสริมสหกรณ์ กรุงเทพมหานคร"}

# Per-year course data (FY 2567 may differ): from the seed, digested in DOMAIN.md.
# Each: number, names, days, people per cooperative, cooperatives per province, and the steps
# (step_no, name_th, name_en, starts, ends).
SEED_COURSES = (
    {
        "number": 1,
        "name_th": "พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ",
        "name_en": "Strong whole board: developing cooperative boards",
        "days": 2, "people_per_cooperative": 20, "cooperatives_per_province": 2,
        "steps": (
            (1, "จัดโครงการประชุมเชิงปฏิบัติการเพื่อปรับปรุงรายละเอียด การจัดทำแผนปฏิบัติงานฯ 2566",
             "Planning workshop at the bureau", date(2022, 10, 25), date(2022, 10, 26)),
            # "ภายในเดือนธันวาคม 2565"; the target list is due before 16 Dec, so the step ends on the 15th.
            (2, "ประชุมชี้แจงกับสำนักงานสหกรณ์จังหวัดในเขตพื้นที่ และคัดเลือกสหกรณ์เป้าหมาย",
             "Briefing with provincial offices and selection of target cooperatives",
             date(2022, 11, 1), SELECTION_DEADLINE),
            (3, "ศึกษาวิเคราะห์สหกรณ์เป้าหมาย", "Analysis of each target cooperative",
             date(2022, 12, 1), date(2022, 12, 31)),
            (4, "ดำเนินการจัดฝึกอบรม", "Two-day training", date(2022, 12, 1), date(2023, 5, 31)),
            (5, "ติดตามและประเมินผล", "Follow-up and evaluation", date(2023, 3, 1), date(2023, 7, 31)),
        ),
    },
    {
        "number": 2,
        "name_th": "พัฒนาสมาชิกสร้างการมีส่วนร่วมในการสร้างความเข้มแข็งของสหกรณ์",
        "name_en": "Developing members: participation in strengthening the cooperative",
        "days": 1, "people_per_cooperative": 28, "cooperatives_per_province": 2,
        "steps": (
            (1, "สหกรณ์เป้าหมายโครงการ", "Target cooperatives (the same as course 1)",
             date(2023, 4, 1), date(2023, 4, 30)),
            (2, "ดำเนินการจัดฝึกอบรม", "Training of group leaders and leading members",
             date(2023, 5, 1), date(2023, 7, 31)),
            (3, "ติดตามและประเมินผล", "Follow-up and evaluation", date(2023, 6, 1), date(2023, 8, 31)),
        ),
    },
)


