"""Plain values of a project card: dates of a period, amounts, partners, and what follows from them.

Each parser raises ValueError with a short reason; the caller turns it into a
ContentProblem that names the file and field.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from portalbuild.shared import lvformat

PLANNED, RUNNING, FINISHED = "planned", "running", "finished"
PHASES = (RUNNING, PLANNED, FINISHED)  # the order of the projects index

YEAR = re.compile(r"^\d{4}$")
PARTNER = re.compile(r"^(?P<name>.*\S)\s*\((?P<country>[A-Za-z]{2,3})\)$")
AMOUNT = re.compile(r"^-?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class PartialDate:
    """A full date, or only a year when the source gives no day (``Start: 2018``)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        text = text.strip()
        if YEAR.match(text):
            return cls(int(text))
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date") from None
        return cls(date.year, date.month, date.day)

    @property
    def precise(self) -> bool:
        return self.day is not None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.precise:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def text(self) -> str:
        """``01.06.2019.`` or ``2018.``, as Latvian documents write them."""
        return lvformat.format_short_date(self.first_day) if self.precise else f"{self.year}."

    @property
    def iso(self) -> str:
        """For ``<time datetime>``: ``2019-06-01`` or ``2018``."""
        return self.first_day.isoformat() if self.precise else str(self.year)


@dataclass(frozen=True)
class Partner:
    name: str
    country_code: str
    country: str


def parse_amount(text) -> Decimal:
    """Euro amounts as authors write them: ``799740.50``, ``799 740,50`` or ``3 500 000``."""
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
    cleaned = cleaned.removesuffix("EUR").removesuffix("euro")
    if not AMOUNT.match(cleaned):
        raise ValueError(f"{str(text).strip()!r} is not a number")
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{str(text).strip()!r} is not a number") from None
    if value < 0:
        raise ValueError(f"{str(text).strip()!r} is a negative amount")
    return value


def parse_partner(text: str, countries: dict[str, str]) -> Partner:
    match = PARTNER.match(text.strip())
    if not match:
        raise ValueError(f"partner {text.strip()!r} has no country code")
    code = match["country"].upper()
    if code not in countries:
        raise ValueError(f"{code!r} in {text.strip()!r} is not a known country code")
    return Partner(match["name"], code, countries[code])


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from the first to the last day inclusive: 01.06.2019.–31.08.2021. is 27."""
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day < start.day:
        months -= 1
    return months


def share_percent(part: Decimal, whole: Decimal) -> Decimal:
    """The share of ``part`` in ``whole`` in percent, rounded half up to two decimals."""
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent_text(value: Decimal) -> str:
    """``90.00`` → ``90 %``, ``71.28`` → ``71,28 %``: no trailing zeros, as the report writes it."""
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return lvformat.format_percent(value, 0)
    return lvformat.format_percent(value.normalize())


def phase(start: PartialDate | None, end: PartialDate | None,
          results_maintained: bool, today: dt.date) -> str:
    """Planned before the start, finished after the end, running in between."""
    if start and today < start.first_day:
        return PLANNED
    if end and today > end.last_day:
        return FINISHED
    if not start and not end and results_maintained:
        return FINISHED
    return RUNNING


def months_word_form(count: int) -> str:
    """Which Latvian form a count of months takes: 'one' (1, 21, 31 …) or 'other'."""
    return "one" if count % 10 == 1 and count % 100 != 11 else "other"


def url_text(url: str) -> str:
    """``https://www.latlit.eu/`` → ``www.latlit.eu``, the way addresses are printed."""
    return re.sub(r"^https?://", "", url).rstrip("/")
