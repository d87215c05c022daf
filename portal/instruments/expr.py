"""A small, safe expression language for ``relevant`` and ``constraint``.

It follows the XLSForm/XPath subset that questionnaire authors know::

    ${age} >= 18 and selected(${lines}, 'credit')
    . >= 0 and . <= 100
    not(selected(., 'none') and count-selected(.) > 1)

The text is tokenised and parsed by hand (recursive descent) into a small tree
of nodes, and the tree is evaluated by walking it.  Nothing here calls ``eval``,
``exec``, ``compile`` or looks up Python attributes by name: a name in an
expression can only ever be a key of the answers dictionary or one of the few
functions listed in ``FUNCTIONS``.

Values are ``str`` (an unanswered question is ``""``), ``float``, ``bool`` and
``list`` of ``str`` (a select_multiple answer).  Semantics follow XLSForm:

* ``=`` and ``!=`` compare numerically when both sides look like numbers,
  otherwise as text; ``"" = ""`` is true, ``"" = 5`` is false;
* ``<``, ``<=``, ``>``, ``>=`` are false whenever a side is empty or not a number;
* arithmetic on an empty or non-numeric value gives NaN, and NaN is false.

Plain Python, no Flask, no database.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "Expr", "ExpressionError", "parse", "evaluate", "truthy", "to_number",
    "MAX_LENGTH", "MAX_DEPTH", "FUNCTIONS",
]

MAX_LENGTH = 500
MAX_DEPTH = 40

# name -> (min args, max args)
FUNCTIONS: dict[str, tuple[int, int]] = {
    "selected": (2, 2),
    "count-selected": (1, 1),
    "string-length": (1, 1),
    "not": (1, 1),
    "true": (0, 0),
    "false": (0, 0),
    "number": (1, 1),
    "int": (1, 1),
    "string": (1, 1),
    "if": (3, 3),
    "coalesce": (2, 2),
    "concat": (1, 10),
}

KEYWORDS = {"and", "or", "div", "mod", "not"}


class ExpressionError(ValueError):
    """A parse error with a bilingual message and a 0-based character position."""

    def __init__(self, message: str, position: int = 0):
        self.message = message
        self.position = position
        super().__init__(f"{message} (ตำแหน่ง / position {position})")


# --------------------------------------------------------------------------- tokens

@dataclass(frozen=True)
class Token:
    kind: str   # num, str, ref, dot, op, name, lparen, rparen, comma, end
    text: str
    pos: int


_NAME_START = re.compile(r"[A-Za-z_]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_REF_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
_OPS = ("!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "/")


def tokenize(text: str) -> list[Token]:
    if not isinstance(text, str):
        raise ExpressionError("นิพจน์ต้องเป็นข้อความ / An expression must be text", 0)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"นิพจน์ยาวเกิน {MAX_LENGTH} ตัวอักษร / Expression longer than {MAX_LENGTH} characters",
            MAX_LENGTH)
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
            continue
        if c.isdigit() and c.isascii() or (c == "." and i + 1 < n and text[i + 1].isascii()
                                           and text[i + 1].isdigit()):
            m = _NUMBER.match(text, i)
            tokens.append(Token("num", m.group(), i))
            i = m.end()
            continue
        if c == ".":
            tokens.append(Token("dot", c, i))
            i += 1
            continue
        if c in "'\"":
            end = text.find(c, i + 1)
            if end < 0:
                raise ExpressionError(
                    "ข้อความในเครื่องหมายคำพูดไม่มีเครื่องหมายปิด / Unterminated quoted string", i)
            tokens.append(Token("str", text[i + 1:end], i))
            i = end + 1
            continue
        if c == "$":
            if i + 1 >= n or text[i + 1] != "{":
                raise ExpressionError(
                    "หลัง $ ต้องตามด้วย {ชื่อคำถาม} / Expected ${name} after $", i)
            end = text.find("}", i + 2)
            name = text[i + 2:end] if end >= 0 else ""
            if end < 0 or not _REF_NAME.fullmatch(name):
                raise ExpressionError(
                    "การอ้างถึงคำถามต้องเขียนแบบ ${ชื่อคำถาม} / A reference must look like ${name}", i)
            tokens.append(Token("ref", name, i))
            i = end + 1
            continue
        if c == "(":
            tokens.append(Token("lparen", c, i))
            i += 1
            continue
        if c == ")":
            tokens.append(Token("rparen", c, i))
            i += 1
            continue
        if c == ",":
            tokens.append(Token("comma", c, i))
            i += 1
            continue
        if c.isascii() and _NAME_START.match(c):
            m = _NAME.match(text, i)
            tokens.append(Token("name", m.group(), i))
            i = m.end()
            continue
        for op in _OPS:
            if text.startswith(op, i):
                tokens.append(Token("op", op, i))
                i += len(op)
                break
        else:
            raise ExpressionError(f"ไม่รู้จักเครื่องหมาย {c!r} / Unexpected character {c!r}", i)
    tokens.append(Token("end", "", n))
    return tokens


# --------------------------------------------------------------------------- nodes

class Expr:
    """A parsed expression (a node of the syntax tree)."""

    __slots__ = ()

    def references(self) -> set[str]:
        out: set[str] = set()
        self._collect(out)
        return out

    def uses_current(self) -> bool:
        return any(isinstance(n, Current) for n in self.walk())

    def walk(self):
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children())

    def children(self) -> tuple["Expr", ...]:
        return ()

    def depth(self) -> int:
        kids = self.children()
        return 1 + (max(k.depth() for k in kids) if kids else 0)

    def _collect(self, out: set[str]) -> None:
        for node in self.walk():
            if isinstance(node, Ref):
                out.add(node.name)

    def evaluate(self, answers: dict, current=None):
        return evaluate(self, answers, current)


@dataclass(frozen=True, slots=True)
class Num(Expr):
    value: float

    def __str__(self) -> str:
        v = self.value
        if v == int(v) and abs(v) < 1e15:
            return str(int(v))
        text = repr(v)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
        return text


@dataclass(frozen=True, slots=True)
class Str(Expr):
    value: str

    def __str__(self) -> str:
        return f'"{self.value}"' if "'" in self.value else f"'{self.value}'"


@dataclass(frozen=True, slots=True)
class Ref(Expr):
    name: str

    def __str__(self) -> str:
        return "${" + self.name + "}"


@dataclass(frozen=True, slots=True)
class Current(Expr):
    def __str__(self) -> str:
        return "."


@dataclass(frozen=True, slots=True)
class Neg(Expr):
    operand: Expr

    def children(self):
        return (self.operand,)

    def __str__(self) -> str:
        return f"-({self.operand})"


@dataclass(frozen=True, slots=True)
class Not(Expr):
    operand: Expr

    def children(self):
        return (self.operand,)

    def __str__(self) -> str:
        return f"not({self.operand})"


@dataclass(frozen=True, slots=True)
class Binary(Expr):
    op: str
    left: Expr
    right: Expr

    def children(self):
        return (self.left, self.right)

    def __str__(self) -> str:
        return f"({self.left} {self.op} {self.right})"


@dataclass(frozen=True, slots=True)
class Call(Expr):
    name: str
    args: tuple[Expr, ...]

    def children(self):
        return self.args

    def __str__(self) -> str:
        return f"{self.name}({', '.join(str(a) for a in self.args)})"


# --------------------------------------------------------------------------- parser

_EQUALITY = ("=", "!=")
_RELATIONAL = ("<", "<=", ">", ">=")


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"นิพจน์ซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น / Expression nested deeper than {MAX_DEPTH}", pos)

    def leave(self) -> None:
        self.depth -= 1

    def is_word(self, word: str) -> bool:
        return self.tok.kind == "name" and self.tok.text == word

    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise ExpressionError("นิพจน์ว่างเปล่า / Empty expression", 0)
        node = self.parse_or()
        if self.tok.kind != "end":
            raise ExpressionError(
                f"ไม่คาดว่าจะพบ {self.tok.text!r} ตรงนี้ / Unexpected {self.tok.text!r}", self.tok.pos)
        if node.depth() > MAX_DEPTH:
            raise ExpressionError(
                f"นิพจน์ซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น / Expression nested deeper than {MAX_DEPTH}", 0)
        return node

    def parse_or(self) -> Expr:
        node = self.parse_and()
        while self.is_word("or"):
            self.advance()
            node = Binary("or", node, self.parse_and())
        return node

    def parse_and(self) -> Expr:
        node = self.parse_not()
        while self.is_word("and"):
            self.advance()
            node = Binary("and", node, self.parse_not())
        return node

    def parse_not(self) -> Expr:
        # `not x` as a prefix operator; `not(x)` is the XPath function, parsed as a primary.
        if self.is_word("not") and self.tokens[self.i + 1].kind != "lparen":
            tok = self.advance()
            self.enter(tok.pos)
            node = Not(self.parse_not())
            self.leave()
            return node
        return self.parse_equality()

    def parse_equality(self) -> Expr:
        node = self.parse_relational()
        while self.tok.kind == "op" and self.tok.text in _EQUALITY:
            op = self.advance().text
            node = Binary(op, node, self.parse_relational())
        return node

    def parse_relational(self) -> Expr:
        node = self.parse_additive()
        while self.tok.kind == "op" and self.tok.text in _RELATIONAL:
            op = self.advance().text
            node = Binary(op, node, self.parse_additive())
        return node

    def parse_additive(self) -> Expr:
        node = self.parse_multiplicative()
        while self.tok.kind == "op" and self.tok.text in ("+", "-"):
            op = self.advance().text
            node = Binary(op, node, self.parse_multiplicative())
        return node

    def parse_multiplicative(self) -> Expr:
        node = self.parse_unary()
        while (self.tok.kind == "op" and self.tok.text in ("*", "/")) or \
                self.is_word("div") or self.is_word("mod"):
            op = self.advance().text
            if op == "/":
                op = "div"
            node = Binary(op, node, self.parse_unary())
        return node

    def parse_unary(self) -> Expr:
        if self.tok.kind == "op" and self.tok.text == "-":
            tok = self.advance()
            self.enter(tok.pos)
            node = Neg(self.parse_unary())
            self.leave()
            return node
        return self.parse_primary()

    def parse_primary(self) -> Expr:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            return Num(float(tok.text))
        if tok.kind == "str":
            self.advance()
            return Str(tok.text)
        if tok.kind == "ref":
            self.advance()
            return Ref(tok.text)
        if tok.kind == "dot":
            self.advance()
            return Current()
        if tok.kind == "lparen":
            self.advance()
            self.enter(tok.pos)
            node = self.parse_or()
            self.leave()
            self.expect("rparen", ")")
            return node
        if tok.kind == "name":
            return self.parse_call()
        if tok.kind == "end":
            raise ExpressionError("นิพจน์จบไม่สมบูรณ์ / Expression ends too early", tok.pos)
        raise ExpressionError(f"ไม่คาดว่าจะพบ {tok.text!r} ตรงนี้ / Unexpected {tok.text!r}", tok.pos)

    def parse_call(self) -> Expr:
        tok = self.advance()
        name = tok.text
        if name not in FUNCTIONS:
            if name in KEYWORDS:
                raise ExpressionError(
                    f"ไม่คาดว่าจะพบ {name!r} ตรงนี้ / Unexpected {name!r}", tok.pos)
            raise ExpressionError(
                f"ไม่รู้จักฟังก์ชันหรือชื่อ {name!r} (คำถามต้องเขียนแบบ ${{ชื่อ}}) / "
                f"Unknown function or name {name!r} (write questions as ${{name}})", tok.pos)
        if self.tok.kind != "lparen":
            raise ExpressionError(
                f"หลังชื่อฟังก์ชัน {name} ต้องมีวงเล็บ / Expected '(' after {name}", self.tok.pos)
        self.advance()
        self.enter(tok.pos)
        args: list[Expr] = []
        if self.tok.kind != "rparen":
            args.append(self.parse_or())
            while self.tok.kind == "comma":
                self.advance()
                args.append(self.parse_or())
        self.leave()
        self.expect("rparen", ")")
        low, high = FUNCTIONS[name]
        if not low <= len(args) <= high:
            want = str(low) if low == high else f"{low}–{high}"
            raise ExpressionError(
                f"ฟังก์ชัน {name} ต้องมีอาร์กิวเมนต์ {want} ตัว แต่พบ {len(args)} ตัว / "
                f"{name}() takes {want} argument(s), got {len(args)}", tok.pos)
        if name == "not":
            return Not(args[0])
        return Call(name, tuple(args))

    def expect(self, kind: str, text: str) -> None:
        if self.tok.kind != kind:
            raise ExpressionError(
                f"ต้องมี {text!r} ตรงนี้ / Expected {text!r}", self.tok.pos)
        self.advance()


def parse(text: str) -> Expr:
    """Parse ``text`` into an expression tree; raises ``ExpressionError`` only."""
    return _Parser(text).parse()


# --------------------------------------------------------------------------- values

_NUMERIC_TEXT = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")


def _is_empty(value) -> bool:
    return value is None or value == "" or value == []


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(_as_text(v) for v in value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(Num(value))
    if isinstance(value, int):
        return str(value)
    return str(value)


def to_number(value) -> float:
    """The numeric value of ``value`` (NaN when it is empty or not a number)."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and _NUMERIC_TEXT.fullmatch(value):
        return float(value)
    return math.nan


def _looks_numeric(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float, Decimal)):
        return True
    return isinstance(value, str) and bool(_NUMERIC_TEXT.fullmatch(value))


def truthy(value) -> bool:
    """XPath boolean(): empty text, empty list, 0 and NaN are false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return not (value == 0 or (isinstance(value, float) and math.isnan(value)))
    if isinstance(value, (list, tuple)):
        return len(value) > 0
    if value is None:
        return False
    return str(value) != ""


def _selected_items(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [_as_text(v) for v in value if not _is_empty(v)]
    return _as_text(value).split()


def _isnan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _equal(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return truthy(a) == truthy(b)
    if _isnan(a) or _isnan(b):
        return False            # NaN equals nothing, as in XPath
    a_empty, b_empty = _is_empty(a), _is_empty(b)
    if a_empty or b_empty:
        return a_empty and b_empty
    if _looks_numeric(a) and _looks_numeric(b):
        return to_number(a) == to_number(b)
    return _as_text(a) == _as_text(b)


def _compare(op: str, a, b) -> bool:
    if _is_empty(a) or _is_empty(b):
        return False
    x, y = to_number(a), to_number(b)
    if math.isnan(x) or math.isnan(y):
        return False
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == ">":
        return x > y
    return x >= y


def _arith(op: str, a, b) -> float:
    x, y = to_number(a), to_number(b)
    if math.isnan(x) or math.isnan(y):
        return math.nan
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if y == 0:
        return math.nan
    if op == "div":
        return x / y
    return math.fmod(x, y)


# --------------------------------------------------------------------------- evaluator

def _lookup(answers, name):
    if answers is None:
        return ""
    value = answers.get(name, "") if isinstance(answers, Mapping) else ""
    if value is None:
        return ""
    return value


def _eval(node: Expr, answers, current):
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Str):
        return node.value
    if isinstance(node, Ref):
        return _lookup(answers, node.name)
    if isinstance(node, Current):
        return "" if current is None else current
    if isinstance(node, Neg):
        return -to_number(_eval(node.operand, answers, current))
    if isinstance(node, Not):
        return not truthy(_eval(node.operand, answers, current))
    if isinstance(node, Binary):
        op = node.op
        if op == "and":
            return truthy(_eval(node.left, answers, current)) and \
                truthy(_eval(node.right, answers, current))
        if op == "or":
            return truthy(_eval(node.left, answers, current)) or \
                truthy(_eval(node.right, answers, current))
        left = _eval(node.left, answers, current)
        right = _eval(node.right, answers, current)
        if op == "=":
            return _equal(left, right)
        if op == "!=":
            return not _equal(left, right)
        if op in _RELATIONAL:
            return _compare(op, left, right)
        return _arith(op, left, right)
    if isinstance(node, Call):
        return _call(node, answers, current)
    raise TypeError(f"not an expression node: {type(node).__name__}")


def _call(node: Call, answers, current):
    name = node.name
    if name == "if":
        cond = truthy(_eval(node.args[0], answers, current))
        return _eval(node.args[1] if cond else node.args[2], answers, current)
    args = [_eval(a, answers, current) for a in node.args]
    if name == "selected":
        return _as_text(args[1]).strip() in _selected_items(args[0])
    if name == "count-selected":
        return float(len(_selected_items(args[0])))
    if name == "string-length":
        return float(len(_as_text(args[0])))
    if name == "true":
        return True
    if name == "false":
        return False
    if name == "number":
        return to_number(args[0])
    if name == "int":
        x = to_number(args[0])
        return x if math.isnan(x) or math.isinf(x) else float(math.trunc(x))
    if name == "string":
        return _as_text(args[0])
    if name == "coalesce":
        return args[1] if _is_empty(args[0]) else args[0]
    if name == "concat":
        return "".join(_as_text(a) for a in args)
    raise TypeError(f"unknown function {name}")  # unreachable: checked at parse time


def evaluate(expr, answers: dict | None, current=None):
    """Evaluate ``expr`` (an ``Expr`` or text) over ``answers``.

    ``answers`` maps question names to values (unanswered: missing, ``None`` or
    ``""``); ``current`` is the value of ``.`` (the question being checked).
    """
    if isinstance(expr, str):
        expr = parse(expr)
    return _eval(expr, answers, current)
