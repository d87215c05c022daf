"""The demo year's answers: questionnaire windows, tests, satisfaction, member surveys, drafts.

Called by :func:`portal.services.demo.build_demo` after the cohorts exist.
Follows the life of each cohort on the demo's "today": a cohort in its pre-test
or in training has the pre-test open (most trainees answered, a few drafts); a
closed cohort had every window opened and closed, with pre-tests from nearly
everyone, post-tests from most (some drop-outs) and satisfaction forms. Scores
are plausible: each trainee has an ability before and a higher one after, so
gains are positive on average but not for everyone. About one cohort in eight
was keyed in from paper by staff. Every target cooperative gets a member-survey
link for the fiscal year (answers from cooperatives already trained, some keyed
in from paper) and a follow-up link for its activity owners.

Answers are generated field by field from the instrument itself and passed
through the engine's ``check`` — so they are valid by construction — then stored
with the same canonical form, payload hash and keys as
:func:`portal.services.collection.store_response` (bulk inserts: the full demo
holds several thousand responses). Idempotent: a cohort that already has
windows, or a link that already exists, is left alone.
"""
from __future__ import annotations

import json
import random
import secrets
from collections import Counter
from datetime import date, datetime, time, timedelta

from portal.db import write_transaction
from portal.instruments.definition import check, expand, from_form, iter_fields, score
from portal.models import Cohort, CohortCooperative, Instrument, InstrumentVersion, TargetProposal, Trainee
from portal.models.responses import AnonymousReceipt, Claim, Draft, QuestionnaireWindow, RespondentLink, Response, WindowEvent
from portal.services.assignments import collection_context, draft_owner, instruments_for
from portal.services.collection import canonical_answers, current_key, hash_secret, new_uuid, payload_hash
from portal.services.instruments import sync_forms, version_definition

__all__ = ["write_responses"]

FISCAL_YEAR = 2566
MEMBER_PERIOD = "2566"


def _rng(*parts) -> random.Random:
    return random.Random(":".join(str(p) for p in ("demo-responses", *parts)))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


# --- answers ----------------------------------------------------------------------------


def _pick_answers(defn, context, rng: random.Random, ability: float | None = None, leaning: float = 4.2) -> dict:
    """A form-like mapping (field key → value) for every input field, then the engine's cleaned answers."""
    form: dict = {}
    for f in iter_fields(expand(defn, context)):
        q = f.question
        if not q.is_input:
            continue
        names = [c.name for c in q.choices]
        if q.type == "select_one":
            key = defn.answer_key.get(q.name)
            if key is not None and ability is not None:
                wrong = [n for n in names if n != key]
                form[f.key] = key if rng.random() < ability else rng.choice(wrong)
            else:
                plain = [n for n in names if n not in ("other",)] or names
                form[f.key] = rng.choice(plain)
        elif q.type == "select_multiple":
            plain = [n for n in names if n not in ("other", "none")] or names
            form[f.key] = rng.sample(plain, k=min(len(plain), rng.choice((1, 1, 2, 3))))
        elif q.type == "scale5":
            value = round(rng.gauss(leaning, 0.7))
            form[f.key] = str(min(5, max(1, value)))
        elif q.type == "integer":
            form[f.key] = str(rng.randint(1, 10))
        elif q.type == "text":
            form[f.key] = ""
    raw = from_form(defn, _MultiDict(form), context)
    result = check(defn, raw, context)
    if not result.ok:  # an answer the form's rules refuse: leave the offending questions blank
        for key in result.errors:
            form.pop(key, None)
        result = check(defn, from_form(defn, _MultiDict(form), context), context, enforce_required=False)
    return result.cleaned


class _MultiDict(dict):
    def getlist(self, key):
        value = self.get(key)
        if value is None:
            return []
        return value if isinstance(value, list) else [value]


# --- rows ---------------------------------------------------------------------------------


def _response_row(instrument, version, phase, answers, *, trainee=None, cohort_id=None, cooperative_id=None,
                  link_id=None, keyed_in_by=None, at: datetime, with_score=False, defn=None, edit=False) -> dict:
    anonymous = bool(instrument.anonymous)
    correct = total = None
    if with_score:
        correct, total = score(defn, answers)
    return {
        "uuid": new_uuid(), "instrument": instrument.id, "version": version.id, "phase": phase,
        "respondent": "trainee" if trainee is not None else ("member" if link_id else "trainee"),
        "trainee": None if (anonymous or trainee is None) else trainee.id,
        "cohort": cohort_id, "cooperative": cooperative_id, "link": link_id,
        "answers": canonical_answers(answers), "payload_hash": payload_hash(version.id, phase, answers),
        "state": "submitted", "supersedes": None,
        "current_key": current_key(trainee.id, instrument.id, phase) if (trainee is not None and not anonymous) else None,
        "edit_key_hash": hash_secret(secrets.token_urlsafe(16)) if (anonymous and edit) else None,
        "score": correct, "max_score": total, "keyed_in_by": keyed_in_by, "privacy_version": 1,
        "submitted_at": at,
    }


def _insert(rows: list[dict], model) -> None:
    for start in range(0, len(rows), 200):
        model.insert_many(rows[start:start + 200]).execute()


def _windows_for(cohort: Cohort, instruments, today: date) -> list[dict]:
    """Windows as the cohort's life has them on ``today``."""
    out = []
    first, last = cohort.starts, cohort.ends
    for instrument in instruments:
        for phase in instrument.phase_list:
            opened = closed = None
            if phase == "pre" and cohort.status in ("pretest", "training", "closed"):
                opened = _at(first - timedelta(days=1), 16) if cohort.status == "pretest" else _at(first, 8, 30)
                closed = _at(first, 10) if cohort.status == "closed" else None
            elif phase in ("post", "single") and cohort.status == "closed":
                opened, closed = _at(last, 14, 30), _at(last, 17)
            if opened is not None:
                out.append({"cohort": cohort.id, "instrument": instrument.id, "phase": phase, "opened_at": opened,
                            "opened_by": cohort.created_by_id, "closed_at": closed,
                            "closed_by": cohort.created_by_id if closed else None})
    return out


def _cohort_answers(cohort: Cohort, today: date) -> Counter:
    made = Counter()
    if QuestionnaireWindow.select().where(QuestionnaireWindow.cohort == cohort).exists():
        return made
    instruments = instruments_for(cohort)
    windows = _windows_for(cohort, instruments, today)
    if not windows:
        return made
    _insert(windows, QuestionnaireWindow)
    made["windows"] += len(windows)
    events = []
    for w in QuestionnaireWindow.select().where(QuestionnaireWindow.cohort == cohort.id):
        events.append({"window": w.id, "action": "open", "at": w.opened_at, "by": w.opened_by_id})
        if w.closed_at is not None:
            events.append({"window": w.id, "action": "close", "at": w.closed_at, "by": w.closed_by_id})
    _insert(events, WindowEvent)
    rng = _rng("cohort", cohort.id, cohort.starts.isoformat())
    context = collection_context(cohort)
    trainees = list(Trainee.select().where(Trainee.cohort == cohort).order_by(Trainee.id))
    keyed_in = cohort.created_by_id if rng.random() < 0.125 else None
    open_phases = {(w["instrument"], w["phase"]) for w in windows}
    responses, receipts, drafts = [], [], []
    for instrument in instruments:
        version = InstrumentVersion.get_by_id(instrument.current_version_id)
        defn = version_definition(version)
        for phase in instrument.phase_list:
            if (instrument.id, phase) not in open_phases:
                continue
            answer_share = {"pre": 0.97, "post": 0.9, "single": 0.85}[phase]
            if cohort.status != "closed":
                answer_share = 0.8
            for trainee in trainees:
                person = _rng("trainee", trainee.id)
                before = min(0.85, max(0.2, person.gauss(0.5, 0.13)))
                after = min(0.97, before + max(-0.05, person.gauss(0.25, 0.12)))
                roll = rng.random()
                if roll > answer_share:
                    if cohort.status != "closed" and roll > 0.93:  # started on the phone, not sent yet
                        partial = _pick_answers(defn, context, rng, ability=before)
                        partial = dict(list(partial.items())[: max(1, len(partial) // 3)])
                        drafts.append({"owner": draft_owner(trainee), "instrument": instrument.id, "phase": phase,
                                       "answers": json.dumps(partial, ensure_ascii=False), "section": "",
                                       "updated_at": _at(min(today, cohort.starts), 9, 5)})
                    continue
                if defn.is_test:
                    answers = _pick_answers(defn, context, rng, ability=before if phase == "pre" else after)
                else:
                    answers = _pick_answers(defn, context, rng, leaning=rng.choice((3.9, 4.2, 4.4)))
                day = cohort.starts if phase == "pre" else cohort.ends
                at = _at(day, 9 if phase == "pre" else 15, rng.randrange(0, 50))
                responses.append(_response_row(
                    instrument, version, phase, answers, trainee=trainee, cohort_id=cohort.id,
                    cooperative_id=trainee.cooperative_id, keyed_in_by=keyed_in if not instrument.anonymous else None,
                    at=at, with_score=defn.is_test, defn=defn, edit=True))
                if instrument.anonymous:
                    receipts.append({"trainee": trainee.id, "instrument": instrument.id, "phase": phase})
    if cohort.status in ("pretest", "training", "posttest") and keyed_in is None:
        # Who answered on a phone holds their name on that device (staff can release it).
        answered = {r["trainee"] for r in responses if r["trainee"]} | {int(d["owner"].split(":")[1]) for d in drafts}
        labels = ("LINE · Android", "LINE · Android", "Chrome · Android", "Safari · iPhone")
        _insert([{"trainee": t, "device_hash": hash_secret(secrets.token_urlsafe(16)),
                  "device_label": rng.choice(labels), "claimed_at": _at(cohort.starts, 8, rng.randrange(30, 59))}
                 for t in sorted(answered)], Claim)
    rng.shuffle(responses)  # the order of anonymous rows must not follow the roster
    _insert(responses, Response)
    _insert(receipts, AnonymousReceipt)
    _insert(drafts, Draft)
    made["responses"] += len(responses)
    made["drafts"] += len(drafts)
    return made


def _links_and_surveys(centre_ids: list[int], today: date) -> Counter:
    made = Counter()
    survey = Instrument.get_or_none(Instrument.code == "member_survey")
    followup = Instrument.get_or_none(Instrument.code == "c1_followup")
    if survey is None or followup is None:
        return made
    version = InstrumentVersion.get_by_id(survey.current_version_id)
    defn = version_definition(version)
    trained = {c for (c,) in CohortCooperative.select(CohortCooperative.cooperative).join(Cohort)
               .where((Cohort.status == "closed") & (Cohort.centre.in_(centre_ids))).tuples()}
    staff_of = {c.centre_id: c.created_by_id for c in Cohort.select(Cohort.centre, Cohort.created_by)}
    for proposal in TargetProposal.targets(FISCAL_YEAR).order_by(TargetProposal.id):
        coop = proposal.cooperative
        centre_id = proposal.target_list.office.province.centre_id
        if centre_id not in centre_ids:
            continue
        for kind, instrument, valid_from, valid_until in (
                ("member_survey", survey, date(2022, 10, 1), date(2023, 9, 30)),
                ("followup", followup, date(2023, 3, 1), date(2023, 7, 31))):
            if RespondentLink.get_or_none((RespondentLink.kind == kind) & (RespondentLink.cooperative == coop)
                                          & (RespondentLink.period == MEMBER_PERIOD)):
                continue
            link = RespondentLink.create(kind=kind, cooperative=coop, instrument=instrument, period=MEMBER_PERIOD,
                                         token=secrets.token_urlsafe(24), valid_from=valid_from,
                                         valid_until=valid_until, created_by=staff_of.get(centre_id),
                                         created_at=_at(valid_from, 9))
            made["links"] += 1
            if kind != "member_survey" or coop.id not in trained:
                continue
            rng = _rng("members", coop.registration_no)
            paper_by = staff_of.get(centre_id)
            rows = []
            for n in range(rng.randint(25, 40)):
                answers = _pick_answers(defn, {}, rng, leaning=rng.choice((3.6, 3.9, 4.1)))
                day = min(today, date(2023, 2, 1) + timedelta(days=rng.randrange(0, 40)))
                rows.append(_response_row(survey, version, "single", answers, cooperative_id=coop.id, link_id=link.id,
                                          keyed_in_by=paper_by if n % 4 == 0 else None, at=_at(day, 10, n % 60)))
            for row in rows:
                row["respondent"] = "member"
            _insert(rows, Response)
            made["responses"] += len(rows)
    return made


def write_responses(centre_numbers, today: date) -> dict[str, int]:
    """Windows, responses, drafts and links of the included centres (what is missing)."""
    from portal.models import Centre

    sync_forms()
    made: Counter = Counter()
    centres = list(Centre.select().where(Centre.number.in_(list(centre_numbers))))
    for cohort in (Cohort.select().where(Cohort.centre.in_([c.id for c in centres]))
                   .order_by(Cohort.centre, Cohort.course, Cohort.number)):
        with write_transaction():
            made += _cohort_answers(cohort, today)
    with write_transaction():
        made += _links_and_surveys([c.id for c in centres], today)
    return dict(made)
