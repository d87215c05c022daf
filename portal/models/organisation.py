"""The programme's world: centres, provinces, offices, cooperatives and their yearly records."""
from __future__ import annotations

from decimal import Decimal

import peewee as pw

from portal import clock
from portal.db import BaseModel
from portal.domain.eligibility import participation_rate


class Centre(BaseModel):
    """ศูนย์ถ่ายทอดเทคโนโลยีการสหกรณ์ที่ 1–20."""

    number = pw.IntegerField(unique=True)
    name_th = pw.CharField()
    name_en = pw.CharField()
    seat_province_code = pw.CharField(max_length=4)
    confirmed = pw.BooleanField(default=False)  # False: the seat is illustrative
    source = pw.TextField(default="")

    @property
    def short_th(self) -> str:
        return f"ศูนย์ฯ ที่ {self.number}"


class Province(BaseModel):
    code = pw.CharField(max_length=4, unique=True)
    name_th = pw.CharField()
    name_en = pw.CharField()
    region = pw.CharField()
    region_th = pw.CharField()
    # Illustrative, editable mapping (no public source maps centres to provinces).
    centre = pw.ForeignKeyField(Centre, backref="provinces", null=True, on_delete="RESTRICT")


class Office(BaseModel):
    """สำนักงานสหกรณ์จังหวัด, or one of Bangkok's two area offices (สสพ.1, สสพ.2)."""

    code = pw.CharField(max_length=8, unique=True)
    province = pw.ForeignKeyField(Province, backref="offices", on_delete="RESTRICT")
    kind = pw.CharField(max_length=16)  # provincial | bangkok_area
    name_th = pw.CharField()
    short_th = pw.CharField()
    name_en = pw.CharField()


class CoopType(BaseModel):
    code = pw.CharField(max_length=32, unique=True)
    name_th = pw.CharField()
    name_en = pw.CharField()
    sector = pw.CharField(max_length=32)
    sector_th = pw.CharField()


class BusinessLine(BaseModel):
    code = pw.CharField(max_length=32, unique=True)
    sort_order = pw.IntegerField()
    name_th = pw.CharField()
    name_en = pw.CharField()


class Cooperative(BaseModel):
    name = pw.CharField()  # normalised (NFC, "ำ"), "สหกรณ์ … จำกัด"
    registration_no = pw.CharField(max_length=64, unique=True)
    coop_type = pw.ForeignKeyField(CoopType, backref="cooperatives", on_delete="RESTRICT")
    office = pw.ForeignKeyField(Office, backref="cooperatives", on_delete="RESTRICT")
    board_size = pw.IntegerField(null=True)  # at most 15 by the Cooperatives Act
    created_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("office", "name"), False),)

    def latest_record(self):
        return (
            YearlyRecord.select()
            .where(YearlyRecord.cooperative == self)
            .order_by(YearlyRecord.accounting_year.desc())
            .first()
        )


class YearlyRecord(BaseModel):
    """Figures of one accounting year (ปีบัญชี, the cooperative's own year, with its closing date)."""

    cooperative = pw.ForeignKeyField(Cooperative, backref="yearly_records", on_delete="CASCADE")
    accounting_year = pw.IntegerField()  # Buddhist Era
    closing_date = pw.DateField()
    members = pw.IntegerField()
    active_members = pw.IntegerField()  # members who did business with the cooperative
    accumulated_profit_loss = pw.DecimalField(max_digits=16, decimal_places=2)  # negative: accumulated loss
    profit_this_year = pw.DecimalField(max_digits=16, decimal_places=2)
    strength_level = pw.IntegerField(null=True)  # ระดับชั้นความเข้มแข็ง 1..4
    source = pw.CharField(max_length=32, default="entered")  # entered | imported | demo
    updated_at = pw.DateTimeField(default=clock.naive_now)

    class Meta:
        indexes = ((("cooperative", "accounting_year"), True),)

    @property
    def participation_rate(self) -> Decimal | None:
        """The official rate: active members ÷ members × 100 (exact)."""
        return participation_rate(self.active_members, self.members)

    @property
    def accumulated_loss(self) -> bool:
        return self.accumulated_profit_loss is not None and self.accumulated_profit_loss < 0


class YearlyRecordLine(BaseModel):
    """Members who did business per business line in that accounting year."""

    record = pw.ForeignKeyField(YearlyRecord, backref="lines", on_delete="CASCADE")
    business_line = pw.ForeignKeyField(BusinessLine, on_delete="RESTRICT")
    active_members = pw.IntegerField()

    class Meta:
        indexes = ((("record", "business_line"), True),)


class Course(BaseModel):
    """A course as run in one fiscal year (FY 2567 may differ from 2566)."""

    fiscal_year = pw.IntegerField()  # Buddhist Era
    number = pw.IntegerField()  # 1 strong whole board, 2 member participation
    name_th = pw.CharField()
    name_en = pw.CharField()
    days = pw.IntegerField()
    people_per_cooperative = pw.IntegerField()
    cooperatives_per_province = pw.IntegerField(default=2)

    class Meta:
        indexes = ((("fiscal_year", "number"), True),)


class CourseStep(BaseModel):
    course = pw.ForeignKeyField(Course, backref="steps", on_delete="CASCADE")
    step_no = pw.IntegerField()
    name_th = pw.CharField()
    name_en = pw.CharField()
    starts = pw.DateField(null=True)
    ends = pw.DateField(null=True)

    class Meta:
        indexes = ((("course", "step_no"), True),)


MODELS = [Centre, Province, Office, CoopType, BusinessLine, Cooperative, YearlyRecord, YearlyRecordLine, Course, CourseStep]
