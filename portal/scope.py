"""The one scoping mechanism: what a signed-in person may see.

Every query for centre-, province- or cooperative-level data goes through a
Scope. A Scope is built from a user once per request and reduces to sets of
visible centre, province and office ids (None = everything, for the bureau).
No Flask here: views turn `NotInScope` into 404 (never 403, so a director of
centre A cannot even learn that an object of centre B exists).
"""
from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from portal.models import Centre, Cooperative, Office, Province, User


class NotInScope(LookupError):
    """The object does not exist or lies outside the user's scope."""


@dataclass(frozen=True)
class Scope:
    level: str  # all | centre | office
    centre_ids: frozenset[int] | None
    province_ids: frozenset[int] | None
    office_ids: frozenset[int] | None

    @classmethod
    def everything(cls) -> "Scope":
        return cls("all", None, None, None)

    @classmethod
    def for_user(cls, user: User) -> "Scope":
        level = user.scope_level
        if level == "all":
            return cls.everything()
        if level == "centre":
            if user.centre_id is None:
                return cls("centre", frozenset(), frozenset(), frozenset())
            provinces = frozenset(p.id for p in Province.select(Province.id).where(Province.centre == user.centre_id))
            offices = frozenset(
                o.id for o in Office.select(Office.id).where(Office.province.in_(list(provinces) or [0]))
            )
            return cls("centre", frozenset({user.centre_id}), provinces, offices)
        if user.office_id is None:
            return cls("office", frozenset(), frozenset(), frozenset())
        office = Office.get_by_id(user.office_id)
        province = Province.get_by_id(office.province_id)
        centres = frozenset({province.centre_id}) if province.centre_id else frozenset()
        return cls("office", centres, frozenset({province.id}), frozenset({office.id}))

    @property
    def is_national(self) -> bool:
        return self.level == "all"

    # -- filters ---------------------------------------------------------
    @staticmethod
    def _within(field: pw.Field, ids: frozenset[int] | None):
        if ids is None:
            return pw.SQL("1 = 1")
        return field.in_(sorted(ids) or [0])

    def centres(self):
        return Centre.select().where(self._within(Centre.id, self.centre_ids)).order_by(Centre.number)

    def provinces(self):
        return Province.select().where(self._within(Province.id, self.province_ids))

    def offices(self):
        return Office.select().where(self._within(Office.id, self.office_ids))

    def cooperatives(self):
        return Cooperative.select().where(self._within(Cooperative.office, self.office_ids))

    def filter_by_office(self, query, office_field: pw.Field):
        """Restrict any query whose rows reach an office through `office_field`."""
        return query.where(self._within(office_field, self.office_ids))

    def filter_by_centre(self, query, centre_field: pw.Field):
        return query.where(self._within(centre_field, self.centre_ids))

    # -- single objects ----------------------------------------------------
    def get(self, query, pk) -> pw.Model:
        """One object of an already scoped query, or NotInScope."""
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise NotInScope(pk) from None
        obj = query.where(query.model._meta.primary_key == pk).first()
        if obj is None:
            raise NotInScope(pk)
        return obj

    def centre(self, pk) -> Centre:
        return self.get(self.centres(), pk)

    def province(self, pk) -> Province:
        return self.get(self.provinces(), pk)

    def office(self, pk) -> Office:
        return self.get(self.offices(), pk)

    def cooperative(self, pk) -> Cooperative:
        return self.get(self.cooperatives(), pk)

    def sees_office(self, office_id: int) -> bool:
        return self.office_ids is None or office_id in self.office_ids

    def sees_centre(self, centre_id: int) -> bool:
        return self.centre_ids is None or centre_id in self.centre_ids
