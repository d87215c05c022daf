"""Shared test helpers: the World of two centres, and signing in (imported as `support`)."""
from __future__ import annotations

import datetime as dt


# -- people and places for view tests ---------------------------------------------

PASSWORD = "correct-horse-1"


class World:
    """Two centres' worth of data: everything of "own" (centre 1) and "other" (centre 2).

    Users of every role belong to the own side: the own centre, or the first
    office of the own centre's provinces.
    """

    def __init__(self):
        from werkzeug.security import generate_password_hash

        from portal.models import Centre, Cooperative, CoopType, Office, Province, YearlyRecord
        from portal.services.accounts import create_user

        self.password = PASSWORD
        hashed = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        self.centre = Centre.get(Centre.number == 1)
        self.other_centre = Centre.get(Centre.number == 2)
        self.province = Province.select().where(Province.centre == self.centre, Province.code != "10").order_by(Province.code).first()
        self.other_province = Province.select().where(Province.centre == self.other_centre).order_by(Province.code).first()
        self.office = Office.get(Office.province == self.province)
        self.other_office = Office.select().where(Office.province == self.other_province).first()
        agri = CoopType.get(CoopType.code == "agricultural")
        self.coop = Cooperative.create(name="สหกรณ์การเกษตรบ้านทดสอบ จำกัด", registration_no="TEST-001",
                                       coop_type=agri, office=self.office, board_size=15)
        self.other_coop = Cooperative.create(name="สหกรณ์การเกษตรอีกแห่ง จำกัด", registration_no="TEST-002",
                                             coop_type=agri, office=self.other_office, board_size=12)
        for coop, members, active, loss in ((self.coop, 1000, 640, -250000), (self.other_coop, 500, 400, 10000)):
            YearlyRecord.create(cooperative=coop, accounting_year=2565, closing_date=dt.date(2022, 3, 31),
                                members=members, active_members=active, accumulated_profit_loss=loss,
                                profit_this_year=-1000, strength_level=2)
        self.users = {}
        for role in ("bureau_admin", "bureau_exec", "centre_director", "centre_staff", "provincial_officer", "provincial_head"):
            self.users[role] = create_user(
                username=role.replace("_", ""), password_hash=hashed, first_name=role, last_name="ทดสอบ",
                role=role, centre_id=self.centre.id, office_id=self.office.id,
            )
        self.other_users = {
            role: create_user(username="other" + role.replace("_", ""), password_hash=hashed,
                              first_name="other", last_name="ทดสอบ", role=role,
                              centre_id=self.other_centre.id, office_id=self.other_office.id)
            for role in ("centre_director", "centre_staff", "provincial_officer")
        }
        self._programme()

    def _programme(self):
        """FY 2566 set up, each side's coop a submitted target with a planned course-1 cohort of one trainee."""
        from portal.models import (
            Cohort, CohortCooperative, Course, ProgrammeYear, TargetList, TargetProposal, Trainee, YearlyRecord,
        )

        self.year = ProgrammeYear.create(fiscal_year=2566, selection_deadline=dt.date(2022, 12, 15), default_quota=2)
        self.course1 = Course.create(fiscal_year=2566, number=1, name_th="พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ",
                                     name_en="Strong whole board", days=2, people_per_cooperative=20)
        self.course2 = Course.create(fiscal_year=2566, number=2, name_th="พัฒนาสมาชิกสร้างการมีส่วนร่วม",
                                     name_en="Member participation", days=1, people_per_cooperative=28)
        submitted = dt.datetime(2022, 12, 10, 10, 0)
        self.target_list = TargetList.create(year=self.year, office=self.office, submitted_at=submitted,
                                             submitted_by=self.users["centre_director"])
        self.other_target_list = TargetList.create(year=self.year, office=self.other_office, submitted_at=submitted,
                                                   submitted_by=self.other_users["centre_director"])
        self.proposal = TargetProposal.create(
            target_list=self.target_list, cooperative=self.coop, clauses="accumulated_loss",
            yearly_record=YearlyRecord.get(YearlyRecord.cooperative == self.coop), reason="ขาดทุนสะสม",
            proposed_by=self.users["provincial_officer"])
        self.other_proposal = TargetProposal.create(
            target_list=self.other_target_list, cooperative=self.other_coop, clauses="",
            justification="สหกรณ์ขอเข้าร่วมเอง", reason="สมาชิกมีส่วนร่วมน้อย",
            yearly_record=YearlyRecord.get(YearlyRecord.cooperative == self.other_coop),
            proposed_by=self.other_users["provincial_officer"])
        self.cohort = Cohort.create(course=self.course1, centre=self.centre, number=1, starts=dt.date(2023, 1, 10),
                                    ends=dt.date(2023, 1, 11), place="ห้องประชุมสหกรณ์", venue_kind="government",
                                    created_by=self.users["centre_staff"])
        self.other_cohort = Cohort.create(course=self.course1, centre=self.other_centre, number=1,
                                          starts=dt.date(2023, 1, 17), ends=dt.date(2023, 1, 18),
                                          place="โรงแรมตัวอย่าง", venue_kind="private",
                                          created_by=self.other_users["centre_staff"])
        CohortCooperative.create(cohort=self.cohort, cooperative=self.coop)
        CohortCooperative.create(cohort=self.other_cohort, cooperative=self.other_coop)
        self.trainee = Trainee.create(cohort=self.cohort, cooperative=self.coop, prefix="นาง", first_name="สมใจ",
                                      last_name="ทดสอบ", gender="female", role="board", position="ประธานกรรมการ",
                                      token="own-trainee-token-000000000000000000000001")
        self.other_trainee = Trainee.create(cohort=self.other_cohort, cooperative=self.other_coop, prefix="นาย",
                                            first_name="สมชาย", last_name="อีกคน", gender="male", role="board",
                                            position="กรรมการ", token="other-trainee-token-0000000000000000000002")


def login(client, user_or_name, password=PASSWORD):
    username = user_or_name if isinstance(user_or_name, str) else user_or_name.username
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return client
