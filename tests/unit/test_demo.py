"""The demo year generator: what it builds, that it follows the rules, and that re-running changes nothing."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from werkzeug.security import check_password_hash, generate_password_hash

from portal import reference
from portal.domain.eligibility import candidate_clauses, record_for_selection
from portal.models import Cooperative, Course, CourseStep, Office, User, YearlyRecord, YearlyRecordLine
from portal.services.accounts import validate_scope
from portal.domain.programme import SELECTION_DATE
from portal.services.demo import SMALL_CENTRES, build_demo, describe_accounts, plan_demo

pytestmark = pytest.mark.db

TODAY = dt.date(2023, 3, 15)
HASH = generate_password_hash("demo-pass", method="pbkdf2:sha256:1000")


@pytest.fixture
def small(app):
    return build_demo("small", 2566, password_hash=HASH, today=TODAY)


def _small_office_codes() -> set[str]:
    return {o.code for n in SMALL_CENTRES for p in reference.provinces_of_centre(n)
            for o in reference.offices_of_province(p.code)}


def _snapshot(db) -> dict[str, list]:
    """Every row of every table, in a stable order."""
    out = {}
    for table in sorted(db.get_tables()):
        rows = db.execute_sql(f'SELECT * FROM "{table}"').fetchall()
        out[table] = sorted((tuple(r) for r in rows), key=repr)
    return out


def _selection_records():
    by_coop: dict[int, list[YearlyRecord]] = {}
    for r in YearlyRecord.select():
        by_coop.setdefault(r.cooperative_id, []).append(r)
    return {cid: record_for_selection(rows, SELECTION_DATE) for cid, rows in by_coop.items()}


def test_small_demo_builds_the_provinces_of_centres_1_and_2_with_two_accounting_years(small):
    offices = {c.office.code for c in Cooperative.select(Cooperative, Office).join(Office)}
    assert offices == _small_office_codes()
    assert {"10-1", "10-2"} <= offices  # Bangkok's cooperatives split between its area offices
    coops = list(Cooperative.select())
    assert len(coops) == small.counts["cooperatives"] == 4 * len(offices)
    for coop in coops:
        assert coop.name.startswith("สหกรณ์") and coop.name.endswith(" จำกัด")
        assert 7 <= coop.board_size <= 15
        years = sorted(r.accounting_year for r in coop.yearly_records)
        assert years == [2564, 2565]
        for r in coop.yearly_records:
            assert r.closing_date.year == r.accounting_year - 543
            assert r.source == "demo"
    closings = {(r.closing_date.month, r.closing_date.day) for r in YearlyRecord.select()}
    assert len(closings) >= 3 and closings <= {(3, 31), (6, 30), (9, 30), (12, 31)}
    types = Counter(c.coop_type.code for c in coops)
    assert len(types) >= 4 and types.most_common(2)[0][0] in {"agricultural", "thrift_credit"}


def test_courses_of_fy_2566_are_per_year_data(small):
    c1 = Course.get((Course.fiscal_year == 2566) & (Course.number == 1))
    c2 = Course.get((Course.fiscal_year == 2566) & (Course.number == 2))
    assert (c1.name_th, c1.days, c1.people_per_cooperative, c1.cooperatives_per_province) == (
        "พัฒนากรรมการสหกรณ์เข้มแข็งทั้งคณะ", 2, 20, 2)
    assert c2.people_per_cooperative == 28 and c2.name_en
    steps1 = {s.step_no: s for s in c1.steps}
    assert sorted(steps1) == [1, 2, 3, 4, 5]
    assert (steps1[1].starts, steps1[1].ends) == (dt.date(2022, 10, 25), dt.date(2022, 10, 26))
    assert steps1[2].ends == dt.date(2022, 12, 15)  # the target list is due before 16 Dec 2022
    assert (steps1[4].starts, steps1[4].ends) == (dt.date(2022, 12, 1), dt.date(2023, 5, 31))
    assert (steps1[5].starts, steps1[5].ends) == (dt.date(2023, 3, 1), dt.date(2023, 7, 31))
    steps2 = {s.step_no: (s.starts, s.ends) for s in c2.steps}
    assert steps2 == {1: (dt.date(2023, 4, 1), dt.date(2023, 4, 30)), 2: (dt.date(2023, 5, 1), dt.date(2023, 7, 31)),
                      3: (dt.date(2023, 6, 1), dt.date(2023, 8, 31))}
    assert CourseStep.select().count() == 8


def test_participation_falls_on_both_sides_of_65_including_the_exact_edges(small):
    selection = _selection_records()
    rates = [r.participation_rate for r in selection.values()]
    assert any(rate < 65 for rate in rates) and any(rate >= 65 for rate in rates)
    edges = {(r.active_members, r.members): r for r in selection.values() if r.members in (10_000, 25_000)}
    assert {(6499, 10_000), (6500, 10_000), (16_249, 25_000)} <= set(edges)
    assert candidate_clauses(edges[(6499, 10_000)]) == ["low_participation"]
    assert candidate_clauses(edges[(6500, 10_000)]) == []  # exactly 65.00 is not below
    assert candidate_clauses(edges[(16_249, 25_000)]) == ["low_participation"]  # 64.996 is below
    assert any(r.accumulated_profit_loss < 0 for r in selection.values())
    assert any(r.strength_level == s for r in selection.values() for s in (1, 2, 3, 4))


def test_business_lines_fit_the_type_and_never_exceed_members(small):
    allowed = {"thrift_credit": {"deposits", "credit"}, "consumer": {"supplies", "services"},
               "credit_union": {"deposits", "credit", "supplies"}}
    for r in YearlyRecord.select():
        assert 0 <= r.active_members <= r.members
        lines = {ln.business_line.code: ln.active_members for ln in r.lines}
        assert lines, "every record has per-line figures"
        assert all(0 <= v <= r.active_members for v in lines.values())
        type_code = r.cooperative.coop_type.code
        if type_code in allowed:
            assert set(lines) <= allowed[type_code]
        if type_code == "agricultural":
            assert {"credit", "supplies", "marketing"} <= set(lines)


def test_every_office_has_candidates_for_a_real_selection(small):
    per_office = Counter()
    for cid, record in _selection_records().items():
        if candidate_clauses(record):
            per_office[Cooperative.get_by_id(cid).office.code] += 1
    assert set(per_office) == _small_office_codes()
    assert min(per_office.values()) >= 2
    assert small.candidates_per_office == dict(per_office)


def test_full_plan_covers_all_77_provinces_with_three_candidates_per_office():
    plan = plan_demo("full", 2566)
    offices = Counter(c.office_code for c in plan.cooperatives)
    assert set(offices) == {o.code for o in reference.offices()} and len(offices) == 78
    assert all(8 <= n <= 12 for n in offices.values())
    candidates = Counter(c.office_code for c in plan.cooperatives
                         if candidate_clauses(record_for_selection(c.records, SELECTION_DATE)))
    assert min(candidates[o] for o in offices) >= 3
    regs = [c.registration_no for c in plan.cooperatives]
    assert len(set(regs)) == len(regs)
    assert plan == plan_demo("full", 2566)  # the seed alone decides
    assert plan != plan_demo("full", 2567)


def test_registration_numbers_are_unique_and_stable(small):
    regs = [c.registration_no for c in Cooperative.select()]
    assert len(regs) == len(set(regs))
    for coop in Cooperative.select(Cooperative, Office).join(Office):
        assert coop.registration_no.startswith(f"กสส.{coop.office.province.code}-")


def test_accounts_and_their_scopes(small):
    users = {u.username: u for u in User.select()}
    expected = {"admin", "exec"} | {f"director{n:02d}" for n in range(1, 21)}
    expected |= {f"staff{n:02d}{x}" for n in SMALL_CENTRES for x in "ab"}
    expected |= {f"{p}{code.replace('-', '')}" for code in _small_office_codes() for p in ("po", "pc")}
    assert set(users) == expected == set(small.usernames)
    assert {"po13", "pc13", "po101", "po102", "pc101", "pc102"} <= set(users)
    for u in users.values():
        validate_scope(u.role, u.centre_id, u.office_id)
        assert u.first_name and u.last_name and u.prefix and u.position
        assert check_password_hash(u.password_hash, "demo-pass")
    assert users["admin"].role == "bureau_admin" and users["admin"].centre_id is None
    assert users["exec"].role == "bureau_exec"
    assert users["director07"].role == "centre_director" and users["director07"].centre.number == 7
    assert users["staff02b"].role == "centre_staff" and users["staff02b"].centre.number == 2
    assert users["po101"].role == "provincial_officer" and users["po101"].office.code == "10-1"
    assert users["pc13"].role == "provincial_head" and users["pc13"].office.code == "13"
    assert users["pc13"].position == "สหกรณ์จังหวัดปทุมธานี"


def test_running_twice_changes_nothing(small, db):
    before = _snapshot(db)
    again = build_demo("small", 2566, password_hash=HASH, today=TODAY)
    assert _snapshot(db) == before
    assert not again.changed and again.counts == small.counts


def test_a_second_run_with_another_password_keeps_existing_passwords(small):
    hashes = dict(User.select(User.username, User.password_hash).tuples())
    other = generate_password_hash("another", method="pbkdf2:sha256:1000")
    build_demo("small", 2566, password_hash=other, today=TODAY)
    assert dict(User.select(User.username, User.password_hash).tuples()) == hashes


def test_records_not_yet_closed_on_today_are_left_out(app):
    summary = build_demo("small", 2566, password_hash=HASH, today=dt.date(2022, 7, 1))
    assert YearlyRecord.select().where(YearlyRecord.closing_date > dt.date(2022, 7, 1)).count() == 0
    assert summary.counts["yearly_records"] < 2 * summary.counts["cooperatives"]
    assert YearlyRecordLine.select().count() > 0


def test_describe_accounts_lists_every_role():
    text = describe_accounts(plan_demo("full", 2566).accounts)
    for name in ("admin", "exec", "director01", "director20", "staff01a", "staff20b", "po13", "pc13", "po101", "pc102"):
        assert name in text
    assert "ผู้อำนวยการศูนย์ฯ / Centre director (20)" in text
    assert "สหกรณ์จังหวัด / Provincial cooperative officer (78)" in text


def test_demo_command_builds_and_lists_the_accounts(runner, app):
    result = runner.invoke(args=["demo", "--size", "small", "--password", "pw"])
    assert result.exit_code == 0, result.output
    for name in ("admin", "exec", "director01", "staff01a", "po101", "pc102", "po13"):
        assert name in result.output
    assert "2023-03-15" in result.output  # the app's pinned day
    assert check_password_hash(User.get(User.username == "director01").password_hash, "pw")
    assert Cooperative.select().count() > 0
    rerun = runner.invoke(args=["demo", "--size", "small", "--password", "other"])
    assert rerun.exit_code == 0, rerun.output
    assert "nothing changed" in rerun.output
    assert check_password_hash(User.get(User.username == "director01").password_hash, "pw")
