"""Column types: how a cell's text becomes a value, and how a value reads in Latvian.

Numbers are kept as Decimal (never float) so that `66793813.90` stays exactly
that from the data file to the table, the CSV and the JSON.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from portalbuild.shared import lvformat

NBSP = "\u00a0"
TYPES = ("text", "integer", "decimal", "money", "percent", "date", "year")
NUMERIC_TYPES = ("integer", "decimal", "money", "percent")
LABEL_TYPES = ("text", "year", "date")  # types that can name a row
MONEY_DECIMALS = 2

# Spaces (plain, no-break, thin) group thousands as in the printed report: "66 793 813,90".
_GROUPING = re.compile(r"[ \u00a0\u202f\u2009_]")
_WHOLE = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")

NUMBER_FIX = ("write the number with digits only, a point or a comma before the decimals, "
              "and no unit (the unit belongs to the column), for example 1234.56")


class CellProblem(Exception):
    """A cell's text does not fit its column's type: what is wrong and how to fix it."""

    def __init__(self, problem: str, fix: str):
        self.problem = problem
        self.fix = fix
        super().__init__(problem)


def parse_value(text: str, column_type: str):
    """The value of a non-empty cell, or CellProblem."""
    return _PARSERS[column_type](text)


def _parse_text(text: str) -> str:
    return text


def _plain_number(text: str) -> str:
    return _GROUPING.sub("", text.strip()).replace("\u2212", "-")  # U+2212 is the typeset minus


def _parse_integer(text: str) -> int:
    plain = _plain_number(text)
    if _WHOLE.match(plain):
        return int(plain)
    if _NUMBER.match(plain):
        raise CellProblem(f"{text!r} is not a whole number",
                          "write a whole number such as 1044, or give the column type 'decimal'")
    raise CellProblem(f"{text!r} is not a number", NUMBER_FIX)


def _parse_decimal(text: str) -> Decimal:
    plain = _plain_number(text)
    if not _NUMBER.match(plain):
        raise CellProblem(f"{text!r} is not a number", NUMBER_FIX)
    try:
        return Decimal(plain.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
        raise CellProblem(f"{text!r} is not a number", NUMBER_FIX) from None


def _parse_percent(text: str) -> Decimal:
    if text.strip().endswith("%"):
        raise CellProblem(f"{text!r} has a % sign",
                          "write only the number of percent, for example 28.57 for 28,57 %")
    return _parse_decimal(text)


def _parse_date(text: str) -> dt.date:
    fix = "write the date as YYYY-MM-DD, for example 2020-02-10"
    if not _DATE.match(text.strip()):
        raise CellProblem(f"{text!r} is not a date", fix)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CellProblem(f"{text!r} is not a date in the calendar", fix) from None


def _parse_year(text: str) -> int:
    if not _YEAR.match(text.strip()):
        raise CellProblem(f"{text!r} is not a year", "write the year with four digits, for example 2020")
    return int(text)


_PARSERS = {
    "text": _parse_text,
    "integer": _parse_integer,
    "decimal": _parse_decimal,
    "money": _parse_decimal,
    "percent": _parse_percent,
    "date": _parse_date,
    "year": _parse_year,
}


def format_value(value, column_type: str, decimals: int | None = None) -> str:
    """A value as a Latvian reader expects it: `66 793 813,90`, `28,57 %`, `10.02.2020.`."""
    if column_type == "integer":
        return lvformat.format_number(value, 0)
    if column_type == "decimal":
        return lvformat.format_number(value, decimals)
    if column_type == "money":
        return lvformat.format_number(value, MONEY_DECIMALS if decimals is None else decimals)
    if column_type == "percent":
        return lvformat.format_percent(value, decimals)
    if column_type == "date":
        return lvformat.format_short_date(value)
    return lvformat.tie_numbers(str(value))  # text: "(85 %)" stays on one line


def plain_value(value, column_type: str) -> str:
    """A value for machines (CSV): `66793813.90`, `2020-02-10`, never grouped or localised."""
    if value is None:
        return ""
    if column_type == "date":
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"  # never the exponent form (1E-7)
    return lvformat.tie_numbers(str(value))  # text: "(85 %)" stays on one line


def json_value(value, column_type: str):
    """A value for JSON: whole numbers as int, other numbers as Decimal (written out exactly
    by opendata.py), dates as ISO text, empty cells as None."""
    if value is None or column_type in ("text", "integer", "year"):
        return value
    if column_type == "date":
        return value.isoformat()
    if value.as_tuple().exponent >= 0:
        return int(value)
    return value
