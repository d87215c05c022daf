"""Instrument definitions: loading, validation and the runtime helpers.

One YAML file per instrument in ``forms/``, shaped like XLSForm's ``survey`` and
``choices`` sheets (see ``forms/README.md``).  This module is plain Python: no
Flask, no database.  The web layer calls:

* ``load_all(folder)`` / ``load_file(path)`` / ``load_text(text, source)``
  -> ``Definition`` (or ``DefinitionError`` listing every problem with its line);
* ``Definition.content_hash()`` to decide whether a new version is needed;
* ``expand(defn, context)`` -> render tree (``Block`` / ``Field``);
* ``from_form(defn, form, context)`` -> raw answers from posted form fields;
* ``check(defn, answers, context)`` -> ``Result(cleaned, errors, visible)``, and
  the thin wrappers ``visible_questions``, ``validate_answers``, ``clean_answers``;
* ``score(defn, answers)`` -> ``(correct, total)`` for knowledge tests.

Answers shape (JSON-friendly)::

    {"q01": "b",                       # select_one: choice name
     "lines": ["deposit", "credit"],   # select_multiple: list in choice order
     "overall": 4,                     # scale5: int 1..5
     "age": 52, "amount": 1250.5,      # integer: int, decimal: float
     "visit_date": "2023-03-15",       # date: ISO (Gregorian); shown as 15/03/2566
     "comment": "…",                   # text
     "activities": {                   # repeat: instance id (str) -> answers
         "12": {"status": "on_track", "percent": 40},
         "13": {"status": "done", "percent": 100}}}

Unanswered and hidden (not relevant) questions are absent from cleaned answers.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import expr as _expr
from .expr import Expr, ExpressionError

__all__ = [
    "DefinitionError", "Definition", "Question", "Section", "Choice", "Block", "Field",
    "Result", "load_text", "load_file", "load_all", "expand", "iter_fields", "from_form",
    "check", "visible_questions", "validate_answers", "clean_answers", "score",
    "parse_be_date", "format_be_date", "sample_context",
    "LEVELS", "PHASES", "RESPONDENTS", "REPEAT_SOURCES", "QUESTION_TYPES", "SCALE5",
]

LEVELS = ("reaction", "learning", "behaviour", "results")
PHASES = ("pre", "post", "single")
RESPONDENTS = ("trainee", "member", "activity_owner")
# repeat_over value -> the key of the context holding its instances
REPEAT_SOURCES = ("plan_activities", "agenda_sessions")
QUESTION_TYPES = ("select_one", "select_multiple", "scale5", "integer", "decimal",
                  "text", "date", "note")
STRUCTURE_TYPES = ("begin_group", "end_group", "begin_repeat", "end_repeat")
LANGS = ("th", "en")
THAI_MARKS = "กขคงจฉชซ"
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_TEXT = 2000

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_CHOICE_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,63}")
_INSTANCE_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")

TOP_KEYS = {"id", "title::th", "title::en", "description::th", "description::en", "level",
            "course", "anonymous", "phases", "respondent", "survey", "choices", "answer_key"}
ROW_KEYS = {"type", "name", "label::th", "label::en", "hint::th", "hint::en", "required",
            "relevant", "constraint", "constraint_message::th", "constraint_message::en",
            "appearance", "repeat_over"}
CHOICE_KEYS = {"name", "label::th", "label::en"}


def _bi(th: str, en: str) -> str:
    return f"{th} / {en}"


# --------------------------------------------------------------------------- errors

class DefinitionError(ValueError):
    """A bad instrument definition: the file, the 1-based line and the reason.

    When several problems were found, ``errors`` lists them all (each itself a
    ``DefinitionError``) and ``str()`` shows one per line.
    """

    def __init__(self, file, line: int | None, message: str,
                 errors: list["DefinitionError"] | None = None):
        self.file = str(file)
        self.line = line
        self.message = message
        self.errors = errors if errors else [self]
        super().__init__(self.__str__())

    def _one(self) -> str:
        return f"{self.file}:{self.line or 0}: {self.message}"

    def __str__(self) -> str:
        if len(self.errors) == 1:
            return self.errors[0]._one()
        return "\n".join(e._one() for e in self.errors)

    @classmethod
    def collect(cls, errors: list["DefinitionError"]) -> "DefinitionError":
        unique = {(e.file, e.line, e.message): e for e in errors}
        errors = sorted(unique.values(), key=lambda e: (e.file, e.line or 0))
        first = errors[0]
        return cls(first.file, first.line, first.message, errors)


# --------------------------------------------------------------------------- model

@dataclass(frozen=True)
class Choice:
    name: str
    label: dict
    mark: str = ""          # ก ข ค ง on knowledge-test items

    def text(self, lang: str = "th") -> str:
        return self.label.get(lang) or self.label.get("th", "")


SCALE5 = tuple(
    Choice(str(v), {"th": th, "en": en})
    for v, th, en in [(5, "มากที่สุด", "Very high"), (4, "มาก", "High"),
                      (3, "ปานกลาง", "Moderate"), (2, "น้อย", "Low"),
                      (1, "น้อยที่สุด", "Very low")])


@dataclass
class Question:
    type: str
    name: str
    label: dict
    hint: dict = field(default_factory=dict)
    required: bool = False
    relevant: Expr | None = None
    relevant_text: str = ""
    constraint: Expr | None = None
    constraint_text: str = ""
    constraint_message: dict = field(default_factory=dict)
    list_name: str | None = None
    choices: tuple = ()
    appearance: str = ""
    line: int = 0
    repeat: str | None = None       # name of the enclosing repeat, if any

    @property
    def is_input(self) -> bool:
        return self.type != "note"

    @property
    def is_select(self) -> bool:
        return self.type in ("select_one", "select_multiple", "scale5")

    def choice(self, name) -> Choice | None:
        for c in self.choices:
            if c.name == str(name):
                return c
        return None


@dataclass
class Section:
    kind: str                       # "group" or "repeat"
    name: str
    label: dict
    hint: dict = field(default_factory=dict)
    relevant: Expr | None = None
    relevant_text: str = ""
    repeat_over: str | None = None
    appearance: str = ""
    line: int = 0
    children: list = field(default_factory=list)


@dataclass
class Definition:
    id: str
    title: dict
    description: dict
    level: str
    course: int | None
    anonymous: bool
    phases: tuple
    respondent: str
    children: list
    choices: dict
    answer_key: dict
    source: str = ""
    source_text: str = ""
    data: dict = field(default_factory=dict, repr=False)

    @property
    def is_test(self) -> bool:
        return self.level == "learning"

    def walk(self, nodes=None):
        """Every Section and Question, depth first, in file order."""
        for node in self.children if nodes is None else nodes:
            yield node
            if isinstance(node, Section):
                yield from self.walk(node.children)

    def questions(self) -> list[Question]:
        return [n for n in self.walk() if isinstance(n, Question)]

    def items(self) -> list[Question]:
        """The questions that take an answer (notes left out)."""
        return [q for q in self.questions() if q.is_input]

    def question(self, name: str) -> Question | None:
        for q in self.questions():
            if q.name == name:
                return q
        return None

    def repeats(self) -> list[Section]:
        return [n for n in self.walk() if isinstance(n, Section) and n.kind == "repeat"]

    def content_hash(self) -> str:
        """sha256 of the normalised content: key order and layout do not matter."""
        blob = json.dumps(self.data, sort_keys=True, ensure_ascii=False,
                          separators=(",", ":"), default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    @property
    def max_score(self) -> int:
        return len(self.answer_key)


# --------------------------------------------------------------------------- YAML nodes

class _Builder:
    def __init__(self, source: str):
        self.source = source
        self.errors: list[DefinitionError] = []
        self.nodes = 0
        self._constructor = SafeConstructor()

    def error(self, line: int | None, th: str, en: str) -> None:
        self.errors.append(DefinitionError(self.source, line, _bi(th, en)))

    @staticmethod
    def line(node) -> int:
        return node.start_mark.line + 1

    def _count(self) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise DefinitionError(self.source, None, _bi(
                "ไฟล์ใหญ่หรือซับซ้อนเกินไป", "File too large or too complex"))

    def plain(self, node):
        """Convert a node to plain Python values (strings NFC-normalised)."""
        self._count()
        if isinstance(node, ScalarNode):
            value = self._constructor.construct_object(node, deep=True)
            if isinstance(value, str):
                value = unicodedata.normalize("NFC", value)
            elif isinstance(value, (_dt.date, bytes)):
                value = str(value)
            return value
        if isinstance(node, SequenceNode):
            return [self.plain(n) for n in node.value]
        if isinstance(node, MappingNode):
            out = {}
            for key_node, value_node in node.value:
                key = self.plain(key_node)
                key = str(key) if not isinstance(key, str) else key
                if key in out:
                    self.error(self.line(key_node), f"คีย์ {key!r} ซ้ำ",
                               f"duplicate key {key!r}")
                out[key] = self.plain(value_node)
            return out
        return None

    def items(self, node) -> dict:
        """A mapping node as {key: (plain value, line of the key, value node)}."""
        out = {}
        for key_node, value_node in node.value:
            key = self.plain(key_node)
            key = str(key) if not isinstance(key, str) else key
            if key in out:
                continue            # reported by plain()
            out[key] = (self.plain(value_node), self.line(key_node), value_node)
        return out


def _text(entry):
    """The literal text of an ``items()`` entry's scalar (so ``No`` stays "No", not False)."""
    if entry is None:
        return None
    node = entry[2]
    return node.value if isinstance(node, ScalarNode) and node.tag != "tag:yaml.org,2002:null" \
        else entry[0]


def _is_text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


# --------------------------------------------------------------------------- loading

def load_text(text: str, source: str = "<text>", expected_id: str | None = None) -> Definition:
    """Parse and validate one instrument; raises ``DefinitionError`` listing all problems."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise DefinitionError(source, None, _bi("ไฟล์ใหญ่เกิน 1 MB", "File larger than 1 MB"))
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DefinitionError(source, line, _bi(
            f"รูปแบบ YAML ไม่ถูกต้อง: {exc.problem}", f"invalid YAML: {exc.problem}")) from None
    except yaml.YAMLError as exc:
        raise DefinitionError(source, None, _bi("รูปแบบ YAML ไม่ถูกต้อง", f"invalid YAML: {exc}")) from None
    b = _Builder(source)
    if not isinstance(root, MappingNode):
        raise DefinitionError(source, 1, _bi(
            "ไฟล์ต้องเป็น mapping (id, title::th, survey …)",
            "the file must be a mapping (id, title::th, survey …)"))
    defn = _Loader(b, expected_id).load(root)
    if b.errors:
        raise DefinitionError.collect(b.errors)
    defn.source = source
    defn.source_text = text
    return defn


def load_file(path) -> Definition:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DefinitionError(str(path), None, _bi(
            "ไฟล์ต้องเข้ารหัส UTF-8", "the file must be UTF-8")) from None
    return load_text(text, str(path), expected_id=path.stem)


def load_all(folder) -> dict[str, Definition]:
    """Every ``*.yaml`` in ``folder`` by id, in file-name order; all errors at once."""
    errors: list[DefinitionError] = []
    out: dict[str, Definition] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            defn = load_file(path)
        except DefinitionError as exc:
            errors.extend(exc.errors)
            continue
        if defn.id in out:
            errors.append(DefinitionError(str(path), 1, _bi(
                f"id {defn.id!r} ซ้ำกับไฟล์ {out[defn.id].source}",
                f"id {defn.id!r} is also used by {out[defn.id].source}")))
            continue
        out[defn.id] = defn
    if errors:
        raise DefinitionError.collect(errors)
    return out


class _Loader:
    def __init__(self, b: _Builder, expected_id: str | None):
        self.b = b
        self.expected_id = expected_id

    # -- helpers
    def err(self, line, th, en):
        self.b.error(line, th, en)

    def labels(self, items: dict, prefix: str, line: int, required: bool,
               what: tuple[str, str] = ("", "")) -> dict:
        out = {}
        for lang in LANGS:
            key = f"{prefix}::{lang}"
            if key in items:
                value, kline = _text(items[key]), items[key][1]
                if not _is_text(value):
                    self.err(kline, f"{key} ต้องเป็นข้อความที่ไม่ว่าง",
                             f"{key} must be non-empty text")
                else:
                    out[lang] = value.strip()
            elif required:
                self.err(line, f"{what[0]} ไม่มี {key}", f"{what[1]} has no {key}")
        return out

    # -- the document
    def load(self, root: MappingNode) -> Definition:
        b = self.b
        data = b.plain(root)
        top = b.items(root)
        for key, (_, line, _) in top.items():
            if key not in TOP_KEYS:
                self.err(line, f"ไม่รู้จักคีย์ {key!r}", f"unknown key {key!r}")

        def get(key, default=None):
            return top[key][0] if key in top else default

        def line_of(key):
            return top[key][1] if key in top else 1

        ident = get("id")
        if not (isinstance(ident, str) and _ID_RE.fullmatch(ident)):
            self.err(line_of("id"), "ต้องมี id เป็นตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข หรือ _",
                     "id is required: lower-case letters, digits and _")
            ident = str(ident or "")
        elif self.expected_id and ident != self.expected_id:
            self.err(line_of("id"), f"id {ident!r} ต้องตรงกับชื่อไฟล์ {self.expected_id!r}",
                     f"id {ident!r} must match the file name {self.expected_id!r}")
        title = self.labels(top, "title", 1, True, ("แบบสอบถาม", "the instrument"))
        description = self.labels(top, "description", 1, False)

        level = get("level")
        if level not in LEVELS:
            self.err(line_of("level"), f"level ต้องเป็นหนึ่งใน {', '.join(LEVELS)}",
                     f"level must be one of {', '.join(LEVELS)}")
        if "course" not in top:
            self.err(1, "ต้องระบุ course (1, 2 หรือ null)", "course is required (1, 2 or null)")
        course = get("course")
        if course not in (1, 2, None) or isinstance(course, bool):
            self.err(line_of("course"), "course ต้องเป็น 1, 2 หรือ null",
                     "course must be 1, 2 or null")
            course = None
        anonymous = get("anonymous", False)
        if not isinstance(anonymous, bool):
            self.err(line_of("anonymous"), "anonymous ต้องเป็น true หรือ false",
                     "anonymous must be true or false")
            anonymous = False
        respondent = get("respondent", "trainee")
        if respondent not in RESPONDENTS:
            self.err(line_of("respondent"), f"respondent ต้องเป็นหนึ่งใน {', '.join(RESPONDENTS)}",
                     f"respondent must be one of {', '.join(RESPONDENTS)}")
        phases = get("phases", ["single"])
        if (not isinstance(phases, list) or not phases or any(p not in PHASES for p in phases)
                or len(set(phases)) != len(phases)):
            self.err(line_of("phases"), "phases ต้องเป็นรายการจาก pre, post, single ไม่ซ้ำกัน",
                     "phases must be a list of distinct values from pre, post, single")
            phases = ["single"]
        elif "single" in phases and len(phases) > 1:
            self.err(line_of("phases"), "single ใช้ร่วมกับ pre/post ไม่ได้",
                     "single cannot be combined with pre/post")
        elif level == "learning" and sorted(phases) != ["post", "pre"]:
            self.err(line_of("phases"), "แบบทดสอบความรู้ต้องมี phases: [pre, post]",
                     "a knowledge test must have phases: [pre, post]")

        choices = self.load_choices(top.get("choices"), level == "learning")
        children, questions = self.load_survey(top.get("survey"), choices)
        answer_key = self.load_key(top.get("answer_key"), questions, level)

        return Definition(
            id=ident, title=title, description=description, level=level or "",
            course=course, anonymous=anonymous, phases=tuple(phases),
            respondent=respondent if respondent in RESPONDENTS else "trainee",
            children=children, choices=choices, answer_key=answer_key, data=data)

    # -- choices
    def load_choices(self, entry, marks: bool) -> dict:
        out: dict[str, tuple] = {}
        if entry is None:
            return out
        _, line, node = entry
        if not isinstance(node, MappingNode):
            self.err(line, "choices ต้องเป็น mapping ชื่อรายการ: [ตัวเลือก]",
                     "choices must map a list name to its choices")
            return out
        for list_name, (_, lline, lnode) in self.b.items(node).items():
            if not _NAME_RE.fullmatch(list_name):
                self.err(lline, f"ชื่อรายการตัวเลือก {list_name!r} ไม่ถูกต้อง",
                         f"invalid choice list name {list_name!r}")
            if not isinstance(lnode, SequenceNode) or not lnode.value:
                self.err(lline, f"รายการตัวเลือก {list_name!r} ต้องมีตัวเลือกอย่างน้อยหนึ่งข้อ",
                         f"choice list {list_name!r} must have at least one choice")
                out[list_name] = ()
                continue
            seen: dict[str, int] = {}
            items = []
            for i, cnode in enumerate(lnode.value):
                cline = self.b.line(cnode)
                if not isinstance(cnode, MappingNode):
                    self.err(cline, "ตัวเลือกต้องเป็น mapping {name, label::th, label::en}",
                             "a choice must be a mapping {name, label::th, label::en}")
                    continue
                citems = self.b.items(cnode)
                for key, (_, kline, _) in citems.items():
                    if key not in CHOICE_KEYS:
                        self.err(kline, f"ไม่รู้จักคีย์ {key!r} ในตัวเลือก",
                                 f"unknown key {key!r} in a choice")
                name = _text(citems.get("name"))
                if not (isinstance(name, str) and _CHOICE_RE.fullmatch(name)):
                    self.err(cline, "ตัวเลือกต้องมี name (อักษรอังกฤษ ตัวเลข _ -)",
                             "a choice needs a name (letters, digits, _ or -)")
                    continue
                if name in seen:
                    self.err(cline, f"ตัวเลือก {name!r} ซ้ำในรายการ {list_name!r} (บรรทัด {seen[name]})",
                             f"duplicate choice {name!r} in list {list_name!r} (line {seen[name]})")
                    continue
                seen[name] = cline
                label = self.labels(citems, "label", cline, True, (f"ตัวเลือก {name!r}", f"choice {name!r}"))
                mark = THAI_MARKS[i] if marks and i < len(THAI_MARKS) else ""
                items.append(Choice(name, label, mark))
            out[list_name] = tuple(items)
        return out

    # -- survey
    def load_survey(self, entry, choices: dict):
        root: list = []
        questions: dict[str, Question] = {}
        if entry is None:
            self.err(1, "ไม่มี survey (รายการคำถาม)", "survey (the list of questions) is missing")
            return root, questions
        _, sline, node = entry
        if not isinstance(node, SequenceNode) or not node.value:
            self.err(sline, "survey ต้องเป็นรายการคำถามที่ไม่ว่าง",
                     "survey must be a non-empty list of rows")
            return root, questions

        names: dict[str, int] = {}                 # every name so far -> line
        repeat_of: dict[str, str | None] = {}      # question name -> enclosing repeat
        stack: list[Section] = []
        pending: list[tuple] = []                  # constraints checked after all rows

        def container():
            return stack[-1].children if stack else root

        def current_repeat():
            for s in reversed(stack):
                if s.kind == "repeat":
                    return s.name
            return None

        def check_refs(expression: Expr, line: int, what: str, earlier_only: bool,
                       known: dict, repeat: str | None):
            for ref in sorted(expression.references()):
                if ref not in known:
                    if earlier_only and ref in all_names:
                        self.err(line, f"{what} อ้างถึง ${{{ref}}} ซึ่งอยู่หลังข้อนี้",
                                 f"{what} refers to ${{{ref}}}, which comes later")
                    else:
                        self.err(line, f"{what} อ้างถึงคำถาม ${{{ref}}} ที่ไม่มีอยู่",
                                 f"{what} refers to an unknown question ${{{ref}}}")
                    continue
                if ref not in repeat_of:
                    self.err(line, f"{what} อ้างถึง ${{{ref}}} ซึ่งไม่ใช่คำถาม",
                             f"{what} refers to ${{{ref}}}, which is not a question")
                    continue
                ref_repeat = repeat_of[ref]
                if ref_repeat is not None and ref_repeat != repeat:
                    self.err(line, f"{what} อ้างถึง ${{{ref}}} ซึ่งอยู่ในชุดคำถามซ้ำอื่น",
                             f"{what} refers to ${{{ref}}}, which is inside another repeat")

        # every name in the file, to tell "later" from "unknown"
        all_names = set()
        for rnode in node.value:
            if isinstance(rnode, MappingNode):
                for k, v in rnode.value:
                    if isinstance(k, ScalarNode) and k.value == "name" and isinstance(v, ScalarNode):
                        all_names.add(v.value)

        for rnode in node.value:
            line = self.b.line(rnode)
            if not isinstance(rnode, MappingNode):
                self.err(line, "แต่ละแถวของ survey ต้องเป็น mapping", "each survey row must be a mapping")
                continue
            items = self.b.items(rnode)
            for key, (_, kline, _) in items.items():
                if key not in ROW_KEYS:
                    self.err(kline, f"ไม่รู้จักคีย์ {key!r}", f"unknown key {key!r}")
            rtype = _text(items.get("type"))
            if not _is_text(rtype):
                self.err(line, "แถวนี้ไม่มี type", "this row has no type")
                continue
            parts = rtype.split()
            base = parts[0]
            list_name = None
            if base in ("select_one", "select_multiple"):
                if len(parts) != 2:
                    self.err(line, f"{base} ต้องตามด้วยชื่อรายการตัวเลือก เช่น '{base} yesno'",
                             f"{base} must name its choice list, e.g. '{base} yesno'")
                    continue
                list_name = parts[1]
                if list_name not in choices:
                    self.err(line, f"ไม่พบรายการตัวเลือก {list_name!r} ใน choices",
                             f"choice list {list_name!r} is not defined in choices")
            elif base not in QUESTION_TYPES and base not in STRUCTURE_TYPES or len(parts) != 1:
                self.err(line, f"ไม่รู้จักชนิดคำถาม {rtype!r}", f"unknown type {rtype!r}")
                continue

            if base in ("end_group", "end_repeat"):
                kind = base[4:]
                for key in items:
                    if key != "type" and key in ROW_KEYS:
                        self.err(items[key][1], f"{base} ใช้คีย์ {key!r} ไม่ได้",
                                 f"{base} takes no {key!r}")
                if not stack:
                    self.err(line, f"{base} ไม่มี begin_{kind} คู่กัน",
                             f"{base} without a matching begin_{kind}")
                elif stack[-1].kind != kind:
                    self.err(line, f"{base} ปิดผิดคู่: ต้องปิด begin_{stack[-1].kind} "
                                   f"{stack[-1].name!r} (บรรทัด {stack[-1].line}) ก่อน",
                             f"{base} closes the wrong block: begin_{stack[-1].kind} "
                             f"{stack[-1].name!r} (line {stack[-1].line}) is still open")
                else:
                    stack.pop()
                continue

            name = _text(items.get("name"))
            if not (isinstance(name, str) and _NAME_RE.fullmatch(name)):
                self.err(line, "ต้องมี name เป็นอักษรอังกฤษ ตัวเลข หรือ _ (ขึ้นต้นด้วยตัวอักษร)",
                         "name is required: letters, digits and _, starting with a letter")
                continue
            if name in names:
                self.err(line, f"ชื่อ {name!r} ซ้ำกับบรรทัด {names[name]}",
                         f"duplicate name {name!r} (first used on line {names[name]})")
                continue
            what = f"{name!r}"
            label = self.labels(items, "label", line, True, (f"ข้อ {what}", f"row {what}"))
            hint = self.labels(items, "hint", line, False)
            appearance = items.get("appearance", ("",))[0] or ""
            repeat = current_repeat()

            relevant, relevant_text = None, ""
            if "relevant" in items:
                relevant_text, rline = _text(items["relevant"]), items["relevant"][1]
                relevant = self.expression(relevant_text, rline, "relevant")
                if relevant is not None:
                    if relevant.uses_current():
                        self.err(rline, "ใช้ . ใน relevant ไม่ได้ (ใช้ได้ใน constraint)",
                                 "'.' cannot be used in relevant (only in constraint)")
                    check_refs(relevant, rline, "relevant", True, names, repeat)

            if base in ("begin_group", "begin_repeat"):
                for key in ("required", "constraint", "constraint_message::th",
                            "constraint_message::en"):
                    if key in items:
                        self.err(items[key][1], f"{base} ใช้คีย์ {key!r} ไม่ได้",
                                 f"{base} takes no {key!r}")
                repeat_over = None
                if base == "begin_repeat":
                    repeat_over = items.get("repeat_over", (None,))[0]
                    if repeat_over not in REPEAT_SOURCES:
                        self.err(items.get("repeat_over", (0, line))[1],
                                 f"begin_repeat ต้องมี repeat_over เป็นหนึ่งใน {', '.join(REPEAT_SOURCES)}",
                                 f"begin_repeat needs repeat_over: one of {', '.join(REPEAT_SOURCES)}")
                    if repeat is not None:
                        self.err(line, "ไม่รองรับชุดคำถามซ้ำซ้อนกัน", "nested repeats are not supported")
                elif "repeat_over" in items:
                    self.err(items["repeat_over"][1], "repeat_over ใช้ได้กับ begin_repeat เท่านั้น",
                             "repeat_over belongs on begin_repeat only")
                section = Section("repeat" if base == "begin_repeat" else "group", name, label,
                                  hint, relevant, relevant_text or "", repeat_over,
                                  str(appearance), line)
                container().append(section)
                stack.append(section)
                names[name] = line
                continue

            if "repeat_over" in items:
                self.err(items["repeat_over"][1], "repeat_over ใช้ได้กับ begin_repeat เท่านั้น",
                         "repeat_over belongs on begin_repeat only")
            required = items.get("required", (False,))[0]
            if not isinstance(required, bool):
                self.err(items["required"][1], "required ต้องเป็น true หรือ false",
                         "required must be true or false")
                required = False
            constraint, constraint_text = None, ""
            cmsg = self.labels(items, "constraint_message", line, False)
            if base == "note":
                for key in ("required", "constraint"):
                    if key in items:
                        self.err(items[key][1], f"note ใช้คีย์ {key!r} ไม่ได้",
                                 f"a note takes no {key!r}")
                required = False
            elif "constraint" in items:
                constraint_text, cline = _text(items["constraint"]), items["constraint"][1]
                constraint = self.expression(constraint_text, cline, "constraint")
                if constraint is not None:
                    pending.append((constraint, cline, repeat))
            q_choices = ()
            if base == "scale5":
                q_choices = SCALE5
            elif list_name is not None:
                q_choices = choices.get(list_name, ())
            q = Question(base, name, label, hint, required, relevant, relevant_text or "",
                         constraint, constraint_text or "", cmsg, list_name, q_choices,
                         str(appearance), line, repeat)
            container().append(q)
            names[name] = line
            repeat_of[name] = repeat
            questions[name] = q

        for section in stack:
            self.err(section.line, f"begin_{section.kind} {section.name!r} ไม่มี end_{section.kind} ปิด",
                     f"begin_{section.kind} {section.name!r} is never closed by end_{section.kind}")
        for constraint, cline, repeat in pending:
            check_refs(constraint, cline, "constraint", False, names, repeat)
        if not questions:
            self.err(sline, "survey ไม่มีคำถามเลย", "survey has no questions")
        return root, questions

    def expression(self, text, line: int, what: str) -> Expr | None:
        if not isinstance(text, str):
            self.err(line, f"{what} ต้องเป็นข้อความ", f"{what} must be text")
            return None
        try:
            return _expr.parse(text)
        except ExpressionError as exc:
            self.err(line, f"{what} ไม่ถูกต้อง: {exc.message} (ตำแหน่ง {exc.position})",
                     f"invalid {what} at position {exc.position}")
            return None

    # -- answer key
    def load_key(self, entry, questions: dict, level) -> dict:
        key: dict[str, str] = {}
        given: set[str] = set()
        if entry is not None:
            _, kline, node = entry
            if level != "learning":
                self.err(kline, "answer_key ใช้ได้กับแบบทดสอบความรู้ (level: learning) เท่านั้น",
                         "answer_key belongs to knowledge tests (level: learning) only")
            if not isinstance(node, MappingNode):
                self.err(kline, "answer_key ต้องเป็น mapping ชื่อข้อ: ตัวเลือก",
                         "answer_key must map a question name to its correct choice")
                return key
            for qname, kentry in self.b.items(node).items():
                value, line = _text(kentry), kentry[1]
                given.add(qname)
                q = questions.get(qname)
                if q is None:
                    self.err(line, f"answer_key: ไม่มีข้อ {qname!r}",
                             f"answer_key: no question named {qname!r}")
                    continue
                if q.type != "select_one":
                    self.err(line, f"answer_key: ข้อ {qname!r} ไม่ใช่คำถามแบบเลือกตอบ (select_one)",
                             f"answer_key: {qname!r} is not a select_one question")
                    continue
                value = str(value) if value is not None else ""
                match = [c for c in q.choices if value in (c.name, c.mark)]
                if not match:
                    self.err(line, f"answer_key: ข้อ {qname!r} ไม่มีตัวเลือก {value!r}",
                             f"answer_key: {qname!r} has no choice {value!r}")
                    continue
                key[qname] = match[0].name
        if level == "learning":
            line = entry[1] if entry is not None else 1
            for q in questions.values():
                if q.type == "select_one" and q.name not in given:
                    self.err(q.line if entry is None else line,
                             f"แบบทดสอบไม่มีเฉลยของข้อ {q.name!r}",
                             f"the test has no answer key for {q.name!r}")
            if not key and not any(q.type == "select_one" for q in questions.values()):
                self.err(line, "แบบทดสอบต้องมีข้อเลือกตอบพร้อมเฉลย",
                         "a knowledge test needs select_one items with an answer key")
        return key


# --------------------------------------------------------------------------- expansion

@dataclass
class Field:
    """One question as rendered: ``key`` is the form field name."""
    question: Question
    key: str
    label: dict
    hint: dict
    repeat: str | None = None
    instance: str | None = None

    @property
    def name(self) -> str:
        return self.question.name

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def choices(self) -> tuple:
        return self.question.choices

    @property
    def html_id(self) -> str:
        return "f-" + self.key.replace(".", "-")


@dataclass
class Block:
    """A group, a repeat, or one instance of a repeat (one activity, one session)."""
    kind: str                       # "group" | "repeat" | "instance"
    section: Section
    key: str
    label: dict
    hint: dict
    instance: str | None = None
    item: Mapping | None = None     # the activity/session dict of an instance
    children: list = field(default_factory=list)


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _substitute(labels: dict, item: Mapping | None) -> dict:
    if not item:
        return dict(labels)

    def repl(m):
        value = item.get(m.group(1))
        if value is None or isinstance(value, (dict, list)):
            return ""
        return str(value)
    return {lang: _PLACEHOLDER.sub(repl, text) for lang, text in labels.items()}


def _instance_label(source: str, item: Mapping) -> dict:
    if source == "agenda_sessions":
        title = str(item.get("title") or "")
        speaker = str(item.get("speaker") or "")
        text = f"{title} — {speaker}" if speaker else title
    else:
        text = str(item.get("label") or item.get("title") or item.get("id"))
    return {"th": text, "en": text}


def sample_context() -> dict:
    """Stand-in activities and sessions for previews and printing blank forms."""
    return {
        "plan_activities": [
            {"id": "1", "label": "กิจกรรมที่ 1 / Activity 1"},
            {"id": "2", "label": "กิจกรรมที่ 2 / Activity 2"},
        ],
        "agenda_sessions": [
            {"id": "1", "title": "บทบาทหน้าที่ของกรรมการสหกรณ์", "speaker": "วิทยากร / Speaker"},
            {"id": "2", "title": "การวิเคราะห์สถานการณ์และกำหนดปัญหาของสหกรณ์แบบมีส่วนร่วม",
             "speaker": "วิทยากร / Speaker"},
        ],
    }


def expand(defn: Definition, context: Mapping | None = None) -> list:
    """The render tree: ``Block`` and ``Field`` nodes in file order.

    ``context`` holds the instances of repeats: ``{"plan_activities": [{"id", "label"}],
    "agenda_sessions": [{"id", "title", "speaker"}]}``.  A repeat with no instances
    in the context renders as an empty block.  Labels inside a repeat may use
    ``{label}``, ``{title}``, ``{speaker}`` (any key of the instance).
    """
    context = context or {}

    def build(nodes, repeat=None, instance=None, item=None):
        out = []
        for node in nodes:
            if isinstance(node, Question):
                key = node.name if instance is None else f"{repeat}.{instance}.{node.name}"
                out.append(Field(node, key, _substitute(node.label, item),
                                 _substitute(node.hint, item), repeat, instance))
            elif node.kind == "group":
                key = node.name if instance is None else f"{repeat}.{instance}.{node.name}"
                out.append(Block("group", node, key, _substitute(node.label, item),
                                 _substitute(node.hint, item), instance, item,
                                 build(node.children, repeat, instance, item)))
            else:
                block = Block("repeat", node, node.name, dict(node.label), dict(node.hint))
                for inst in context.get(node.repeat_over) or []:
                    iid = str(inst.get("id", ""))
                    if not _INSTANCE_RE.fullmatch(iid):
                        raise ValueError(f"bad instance id {iid!r} for {node.repeat_over}")
                    block.children.append(Block(
                        "instance", node, f"{node.name}.{iid}",
                        _instance_label(node.repeat_over, inst), {}, iid, inst,
                        build(node.children, node.name, iid, inst)))
                out.append(block)
        return out

    return build(defn.children)


def iter_fields(nodes):
    for node in nodes:
        if isinstance(node, Field):
            yield node
        else:
            yield from iter_fields(node.children)


def _raw_value(answers: Mapping, f: Field):
    if not isinstance(answers, Mapping):
        return None
    if f.instance is None:
        return answers.get(f.question.name)
    rep = answers.get(f.repeat)
    if not isinstance(rep, Mapping):
        return None
    inst = rep.get(f.instance)
    if not isinstance(inst, Mapping):
        return None
    return inst.get(f.question.name)


def from_form(defn: Definition, form, context: Mapping | None = None) -> dict:
    """Raw answers (the nested shape) from posted fields keyed by ``Field.key``.

    ``form`` is a mapping; if it has ``getlist`` (werkzeug MultiDict) it is used
    for select_multiple fields.
    """
    raw: dict = {}
    for f in iter_fields(expand(defn, context)):
        if not f.question.is_input:
            continue
        if f.type == "select_multiple":
            value = form.getlist(f.key) if hasattr(form, "getlist") else form.get(f.key)
        else:
            value = form.get(f.key)
        if value is None:
            continue
        if f.instance is None:
            raw[f.name] = value
        else:
            raw.setdefault(f.repeat, {}).setdefault(f.instance, {})[f.name] = value
    return raw


# --------------------------------------------------------------------------- values

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_INT_RE = re.compile(r"[+-]?[0-9]+")
_DEC_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DATE_RE = re.compile(r"([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})")
_ISO_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")

MESSAGES = {
    "required": _bi("กรุณาตอบข้อนี้", "This question is required."),
    "integer": _bi("กรุณากรอกเป็นจำนวนเต็ม", "Please enter a whole number."),
    "decimal": _bi("กรุณากรอกเป็นตัวเลข", "Please enter a number."),
    "date": _bi("กรุณากรอกวันที่แบบ วว/ดด/ปปปป (พ.ศ.) เช่น 15/12/2565",
                "Please enter a date as DD/MM/YYYY in the Buddhist Era, e.g. 15/12/2565."),
    "choice": _bi("กรุณาเลือกจากตัวเลือกที่กำหนด", "Please pick one of the choices."),
    "text": _bi(f"ข้อความยาวเกิน {MAX_TEXT} ตัวอักษร",
                f"The text is longer than {MAX_TEXT} characters."),
    "constraint": _bi("คำตอบไม่อยู่ในเงื่อนไขที่กำหนด", "The answer is not allowed."),
}


def parse_be_date(text) -> _dt.date | None:
    """``15/12/2565`` (Buddhist Era, year >= 2400) or ``15/12/2022`` or ISO -> date."""
    if isinstance(text, _dt.datetime):
        return text.date()
    if isinstance(text, _dt.date):
        return text
    if not isinstance(text, str):
        return None
    s = text.translate(_THAI_DIGITS).strip()
    m = _ISO_RE.fullmatch(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DATE_RE.fullmatch(s)
        if not m:
            return None
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y >= 2400:
        y -= 543
    if not 1900 <= y <= 2200:
        return None
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


def format_be_date(value) -> str:
    """An ISO date or ``date`` -> ``15/12/2565``; anything else as text."""
    d = parse_be_date(value) if not isinstance(value, _dt.date) else value
    if d is None:
        return "" if value is None else str(value)
    return f"{d.day:02d}/{d.month:02d}/{d.year + 543}"


def _empty(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, (list, tuple)):
        return all(_empty(v) for v in raw)
    return False


def _scalar(raw):
    if isinstance(raw, (list, tuple)):
        raw = [v for v in raw if not _empty(v)]
        return raw[0] if len(raw) == 1 else None
    return raw


def parse_value(q: Question, raw):
    """``(value, None)`` or ``(None, message)``; empty input gives ``(None, None)``."""
    if _empty(raw):
        return None, None
    t = q.type
    if t in ("select_one", "scale5"):
        v = _scalar(raw)
        if isinstance(v, bool) or v is None:
            return None, MESSAGES["choice"]
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        v = str(v).strip()
        if q.choice(v) is None:
            return None, MESSAGES["choice"]
        return (int(v) if t == "scale5" else v), None
    if t == "select_multiple":
        items = raw.split() if isinstance(raw, str) else [str(x).strip() for x in raw if not _empty(x)]
        chosen = set(items)
        if any(q.choice(x) is None for x in chosen):
            return None, MESSAGES["choice"]
        return [c.name for c in q.choices if c.name in chosen], None
    if t == "integer":
        v = _scalar(raw)
        if isinstance(v, bool) or v is None:
            return None, MESSAGES["integer"]
        if isinstance(v, int):
            return v, None
        if isinstance(v, float):
            return (int(v), None) if v.is_integer() and abs(v) < 1e12 else (None, MESSAGES["integer"])
        s = str(v).translate(_THAI_DIGITS).replace(",", "").strip()
        if not _INT_RE.fullmatch(s) or len(s) > 13:
            return None, MESSAGES["integer"]
        return int(s), None
    if t == "decimal":
        v = _scalar(raw)
        if isinstance(v, bool) or v is None:
            return None, MESSAGES["decimal"]
        if isinstance(v, (int, float)):
            return float(v), None
        s = str(v).translate(_THAI_DIGITS).replace(",", "").strip()
        if not _DEC_RE.fullmatch(s) or len(s) > 20:
            return None, MESSAGES["decimal"]
        return float(s), None
    if t == "date":
        d = parse_be_date(_scalar(raw))
        if d is None:
            return None, MESSAGES["date"]
        return d.isoformat(), None
    if t == "text":
        v = _scalar(raw)
        if v is None:
            return None, MESSAGES["text"]
        s = unicodedata.normalize("NFC", str(v)).strip()
        if len(s) > MAX_TEXT:
            return None, MESSAGES["text"]
        return s, None
    return None, None


# --------------------------------------------------------------------------- checking

@dataclass
class Result:
    cleaned: dict               # typed answers of visible questions (nested for repeats)
    errors: dict                # Field.key -> "ไทย / English" message
    visible: list               # Fields shown, in order (notes included)

    @property
    def ok(self) -> bool:
        return not self.errors


def check(defn: Definition, answers: Mapping | None, context: Mapping | None = None,
          enforce_required: bool = True) -> Result:
    """Relevance, parsing, required and constraints in one pass, in file order.

    A question whose ``relevant`` is false is hidden: its answer is dropped and it
    counts as unanswered ("") for the questions after it.  ``enforce_required=False``
    is for staff keying in a paper form on which the respondent left items blank.
    """
    answers = answers or {}
    cleaned: dict = {}
    errors: dict = {}
    visible: list = []
    pending: list = []

    def scope(f_or_block_instance, repeat):
        if f_or_block_instance is None:
            return cleaned
        inst = cleaned.get(repeat, {}).get(f_or_block_instance, {})
        return ChainMap(inst, cleaned)

    def shown(expression, instance, repeat) -> bool:
        if expression is None:
            return True
        return _expr.truthy(_expr.evaluate(expression, scope(instance, repeat)))

    def walk(nodes, repeat=None):
        for node in nodes:
            if isinstance(node, Block):
                rep = node.section.name if node.kind in ("repeat", "instance") else repeat
                if node.kind == "instance":
                    cleaned.setdefault(rep, {}).setdefault(node.instance, {})
                    walk(node.children, rep)
                    continue
                inst = node.instance
                if not shown(node.section.relevant, inst, repeat):
                    continue
                walk(node.children, rep)
                continue
            f = node
            q = f.question
            if not shown(q.relevant, f.instance, f.repeat):
                continue
            visible.append(f)
            if not q.is_input:
                continue
            value, message = parse_value(q, _raw_value(answers, f))
            if message:
                errors[f.key] = message
                continue
            if value is None or value == []:
                if q.required and enforce_required:
                    errors[f.key] = MESSAGES["required"]
                continue
            if f.instance is None:
                cleaned[q.name] = value
            else:
                cleaned[f.repeat][f.instance][q.name] = value
            if q.constraint is not None:
                pending.append((f, value))

    walk(expand(defn, context))
    for f, value in pending:
        q = f.question
        if not _expr.truthy(_expr.evaluate(q.constraint, scope(f.instance, f.repeat), value)):
            if q.constraint_message:
                th = q.constraint_message.get("th") or MESSAGES["constraint"].split(" / ")[0]
                en = q.constraint_message.get("en") or MESSAGES["constraint"].split(" / ")[1]
                errors[f.key] = _bi(th, en)
            else:
                errors[f.key] = MESSAGES["constraint"]
    order = {f.key: i for i, f in enumerate(visible)}
    errors = dict(sorted(errors.items(), key=lambda kv: order.get(kv[0], 0)))
    # drop empty repeat instances so hidden/unanswered ones leave no trace
    for rep in defn.repeats():
        if rep.name in cleaned:
            cleaned[rep.name] = {k: v for k, v in cleaned[rep.name].items() if v}
            if not cleaned[rep.name]:
                del cleaned[rep.name]
    return Result(cleaned, errors, visible)


def visible_questions(defn: Definition, answers: Mapping | None,
                      context: Mapping | None = None) -> list:
    """The ``Field``s to show given the answers so far (relevant evaluated)."""
    return check(defn, answers, context).visible


def validate_answers(defn: Definition, answers: Mapping | None,
                     context: Mapping | None = None) -> dict:
    """``{Field.key: "ข้อความไทย / English message"}``; empty when all is well."""
    return check(defn, answers, context).errors


def clean_answers(defn: Definition, answers: Mapping | None,
                  context: Mapping | None = None) -> dict:
    """Typed answers of the visible questions; invalid and hidden ones left out."""
    return check(defn, answers, context).cleaned


def score(defn: Definition, answers: Mapping | None) -> tuple[int, int]:
    """``(correct, total)`` against the answer key (total = keyed items)."""
    answers = answers or {}
    correct = 0
    for name, key in defn.answer_key.items():
        given = answers.get(name)
        if isinstance(given, str):
            given = given.strip()
        if given is not None and str(given) == key:
            correct += 1
    return correct, len(defn.answer_key)
