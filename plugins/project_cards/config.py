"""The settings of project_cards, with every default in one place.

All settings share the prefix ``PROJECT_CARDS_``; ``fill_defaults`` runs once
when Pelican starts, so the rest of the plugin reads plain settings.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

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
    for key, value in DEFAULTS.items():
        if settings.get(key) is None:
            settings[key] = copy.deepcopy(value)


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
