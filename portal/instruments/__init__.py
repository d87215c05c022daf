"""Questionnaires as data: the expression language and instrument definitions.

Plain Python (no Flask, no database).  See ``forms/README.md`` for the file format.
"""
from .definition import (  # noqa: F401
    Block, Choice, Definition, DefinitionError, Field, Question, Result, Section,
    check, clean_answers, expand, format_be_date, from_form, iter_fields, load_all,
    load_file, load_text, parse_be_date, sample_context, score, validate_answers,
    visible_questions,
)
from .expr import Expr, ExpressionError, evaluate, parse, truthy  # noqa: F401
