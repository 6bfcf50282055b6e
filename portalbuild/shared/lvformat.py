"""Latvian formats for dates and numbers, independent of the operating system's locale.

Servers rarely have a Latvian locale, so everything goes through Babel's CLDR
data. Numbers group thousands with a no-break space and use a decimal comma
(``66 793 813,90``); percent and currency units follow after a no-break space
(``28,57 %``, ``799 740,50 EUR``) so that a number never breaks across lines.
``tie_numbers`` does the same to numbers that authors typed with ordinary spaces.

The space is U+00A0 (NO-BREAK SPACE), not the narrower U+202F: it is CLDR's group
separator for Latvian (what Babel writes), every font has it, and one character for
every number keeps searching and copying predictable.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date as _babel_format_date

LOCALE = "lv"
NBSP = "\u00a0"


def to_decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value).strip().replace(" ", "").replace(NBSP, "").replace(",", "."))


def format_number(value, decimals: int | None = None) -> str:
    """``1234567.891`` → ``1 234 567,891``; with ``decimals`` the value is rounded half up."""
    number = to_decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    digits = f"{abs(number):f}"
    whole, _, fraction = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NBSP.join(groups)
    if fraction:
        text += "," + fraction
    if text.strip("0,\u00a0") == "":
        sign = ""  # no "-0,00"
    return sign + text


def format_money(value, currency: str = "EUR", decimals: int = 2) -> str:
    return f"{format_number(value, decimals)}{NBSP}{currency}"


def format_percent(value, decimals: int | None = None) -> str:
    """``value`` is already in percent: ``28.571`` with 2 decimals → ``28,57 %``."""
    return f"{format_number(value, decimals)}{NBSP}%"


def format_date(value: dt.date) -> str:
    """``2020. gada 15. augusts``: the nominative, for a date that stands alone (a list's date)."""
    return _long_date(_as_date(value))


# CLDR has only the nominative and genitive of Latvian month names.
MONTHS_LOCATIVE = ("janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā",
                   "augustā", "septembrī", "oktobrī", "novembrī", "decembrī")


def format_date_locative(value: dt.date) -> str:
    """``2020. gada 15. augustā``: when something happened ("Publicēts 2020. gada 15. augustā")."""
    date = _as_date(value)
    return f"{date.year}. gada {date.day}. {MONTHS_LOCATIVE[date.month - 1]}"


# A date is formatted on every list its post appears in (home, section, tags, year):
# Babel takes ~25 µs a call, a day of the archive's few thousand is formatted once.
@lru_cache(maxsize=8192)
def _long_date(date: dt.date) -> str:
    return _babel_format_date(date, format="long", locale=LOCALE)


def format_short_date(value: dt.date) -> str:
    """``15.08.2020.``, the numeric form used in Latvian documents."""
    return _as_date(value).strftime("%d.%m.%Y.")


def format_month_year(value: dt.date) -> str:
    """``2020. gada augusts``."""
    date = _as_date(value)
    month = _babel_format_date(date, format="LLLL", locale=LOCALE)
    return f"{date.year}. gada {month}"


def month_name(month: int) -> str:
    return _babel_format_date(dt.date(2000, month, 1), format="LLLL", locale=LOCALE)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


# Units and words of quantity that follow a number ("1 447 275 EUR", "85 %", "5,15 ha",
# "3,5 milj. EUR"), and the currency written before it ("EUR 297 816").
UNITS_AFTER = ("EUR", "euro", "eiro", "%", "‰", "ha", "km²", "km", "m²", "m³", "m", "cm", "mm",
               "kg", "t", "l", "MW", "kW", "kWh", "MWh", "°C", "tūkst.", "milj.", "mljrd.", "gab.")
_UNIT = "|".join(re.escape(unit) for unit in sorted(UNITS_AFTER, key=len, reverse=True))
# A group of up to three digits, then groups of three, each after one space; no digit or
# decimal separator right before it, no digit right after (so "2020 15" is not a number).
# Both patterns begin with the character they match first (a digit, a space) and look behind
# after it: the regex engine then skips to the candidates instead of trying every position.
DIGIT_GROUPS = re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?:[ \u202f]\d{3})+(?!\d)")
# The space after a digit, "tūkst." or "milj." and before a unit; the space between "EUR" and a digit.
SPACE_BEFORE_UNIT = re.compile(rf"[ \u202f](?:(?<=\d.)|(?<=tūkst\..)|(?<=milj\..))(?=(?:{_UNIT})(?!\w))"
                               r"| (?<=\bEUR )(?=\d)")
# One C-level scan instead of str.isdigit on every character: most text nodes have no number.
DECIMAL_DIGIT = re.compile(r"\d")


def tie_numbers(text: str) -> str:
    """Ordinary spaces inside digit groups and before units become no-break spaces.

    ``"1 447 275 EUR"`` → ``"1\u00a0447\u00a0275\u00a0EUR"``: a number and its unit never wrap
    apart. Text without a digit is returned as it is (the common case, and the fast one).
    """
    if DECIMAL_DIGIT.search(text) is None and not _may_tie_without_decimal_digit(text):
        return text
    text = DIGIT_GROUPS.sub(lambda match: match.group().replace(" ", NBSP).replace("\u202f", NBSP), text)
    return SPACE_BEFORE_UNIT.sub(NBSP, text)


def _may_tie_without_decimal_digit(text: str) -> bool:
    """Without a decimal digit only "tūkst."/"milj." before a unit can be tied, and only in text
    with some other digit ("²"): what the test for any digit (str.isdigit) has always let through."""
    return ("tūkst." in text or "milj." in text) and any(character.isdigit() for character in text)
