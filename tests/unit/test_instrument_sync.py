"""Syncing forms/ into the database: versions by content hash, all-or-nothing on a bad file."""
from __future__ import annotations

import shutil

import pytest

from portal.instruments import DefinitionError, load_all
from portal.models import Instrument, InstrumentVersion
from portal.services.instruments import FORMS_DIR, current_definition, sync_forms

pytestmark = pytest.mark.db

CODES = sorted(load_all(FORMS_DIR))


@pytest.fixture
def forms(tmp_path):
    folder = tmp_path / "forms"
    shutil.copytree(FORMS_DIR, folder)
    return folder


def _versions():
    return sorted((v.instrument.code, v.version, v.content_hash)
                  for v in InstrumentVersion.select().join(Instrument))


def test_sync_creates_one_version_per_instrument(app):
    changes = sync_forms(FORMS_DIR)
    assert sorted(changes) == [f"{code} v1" for code in CODES]
    assert sorted(i.code for i in Instrument.select()) == CODES
    assert [(code, n) for code, n, _ in _versions()] == [(code, 1) for code in CODES]
    for instrument in Instrument.select():
        assert instrument.current_version.version == 1
    knowledge = Instrument.get(Instrument.code == "c1_knowledge")
    assert (knowledge.level, knowledge.course, knowledge.anonymous) == ("learning", 1, False)


def test_a_second_sync_changes_nothing(app):
    sync_forms(FORMS_DIR)
    before = _versions()
    assert sync_forms(FORMS_DIR) == []
    assert _versions() == before


def test_comments_and_layout_make_no_new_version(app, forms):
    sync_forms(forms)
    path = forms / "c2_knowledge.yaml"
    path.write_text("# a comment added by a programme officer\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert sync_forms(forms) == []


def test_a_changed_label_makes_version_2_and_keeps_version_1(app, forms):
    sync_forms(forms)
    v1_version, v1 = current_definition("c1_knowledge")
    path = forms / "c1_knowledge.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ใครเป็นผู้เลือกตั้งคณะกรรมการดำเนินการสหกรณ์",
                                 "ใครเลือกตั้งคณะกรรมการดำเนินการสหกรณ์"), encoding="utf-8")
    assert sync_forms(forms) == ["c1_knowledge v2"]
    version, defn = current_definition("c1_knowledge")
    assert version.version == 2
    assert defn.question("q02").label["th"] == "ใครเลือกตั้งคณะกรรมการดำเนินการสหกรณ์"
    old = InstrumentVersion.get_by_id(v1_version.id)
    assert old.version == 1 and "ใครเป็นผู้เลือกตั้ง" in old.source_text
    assert v1.question("q02").label["th"].startswith("ใครเป็นผู้เลือกตั้ง")
    # Other instruments are untouched.
    assert InstrumentVersion.select().count() == len(CODES) + 1

    # Changing the file back makes version 1 current again, with no duplicate.
    path.write_text(text, encoding="utf-8")
    assert sync_forms(forms) == ["c1_knowledge v1"]
    assert current_definition("c1_knowledge")[0].version == 1
    assert InstrumentVersion.select().count() == len(CODES) + 1


def test_a_broken_file_raises_with_file_and_line_and_changes_nothing(app, forms):
    sync_forms(forms)
    before = _versions()
    # A real change in one file and a broken one in another: neither is stored.
    good = forms / "c2_knowledge.yaml"
    good.write_text(good.read_text(encoding="utf-8").replace("title::th: ", "title::th: ใหม่ ", 1), encoding="utf-8")
    path = forms / "member_survey.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "type: text," in line)
    lines[index] = lines[index].replace("type: text,", "type: txet,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        sync_forms(forms)
    error = info.value
    assert error.file.endswith("member_survey.yaml")
    assert error.line == index + 1
    assert "txet" in str(error) and f"member_survey.yaml:{index + 1}:" in str(error)
    assert _versions() == before
    assert current_definition("c2_knowledge")[0].version == 1


def test_pre_and_post_of_a_knowledge_test_are_the_same_items(app):
    sync_forms(FORMS_DIR)
    assert Instrument.select().where(Instrument.code.contains("knowledge")).count() == 2
    for code in ("c1_knowledge", "c2_knowledge"):
        instrument = Instrument.get(Instrument.code == code)
        assert instrument.phase_list == ["pre", "post"]
        assert instrument.versions.count() == 1  # one instrument, one version, given twice
        version, defn = current_definition(code)
        assert defn.phases == ("pre", "post")
        # pre and post are answered against the same stored version: the same items
        items = [(q.name, q.label["th"], [c.name for c in q.choices]) for q in defn.items()]
        assert len(items) >= 12 and len(defn.answer_key) == len(items)


def test_the_definition_is_rebuilt_from_the_stored_text_and_cached(app):
    sync_forms(FORMS_DIR)
    version, defn = current_definition("member_survey")
    assert defn.content_hash() == version.content_hash
    assert current_definition("member_survey")[1] is defn
    with pytest.raises(LookupError):
        current_definition("no_such_form")


def test_forms_check_and_sync_commands(app, runner, forms):
    result = runner.invoke(args=["forms", "check"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["forms", "sync", "--folder", str(forms)])
    assert result.exit_code == 0 and "c1_knowledge v1" in result.output
    (forms / "c2_knowledge.yaml").write_text("id: c2_knowledge\nlevel: nonsense\n", encoding="utf-8")
    result = runner.invoke(args=["forms", "check", "--folder", str(forms)])
    assert result.exit_code == 1
    assert "c2_knowledge.yaml:" in result.output
    result = runner.invoke(args=["forms", "sync", "--folder", str(forms)])
    assert result.exit_code == 1 and "c2_knowledge.yaml:2:" in result.output
