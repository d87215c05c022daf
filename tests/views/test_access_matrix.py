"""Every route, every role, another scope's ids, and anonymous: refused unless the matrix allows it.

Add an Entry in tests/views/access/<blueprint>.py for every new route: a route
without one fails `test_every_route_has_an_entry`.
"""
from __future__ import annotations

import importlib
import pkgutil

import pytest

from support import login
from views import access
from views.access import ROLES, Entry

ENTRIES: list[Entry] = []
for module in pkgutil.iter_modules(access.__path__):
    ENTRIES.extend(importlib.import_module(f"views.access.{module.name}").ENTRIES)


def _id(entry: Entry) -> str:
    return f"{entry.method} {entry.endpoint}"


def _call(client, entry, url, world):
    if entry.method == "GET":
        return client.get(url)
    return client.open(url, method=entry.method, data=entry.form(world))


def test_every_route_has_an_entry(app):
    have = {(e.endpoint, e.method) for e in ENTRIES}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if (rule.endpoint, method) not in have:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "routes without an access-matrix entry:\n" + "\n".join(sorted(missing))


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.allowed != "public"], ids=_id)
def test_anonymous_is_sent_to_login(client, world, entry):
    with client.application.test_request_context():
        url = entry.build(world, "own")
    response = _call(client, entry, url, world)
    assert response.status_code in (302, 303, 401), response.status_code
    if response.status_code != 401:
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_role_against_entry(app, client, world, entry, role):
    login(client, world.users[role])
    with app.test_request_context():
        own_url = entry.build(world, "own")
        other_url = entry.build(world, "other")
    allowed = entry.allowed == "public" or role in entry.allowed
    if not allowed:
        response = _call(client, entry, own_url, world)
        assert response.status_code in (403, 404), f"{role} may not {entry.method} {own_url}: got {response.status_code}"
        return
    if entry.scoped and role not in ("bureau_admin", "bureau_exec"):
        response = _call(client, entry, other_url, world)
        assert response.status_code == 404, f"{role} reached another scope's {other_url}: {response.status_code}"
    # Positive control: the own side answers.
    response = _call(client, entry, own_url, world)
    assert response.status_code in entry.ok, f"{role} {entry.method} {own_url}: {response.status_code}"


def test_wrong_method_is_405(client, world):
    login(client, world.users["bureau_admin"])
    assert client.get("/logout").status_code == 405
    assert client.delete("/login").status_code == 405
