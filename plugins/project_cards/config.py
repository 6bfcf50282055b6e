"""The settings of project_cards, with every default in one place.

All settings share the prefix ``PROJECT_CARDS_``; ``fill_defaults`` runs once
when Pelican starts, so the rest of the plugin (and the templates) read plain settings.
It reports, as every plugin's settings are reported (portalbuild.shared.options), a
PROJECT_CARDS_ setting it does not know and a value of the wrong shape, which it
replaces by the default so that the build goes on to report the content's problems.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from dataclasses import dataclass, fields
from zoneinfo import ZoneInfo

from portalbuild.shared.options import SETTINGS_FILE, prefixed_options

logger = logging.getLogger(__name__)
PREFIX = "PROJECT_CARDS_"

# Which body of money stands behind a project, and the words the funder requires
# on a beneficiary's website. EU funds: Regulation (EU) No 1303/2013, Annex XII,
# 2.2 (a reference to the Union and to the Fund); EEA and Norway Grants: the
# donor states are named. Shown as text, never as a copied emblem image.
FUNDS = {
    "ERAF": {
        "name": "Eiropas Reģionālās attīstības fonds",
        "kind": "eu",
        "label": "Eiropas Savienība",
        "statement": "Projektu līdzfinansē Eiropas Savienība no Eiropas Reģionālās attīstības fonda.",
    },
    "ESF": {
        "name": "Eiropas Sociālais fonds",
        "kind": "eu",
        "label": "Eiropas Savienība",
        "statement": "Projektu līdzfinansē Eiropas Savienība no Eiropas Sociālā fonda.",
    },
    "EKI": {
        "name": "Eiropas kaimiņattiecību instruments",
        "kind": "eu",
        "label": "Eiropas Savienība",
        "statement": "Projektu līdzfinansē Eiropas Savienība no Eiropas kaimiņattiecību instrumenta.",
    },
    "EEZ": {
        "name": "Eiropas Ekonomikas zonas finanšu instruments",
        "kind": "eea",
        "label": "EEZ granti: Islande, Lihtenšteina, Norvēģija",
        "statement": "Projektu atbalsta Islande, Lihtenšteina un Norvēģija "
                     "ar Eiropas Ekonomikas zonas finanšu instrumenta starpniecību.",
    },
    "EEZ-NFI": {
        "name": "Eiropas Ekonomikas zonas finanšu instruments un Norvēģijas finanšu instruments",
        "kind": "eea",
        "label": "EEZ un Norvēģijas granti",
        "statement": "Projektu atbalsta Islande, Lihtenšteina un Norvēģija "
                     "ar EEZ un Norvēģijas finanšu instrumentu starpniecību.",
    },
    "VB": {
        "name": "Latvijas valsts budžets",
        "kind": "national",
        "label": "Latvijas valsts budžets",
        "statement": "Projektu finansē no Latvijas valsts budžeta.",
    },
}

# Country codes a partner line may end with: "Visaginas pašvaldības administrācija (LT)".
COUNTRIES = {
    "LV": "Latvija",
    "LT": "Lietuva",
    "EE": "Igaunija",
    "RU": "Krievija",
    "BY": "Baltkrievija",
    "PL": "Polija",
    "RO": "Rumānija",
    "MD": "Moldova",
    "DE": "Vācija",
    "NO": "Norvēģija",
    "INT": "Starptautiskas organizācijas",
}

DEFAULTS = {
    "PROJECT_CARDS_PATH": "projects",
    "PROJECT_CARDS_URL": "projekti/{slug}/",
    "PROJECT_CARDS_SAVE_AS": "projekti/{slug}/index.html",
    "PROJECT_CARDS_INDEX_URL": "projekti/",
    "PROJECT_CARDS_INDEX_SAVE_AS": "projekti/index.html",
    # The date that decides planned / running / finished; None means the build's day in TIMEZONE.
    "PROJECT_CARDS_TODAY": None,
    "PROJECT_CARDS_FUNDS": FUNDS,
    "PROJECT_CARDS_COUNTRIES": COUNTRIES,
}


@dataclass(frozen=True)
class Fund:
    key: str
    name: str
    kind: str
    label: str
    statement: str


def fill_defaults(settings: dict) -> None:
    chosen = prefixed_options(settings, PREFIX, DEFAULTS)
    for name, value in chosen.items():
        wrong = _wrong_value(name, value)
        if wrong:
            problem, fix = wrong
            logger.error("%s: field '%s': %r %s. Fix: %s", SETTINGS_FILE, name, value, problem, fix)
            value = DEFAULTS[name]
        settings[name] = copy.deepcopy(value) if value is DEFAULTS[name] else value


def _wrong_value(name: str, value) -> tuple[str, str] | None:
    """(what is wrong, the fix) for a value of the wrong shape; None for a good one."""
    example = DEFAULTS[name]
    if name == "PROJECT_CARDS_TODAY":
        return None  # any value: the generator reports one that is not a date, with the projects
    if name in ("PROJECT_CARDS_FUNDS", "PROJECT_CARDS_COUNTRIES"):
        return _wrong_table(name, value)
    if not isinstance(value, str):
        return "is not text", f"write it in quotes, e.g. {name} = {example!r}"
    if name in ("PROJECT_CARDS_URL", "PROJECT_CARDS_SAVE_AS") and "{slug}" not in value:
        return ("has no {slug}, so every project would get the same page",
                f"put {{slug}} where the project's name goes, e.g. {name} = {example!r}")
    return None


FUND_FIELDS = tuple(field.name for field in fields(Fund) if field.name != "key")


def _wrong_table(name: str, value) -> tuple[str, str] | None:
    if not isinstance(value, dict):
        return "is not a dictionary", f"write {name} = {{…}} as plugins/project_cards/README.md shows"
    if name == "PROJECT_CARDS_COUNTRIES":
        bad = [code for code, country in value.items() if not (isinstance(code, str) and isinstance(country, str))]
        fix = "give each country code its name, e.g. {'LV': 'Latvija'}"
    else:
        bad = [key for key, fund in value.items() if not isinstance(fund, dict) or set(fund) != set(FUND_FIELDS)]
        fix = f"give each fund exactly the keys {', '.join(FUND_FIELDS)} (see FUNDS in plugins/project_cards/config.py)"
    return (f"has entries of the wrong shape ({', '.join(map(repr, bad))})", fix) if bad else None


def funds(settings: dict) -> dict[str, Fund]:
    return {key.upper(): Fund(key=key.upper(), **value)
            for key, value in settings["PROJECT_CARDS_FUNDS"].items()}


def build_date(settings: dict) -> dt.date:
    """PROJECT_CARDS_TODAY (a date or 'YYYY-MM-DD') or today in the site's time zone."""
    today = settings.get("PROJECT_CARDS_TODAY")
    if today is None:
        return dt.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()
    if isinstance(today, dt.datetime):
        return today.date()
    if isinstance(today, dt.date):
        return today
    try:
        return dt.date.fromisoformat(str(today))
    except ValueError:
        raise ValueError(f"PROJECT_CARDS_TODAY {today!r} is not a date") from None
