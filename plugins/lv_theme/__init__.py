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

import os

import yaml
from pelican import signals

from portalbuild import lvformat
from portalbuild.errors import ContentError, ContentProblem


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

_strings_cache: dict[tuple[str, float], dict] = {}


def load_ui_strings(settings) -> dict:
    path = settings.get("UI_STRINGS_FILE") or os.path.join(settings["THEME"], "strings.yaml")
    key = (path, os.path.getmtime(path))
    if key not in _strings_cache:
        with open(path, encoding="utf-8") as handle:
            _strings_cache[key] = yaml.safe_load(handle)
    every_language = _strings_cache[key]
    language = settings.get("DEFAULT_LANG", "lv")
    if language not in every_language:
        raise ContentError([ContentProblem(path, f"there are no UI strings for language {language!r}",
                                           f"add a '{language}:' block to the strings file")])
    return every_language[language]


def add_theme_helpers(generator):
    generator.env.filters.update(FILTERS)
    generator.env.globals["ui"] = load_ui_strings(generator.settings)


def register():
    signals.generator_init.connect(add_theme_helpers)
