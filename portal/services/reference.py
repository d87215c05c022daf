"""Copy the shipped reference data (portal/reference/*.csv) into the database.

Idempotent: rows are matched by their code and updated in place, so an edited
centre→province mapping (illustrative, editable reference data) can be reloaded.
"""
from __future__ import annotations

from portal import reference
from portal.db import write_transaction
from portal.models import BusinessLine, Centre, CoopType, Office, Province


def _upsert(model, key_field: str, key, values: dict) -> bool:
    """Create or update one row; return True when something changed."""
    row = model.get_or_none(getattr(model, key_field) == key)
    if row is None:
        model.create(**{key_field: key}, **values)
        return True
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        model.update(**changed).where(model.id == row.id).execute()
        return True
    return False


def sync_reference() -> int:
    """Load provinces, centres, the centre mapping, offices, types and business lines; return rows changed."""
    problems = reference.validate_reference()
    if problems:
        raise ValueError("ข้อมูลอ้างอิงไม่ถูกต้อง / reference data is inconsistent: " + "; ".join(problems))
    changed = 0
    with write_transaction():
        for c in reference.centres():
            changed += _upsert(
                Centre, "number", c.number,
                {"name_th": c.name_th, "name_en": c.name_en, "seat_province_code": c.seat_province_code,
                 "confirmed": c.confirmed, "source": c.source},
            )
        centre_ids = {c.number: c.id for c in Centre.select()}
        mapping = {m.province_code: m.centre_number for m in reference.centre_provinces()}
        for p in reference.provinces():
            changed += _upsert(
                Province, "code", p.code,
                {"name_th": p.name_th, "name_en": p.name_en, "region": p.region, "region_th": p.region_th,
                 "centre_id": centre_ids[mapping[p.code]]},
            )
        province_ids = {p.code: p.id for p in Province.select()}
        for o in reference.offices():
            changed += _upsert(
                Office, "code", o.code,
                {"province_id": province_ids[o.province_code], "kind": o.kind, "name_th": o.name_th,
                 "short_th": o.short_th, "name_en": o.name_en},
            )
        for t in reference.coop_types():
            changed += _upsert(
                CoopType, "code", t.code,
                {"name_th": t.name_th, "name_en": t.name_en, "sector": t.sector, "sector_th": t.sector_th},
            )
        for b in reference.business_lines():
            changed += _upsert(
                BusinessLine, "code", b.code,
                {"sort_order": b.sort_order, "name_th": b.name_th, "name_en": b.name_en},
            )
    return changed
