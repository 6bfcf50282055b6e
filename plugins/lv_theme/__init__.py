"""lv_theme: Latvian dates, numbers and UI strings for the portal's templates.

Adds to every generator's Jinja environment:
    filters  lv_date, lv_date_locative ("2020. gada 15. augustā"), lv_short_date,
             lv_month_year, lv_number, lv_money, lv_percent, lv_text (no-break spaces in
             numbers and before units), iso_datetime, and a striptags that keeps
             no-break spaces (Jinja's would let "1 447 275 EUR" wrap)
    global   ui: the UI strings of the site's language, every label in one file
    global   render_once(name, macro, *args): a macro's output made once per process
    global   site_addresses: the site's addresses (portalbuild/shared/siteaddress.py)
and keeps the compiled templates between builds (compiled.py: CACHE_PATH/templates/).

Settings read:
    DEFAULT_LANG        which language block of the strings file to use.
    UI_STRINGS_FILE     path of the YAML strings file (default: THEME/strings.yaml).
    SITEURL, CANONICAL_SITEURL, PREVIEW_SITEURL   the site's addresses.
    JINJA_ENVIRONMENT, CACHE_PATH, PLUGIN_PATHS   the compiled templates' cache (compiled.py).
"""

from markupsafe import Markup
from pelican import signals

from portalbuild.shared import lvformat
from portalbuild.shared.siteaddress import site_addresses
from portalbuild.shared.uistrings import load_ui_strings

from .compiled import keep_compiled_templates


_KEPT_NBSP = "\ue000"  # a private-use character no text contains


def striptags_keeping_nbsp(value) -> str:
    protected = str(value).replace(lvformat.NBSP, _KEPT_NBSP)
    return Markup(protected).striptags().replace(_KEPT_NBSP, lvformat.NBSP)


def iso_datetime(value):
    return value.isoformat(timespec="seconds")


class RenderOnce:
    """``render_once(name, macro, *args)``: call ``macro(*args)`` once per process and arguments.

    For template parts that appear on many pages with the same result, such as a post's
    item in the news lists. Only for macros whose output depends on their arguments and
    on site-wide values (SITEURL, ui strings), never on the page they are called from.
    Arguments are told apart by identity (objects) or value (numbers, strings); the
    objects are kept referenced, so an identity is never reused by another object.
    """

    def __init__(self):
        self._made: dict[tuple, tuple] = {}

    def __call__(self, name, macro, *args):
        key = (name, *(arg if isinstance(arg, (str, int, float, bool, type(None))) else id(arg) for arg in args))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = (args, macro(*args))
        return made[1]


FILTERS = {
    "lv_date": lvformat.format_date,
    "lv_date_locative": lvformat.format_date_locative,
    "lv_short_date": lvformat.format_short_date,
    "lv_month_year": lvformat.format_month_year,
    "lv_month_name": lvformat.month_name,
    "lv_number": lvformat.format_number,
    "lv_money": lvformat.format_money,
    "lv_percent": lvformat.format_percent,
    "lv_text": lvformat.tie_numbers,
    "iso_datetime": iso_datetime,
    "striptags": striptags_keeping_nbsp,
}


def add_theme_helpers(generator):
    generator.env.filters.update(FILTERS)
    generator.env.globals["ui"] = load_ui_strings(generator.settings)
    generator.env.globals["render_once"] = RenderOnce()
    generator.env.globals["site_addresses"] = site_addresses(generator.settings)


def register():
    signals.initialized.connect(keep_compiled_templates)
    signals.generator_init.connect(add_theme_helpers)
