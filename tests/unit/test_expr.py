"""The safe expression language of relevant/constraint (portal.instruments.expr)."""
import ast
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.instruments import expr as E
from portal.instruments.expr import ExpressionError, evaluate, parse, truthy


def ev(text, answers=None, current=None):
    return evaluate(parse(text), answers or {}, current)


# --------------------------------------------------------------------------- basics

@pytest.mark.parametrize("text, value", [
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("10 - 4 - 3", 3),                  # left associative
    ("2 * 3 mod 4", 2),                 # same level, left to right
    ("7 div 2", 3.5),
    ("7 / 2", 3.5),
    ("7 mod 3", 1),
    ("-7 mod 3", -1),                   # XPath: sign of the dividend
    ("-2 * 3", -6),
    ("- - 2", 2),
    ("1 < 2 = 2 > 1", True),            # relational binds tighter than equality
    ("1 = 1 or 1 = 2 and 1 = 2", True),  # and binds tighter than or
    ("not 1 = 2", True),
    ("not(1) = false()", True),         # XPath function form
    (".5 + .5", 1),
    ("1 div 0 = 1 div 0", False),       # NaN never equals
])
def test_precedence_and_arithmetic(text, value):
    assert ev(text) == value


def test_strings_and_quotes():
    assert ev('"it\'s"') == "it's"
    assert ev("'ก ข' = \"ก ข\"") is True
    assert ev("concat('a', 1, 'b')") == "a1b"


def test_references_and_current():
    e = parse("${a} > 1 and selected(${b}, 'x') or . = 3")
    assert e.references() == {"a", "b"}
    assert e.uses_current()
    assert not parse("${a} = 1").uses_current()
    assert ev(". >= 0 and . <= 100", current=50) is True
    assert ev(". >= 0 and . <= 100", current=101) is False


# --------------------------------------------------------------------------- XLSForm empty semantics

@pytest.mark.parametrize("text, value", [
    ("${q} = ''", True),
    ("${q} != ''", False),
    ("${q} = 0", False),
    ("${q} != 0", True),
    ("${q} > 0", False),
    ("${q} < 0", False),
    ("${q} >= 0", False),
    ("${q} <= 0", False),
    ("${q} + 1 > 0", False),            # NaN arithmetic
    ("string-length(${q}) = 0", True),
    ("count-selected(${q}) = 0", True),
    ("selected(${q}, 'a')", False),
    ("not(${q})", True),
    ("coalesce(${q}, 'x') = 'x'", True),
])
def test_unanswered_is_empty(text, value):
    assert ev(text, {}) is value
    assert ev(text, {"q": None}) is value
    assert ev(text, {"q": ""}) is value


def test_numeric_strings_compare_numerically():
    assert ev("${a} = 5", {"a": "5.0"}) is True
    assert ev("${a} > 10", {"a": "9"}) is False        # not text comparison
    assert ev("${a} < ${b}", {"a": "9", "b": "10"}) is True
    assert ev("${a} = 'abc'", {"a": "abc"}) is True
    assert ev("${a} > 1", {"a": "abc"}) is False
    assert ev("${a} + ${b}", {"a": "2", "b": 3}) == 5


def test_select_multiple_values():
    answers = {"lines": ["deposit", "credit"]}
    assert ev("selected(${lines}, 'credit')", answers) is True
    assert ev("selected(${lines}, 'none')", answers) is False
    assert ev("count-selected(${lines})", answers) == 2
    assert ev("selected(${lines}, 'credit')", {"lines": "deposit credit"}) is True
    c = parse("not(selected(., 'none') and count-selected(.) > 1)")
    assert truthy(evaluate(c, {}, ["none"]))
    assert not truthy(evaluate(c, {}, ["none", "credit"]))


def test_truthy():
    assert truthy("x") and truthy(1) and truthy(["a"]) and truthy(True)
    assert not any(truthy(v) for v in ("", 0, 0.0, math.nan, [], None, False))


# --------------------------------------------------------------------------- errors

@pytest.mark.parametrize("text, position", [
    ("", 0),
    ("1 +", 3),
    ("(1 + 2", 6),
    ("${a} = 'x", 7),
    ("foo(1)", 0),
    ("1 + age", 4),
    ("${a b}", 0),
    ("$a", 0),
    ("1 # 2", 2),
    ("selected(${a})", 0),
    ("1 2", 2),
    ("count-selected(.,.)", 0),
    ("${a} = and", 7),
])
def test_errors_have_position(text, position):
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert info.value.position == position
    assert " / " in info.value.message          # Thai / English


def test_limits():
    with pytest.raises(ExpressionError):
        parse("1 + " * 200 + "1")                 # longer than 500 characters
    with pytest.raises(ExpressionError):
        parse("(" * 60 + "1" + ")" * 60)          # too deep
    with pytest.raises(ExpressionError):
        parse("-" * 100 + "1")
    with pytest.raises(ExpressionError):
        parse("not " * 100 + "1")
    with pytest.raises(ExpressionError):
        parse("+".join(["1"] * 100))              # a left-deep chain is deep too
    parse(" or ".join(f"${{a}} = {i}" for i in range(20)))


# --------------------------------------------------------------------------- no eval, no builtins

def test_module_never_calls_eval_like_builtins():
    tree = ast.parse(Path(E.__file__).read_text(encoding="utf-8"))
    forbidden = {"eval", "exec", "compile", "__import__", "getattr", "globals", "locals",
                 "vars", "literal_eval", "open"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                assert func.id not in forbidden, f"expr.py calls {func.id}()"
            elif isinstance(func, ast.Attribute):   # re.compile is fine, ast.literal_eval is not
                assert func.attr not in {"literal_eval", "__import__"}
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not {"ast", "builtins", "importlib", "os", "subprocess"} & set(modules)


@pytest.mark.parametrize("text", ["__import__('os')", "${__class__}", "open('x')",
                                  "${a}.__class__", "exec('1')", "eval"])
def test_python_names_are_not_reachable(text):
    try:
        value = ev(text, {"a": 1})
    except ExpressionError:
        return
    assert value in ("", False)


# --------------------------------------------------------------------------- property tests

names = st.sampled_from(["a", "b", "c", "q_1"])
safe_text = st.text(alphabet=st.sampled_from(list("abc xyzกขค'")), max_size=6)
leaves = st.one_of(
    st.integers(min_value=0, max_value=10 ** 6).map(lambda n: E.Num(float(n))),
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False).map(
        lambda d: E.Num(float(d))),
    safe_text.map(E.Str),
    names.map(E.Ref),
    st.just(E.Current()),
)


def extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(["and", "or", "=", "!=", "<", "<=", ">", ">=",
                                   "+", "-", "*", "div", "mod"]), children, children).map(
            lambda t: E.Binary(*t)),
        children.map(E.Neg),
        children.map(E.Not),
        st.tuples(children, safe_text.map(E.Str)).map(lambda t: E.Call("selected", t)),
        children.map(lambda c: E.Call("count-selected", (c,))),
        children.map(lambda c: E.Call("string-length", (c,))),
        st.tuples(children, children, children).map(lambda t: E.Call("if", t)),
    )


trees = st.recursive(leaves, extend, max_leaves=12)
values = st.one_of(st.just(""), st.integers(-5, 5), st.sampled_from(["1", "2.5", "x", "ก"]),
                   st.lists(st.sampled_from(["x", "y", "none"]), max_size=3))
answer_dicts = st.dictionaries(names, values)


def same(x, y):
    if isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y):
        return True
    return x == y and type(x) is type(y)


@settings(max_examples=300, deadline=None)
@given(trees, answer_dicts, values)
def test_printed_tree_reparses_to_the_same_value(tree, answers, current):
    text = str(tree)
    if len(text) > E.MAX_LENGTH or tree.depth() > E.MAX_DEPTH // 2:
        return
    again = parse(text)
    assert again.references() == tree.references()
    assert same(evaluate(again, answers, current), evaluate(tree, answers, current))
    assert str(parse(str(again))) == str(again)          # printing is a fixed point


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("${}().,'\"=!<>+-*/ 0123456789abdivmodnotrsel_-กข")),
               max_size=60))
def test_parser_only_raises_expression_error(text):
    try:
        e = parse(text)
    except ExpressionError:
        return
    evaluate(e, {"a": "1"}, "2")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_parser_on_any_text(text):
    try:
        parse(text)
    except ExpressionError:
        pass


class RecordingDict(dict):
    def __init__(self, *args):
        super().__init__(*args)
        self.read = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


@settings(max_examples=200, deadline=None)
@given(trees, answer_dicts)
def test_evaluation_reads_only_referenced_answers(tree, answers):
    recording = RecordingDict(answers)
    evaluate(tree, recording, "")
    assert recording.read <= tree.references()
