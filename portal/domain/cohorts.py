"""The vocabulary of cohorts (รุ่น): their life, venues, expense categories, speakers and trainees.

Codes are stored; labels are shown (Thai first, English second). No Flask, no database.
"""
from __future__ import annotations

__all__ = [
    "STATUSES", "STATUS_LABELS", "NEXT_STATUS", "can_move", "is_locked",
    "VENUE_KINDS", "EXPENSE_CATEGORIES", "SPEAKER_KINDS",
    "TRAINEE_ROLES", "ROLES_BY_COURSE", "POSITIONS", "AGE_BANDS", "GENDERS",
    "SessionTemplate", "AGENDA_TEMPLATES",
]

# Life of a cohort (DOMAIN.md): planned → pre-test open → in training → post-test and
# satisfaction open → training closed → follow-up → archived.
STATUSES: tuple[str, ...] = ("planned", "pretest", "training", "posttest", "closed", "followup", "archived")
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "planned": ("วางแผนแล้ว", "Planned"),
    "pretest": ("เปิดแบบทดสอบก่อนอบรม", "Pre-test open"),
    "training": ("ระหว่างการอบรม", "In training"),
    "posttest": ("เปิดแบบทดสอบหลังอบรมและแบบประเมินความพึงพอใจ", "Post-test and satisfaction open"),
    "closed": ("ปิดการอบรมแล้ว", "Training closed"),
    "followup": ("ติดตามผล", "Follow-up"),
    "archived": ("เก็บถาวร", "Archived"),
}
NEXT_STATUS: dict[str, str | None] = {s: (STATUSES[i + 1] if i + 1 < len(STATUSES) else None)
                                      for i, s in enumerate(STATUSES)}


def can_move(current: str, target: str) -> bool:
    """Staff move a cohort one step forward at a time."""
    return NEXT_STATUS.get(current) == target


def is_locked(status: str) -> bool:
    """From "closed" on, the roster, attendance and tests are locked."""
    return STATUSES.index(status) >= STATUSES.index("closed")


VENUE_KINDS: dict[str, tuple[str, str]] = {
    "government": ("สถานที่ราชการ", "Government venue"),
    "private": ("สถานที่เอกชน", "Private venue"),
}

# The seed's expense categories, in its order.
EXPENSE_CATEGORIES: dict[str, tuple[str, str]] = {
    "food": ("ค่าอาหารและอาหารว่าง", "Food and refreshments"),
    "speaker_fees": ("ค่าสมนาคุณวิทยากร", "Speakers' fees"),
    "transport": ("ค่าพาหนะ", "Transport"),
    "materials": ("ค่าวัสดุ", "Materials"),
    "venue": ("ค่าสถานที่", "Venue"),
}

SPEAKER_KINDS: dict[str, tuple[str, str]] = {
    "centre_staff": ("เจ้าหน้าที่ศูนย์ฯ", "Centre staff"),
    "provincial_office": ("สำนักงานสหกรณ์จังหวัด", "Provincial cooperative office"),
    "coop_department": ("หัวหน้าฝ่ายของสหกรณ์", "The cooperative's department heads"),
    "audit_office": ("สำนักงานตรวจบัญชีสหกรณ์จังหวัด", "Provincial audit office"),
    "other": ("อื่น ๆ", "Other"),
}

TRAINEE_ROLES: dict[str, tuple[str, str]] = {
    "board": ("กรรมการดำเนินการ", "Board member"),
    "observer": ("ผู้สังเกตการณ์", "Observer"),
    "group_leader": ("ประธานกลุ่ม", "Group leader"),
    "leading_member": ("สมาชิกชั้นนำ", "Leading member"),
}
ROLES_BY_COURSE: dict[int, tuple[str, ...]] = {1: ("board", "observer"), 2: ("group_leader", "leading_member")}

# Positions offered in the roster (free text is accepted too).
POSITIONS: tuple[tuple[str, str], ...] = (
    ("ประธานกรรมการ", "Chair"),
    ("รองประธานกรรมการ", "Vice-chair"),
    ("เลขานุการ", "Secretary"),
    ("เหรัญญิก", "Treasurer"),
    ("กรรมการ", "Board member"),
    ("ผู้จัดการ", "Manager"),
    ("ผู้ตรวจสอบกิจการ", "Internal inspector"),
    ("เจ้าหน้าที่สหกรณ์", "Cooperative staff"),
    ("ประธานกลุ่ม", "Group leader"),
    ("สมาชิก", "Member"),
)

AGE_BANDS: dict[str, tuple[str, str]] = {
    "u30": ("ต่ำกว่า 30 ปี", "Under 30"),
    "30_39": ("30–39 ปี", "30–39"),
    "40_49": ("40–49 ปี", "40–49"),
    "50_59": ("50–59 ปี", "50–59"),
    "60p": ("60 ปีขึ้นไป", "60 and over"),
}

GENDERS: dict[str, tuple[str, str]] = {"female": ("หญิง", "Women"), "male": ("ชาย", "Men")}


# --- the seed's agenda -----------------------------------------------------------------

from dataclasses import dataclass  # noqa: E402
from datetime import time  # noqa: E402


@dataclass(frozen=True)
class SessionTemplate:
    day_no: int  # 1-based day of the cohort
    starts: time
    ends: time
    topic: str
    title_th: str
    title_en: str
    speaker_kind: str


# Course 1 (the seed, step 4): day 1 four sessions, lunch 12.00–13.00; day 2 the planning workshop.
# "1.30 ชั่วโมง" in the seed is 1 h 30 min (90 minutes), not 1.3 h.
AGENDA_TEMPLATES: dict[int, tuple[SessionTemplate, ...]] = {
    1: (
        SessionTemplate(1, time(9, 0), time(10, 0), "roles",
                        "บทบาทหน้าที่ของคณะกรรมการดำเนินการสหกรณ์ตามพระราชบัญญัติสหกรณ์",
                        "Roles and duties of the board under the Cooperatives Act", "provincial_office"),
        SessionTemplate(1, time(10, 0), time(12, 0), "departments",
                        "การดำเนินงานของฝ่ายบัญชี การเงิน สินเชื่อ และการตลาดของสหกรณ์",
                        "How the accounting, finance, credit and marketing departments work", "coop_department"),
        SessionTemplate(1, time(13, 0), time(14, 30), "audit",
                        "ข้อสังเกตและข้อบกพร่องของผู้สอบบัญชี สาเหตุและแนวทางแก้ไข",
                        "The auditor's observations and defects: causes and remedies", "audit_office"),
        SessionTemplate(1, time(14, 30), time(16, 30), "analysis",
                        "การวิเคราะห์สภาพปัจจุบันและกำหนดปัญหาของสหกรณ์แบบมีส่วนร่วม",
                        "Participatory situation analysis and problem definition", "centre_staff"),
        SessionTemplate(2, time(9, 0), time(12, 0), "plan",
                        "ประชุมเชิงปฏิบัติการจัดทำแผนพัฒนาสหกรณ์ (โครงการ วัตถุประสงค์ กิจกรรม ผู้รับผิดชอบ ระยะเวลา)",
                        "Workshop: writing the cooperative's development plan (projects, objectives, activities, owners, timeframe)",
                        "centre_staff"),
        SessionTemplate(2, time(13, 0), time(16, 30), "plan_projection",
                        "จัดทำแผนปฏิบัติการและประมาณการธุรกิจ (สหกรณ์ที่ขาดทุนสะสม: แผน 3 หรือ 5 ปี)",
                        "Action plan and business projection (loss-making cooperatives: a 3- or 5-year plan)",
                        "centre_staff"),
    ),
    # Course 2 (step 2): the board and staff explain the plan; groups plan how members take part.
    2: (
        SessionTemplate(1, time(9, 0), time(10, 30), "plan_briefing",
                        "คณะกรรมการและฝ่ายจัดการชี้แจงแผนพัฒนาสหกรณ์และเป้าหมาย",
                        "The board and staff explain the development plan and its targets", "coop_department"),
        SessionTemplate(1, time(10, 30), time(12, 0), "participation",
                        "การมีส่วนร่วมของสมาชิกในการดำเนินธุรกิจกับสหกรณ์",
                        "Members taking part in the cooperative's business", "centre_staff"),
        SessionTemplate(1, time(13, 0), time(16, 30), "group_plan",
                        "ประชุมเชิงปฏิบัติการจัดทำแผนการมีส่วนร่วมระดับกลุ่ม (กิจกรรม ระยะเวลา ช่องทางสื่อสารกับสมาชิก)",
                        "Workshop: group-level participation plans (activities, timeframe, channels to reach members)",
                        "centre_staff"),
    ),
}
