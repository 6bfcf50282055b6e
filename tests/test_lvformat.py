import datetime as dt
from decimal import Decimal

import pytest

from portalbuild.shared import lvformat

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


def test_dates_in_the_locative_for_when_something_happened():
    assert lvformat.format_date_locative(dt.date(2020, 8, 15)) == "2020. gada 15. augustā"
    assert [lvformat.format_date_locative(dt.date(2020, month, 1)).split()[-1] for month in range(1, 13)] == [
        "janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā",
        "septembrī", "oktobrī", "novembrī", "decembrī"]
    assert lvformat.format_date_locative(dt.datetime(2020, 5, 14, 23, 0)) == "2020. gada 14. maijā"


@pytest.mark.parametrize(("text", "expected"), [
    ("1 447 275 EUR", f"1{NB}447{NB}275{NB}EUR"),
    ("16 436 719,21 EUR un 5,1503 ha", f"16{NB}436{NB}719,21{NB}EUR un 5,1503{NB}ha"),
    ("(85 %)", f"(85{NB}%)"),
    ("EUR 297 816 apjomā", f"EUR{NB}297{NB}816 apjomā"),
    ("3,5 milj. EUR", f"3,5{NB}milj.{NB}EUR"),
    ("156\u202f970 lietotāju", f"156{NB}970 lietotāju"),
    # Not numbers in groups, not units: left as written.
    ("2020 15 000 cilvēku", f"2020 15{NB}000 cilvēku"),
    ("2014 100", "2014 100"),
    ("+371 29494921", "+371 29494921"),
    ("5 mēneši un 5 m", f"5 mēneši un 5{NB}m"),
    ("bez skaitļiem", "bez skaitļiem"),
    # No decimal digit: a quantity word before a unit is tied only beside another digit ("²").
    ("milj. EUR", "milj. EUR"),
    ("tūkst. km²", f"tūkst.{NB}km²"),
])
def test_tie_numbers_keeps_digit_groups_and_units_together(text, expected):
    assert lvformat.tie_numbers(text) == expected
