"""lv_theme: Latvian dates, numbers and UI strings for the portal's templates.

Adds to every generator's Jinja environment:
    filters  lv_date (2020. gada 15. augusts), lv_short_date (15.08.2020.),
             lv_month_year, lv_number, lv_money, lv_percent, iso_datetime
    global   ui: the UI strings of the site's language, from the theme's
             strings file, so every label lives in one place.

Settings read:
    DEFAULT_LANG        which language block of the strings file to use.
    UI_STRINGS_FILE     path of the YAML strings file (default: THEME/strings.yaml).
"""

from pelican import signals

from portalbuild import lvformat
from portalbuild.uistrings import load_ui_strings


def iso_datetime(value):
    return value.isoformat(timespec="seconds")


FILTERS = {
    "lv_date": lvformat.format_date,
    "lv_short_date": lvformat.format_short_date,
    "lv_month_year": lvformat.format_month_year,
    "lv_month_name": lvformat.month_name,
    "lv_number": lvformat.format_number,
    "lv_money": lvformat.format_money,
    "lv_percent": lvformat.format_percent,
    "iso_datetime": iso_datetime,
}


def add_theme_helpers(generator):
    generator.env.filters.update(FILTERS)
    generator.env.globals["ui"] = load_ui_strings(generator.settings)


def register():
    signals.generator_init.connect(add_theme_helpers)
