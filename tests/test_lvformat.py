import datetime as dt
from decimal import Decimal

import pytest

from portalbuild import lvformat

NB = "\u00a0"


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (66793813.9, 2, f"66{NB}793{NB}813,90"),
    (0, 2, "0,00"),
    (0, None, "0"),
    (-1234.5, 2, f"-1{NB}234,50"),
    (-0.001, 2, "0,00"),
    (999, None, "999"),
    (1000, None, f"1{NB}000"),
    (2.675, 2, "2,68"),  # half up, not the float's banker's rounding
    (Decimal("81.6608"), 4, "81,6608"),
    (12345678901234567890, None, f"12{NB}345{NB}678{NB}901{NB}234{NB}567{NB}890"),
    ("135,835", None, "135,835"),
])
def test_format_number(value, decimals, expected):
    assert lvformat.format_number(value, decimals) == expected


def test_money_and_percent_keep_unit_on_the_same_line():
    assert lvformat.format_money(799740.5) == f"799{NB}740,50{NB}EUR"
    assert lvformat.format_percent(28.571, 2) == f"28,57{NB}%"


def test_dates_are_latvian_without_os_locale():
    day = dt.date(2020, 8, 15)
    assert lvformat.format_date(day) == "2020. gada 15. augusts"
    assert lvformat.format_short_date(dt.date(2019, 6, 1)) == "01.06.2019."
    assert lvformat.format_month_year(day) == "2020. gada augusts"
    assert lvformat.format_date(dt.datetime(2020, 2, 21, 9, 0)) == "2020. gada 21. februāris"
