"""The Project content type: a Pelican Page whose front matter is a project card.

``read_facts`` turns the metadata into typed attributes (dates, amounts,
partners, fund) and computes what is never typed by hand: the status (phase),
the duration in months and the co-financing share. Every problem is returned
as a ContentProblem naming the file, line and field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from pelican.contents import Page

from portalbuild.shared import lvformat
from portalbuild.shared.errors import ContentProblem
from portalbuild.shared.frontmatter import field_lines, parse_front_matter

from . import facts
from .config import Fund

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL = re.compile(r"^https?://\S+$")
YES, NO = ("yes", "true", "jā", "ja"), ("no", "false", "nē", "ne")

# Front-matter fields of a project file, as authors write them.
FIELDS = ("Title", "Tagline", "Acronym", "Code", "Programme", "Programme_website", "Fund", "Start", "End",
          "Results_maintained", "Role", "Lead_partner", "Partners", "Budget", "Cofinancing",
          "Cofinancing_share", "Region_budget", "Website", "Goal", "Results")
REQUIRED = ("Title", "Programme", "Fund", "Goal")
# Pelican's own keys that are harmless on a project.
ALLOWED_EXTRA = ("slug", "summary", "lang", "template")

TAGLINE_MAX = 160  # one line of a card on a phone: two or three lines at most
DATE_FIX = "write it as YYYY-MM-DD, for example '2019-06-01', or only the year (2018) when the source gives no day"
AMOUNT_FIX = "write the amount in euro with digits, for example '799740.50' or '799 740,50'"


class Project(Page):
    """One project; its URL comes from PROJECT_CARDS_URL / PROJECT_CARDS_SAVE_AS."""

    default_template = "project"

    @property
    def url(self) -> str:
        return self.settings["PROJECT_CARDS_URL"].format(slug=self.slug)

    @property
    def save_as(self) -> str:
        return self.settings["PROJECT_CARDS_SAVE_AS"].format(slug=self.slug)


class _FieldReader:
    """Reads one field at a time and records what is wrong with it."""

    def __init__(self, path: str, metadata: dict, lines: dict[str, tuple[str, int]]):
        self.path = path
        self.metadata = metadata
        self.lines = lines
        self.problems: list[ContentProblem] = []

    def problem(self, field: str, problem: str, fix: str) -> None:
        line = self.lines.get(field.lower(), (field, None))[1]
        self.problems.append(ContentProblem(self.path, problem, fix, line=line, field=field))

    def values(self, field: str) -> list[str]:
        value = self.metadata.get(field.lower())
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        return [str(item).strip() for item in items if str(item).strip()]

    def text(self, field: str) -> str | None:
        values = self.values(field)
        if values:
            return " ".join(values)
        if field in REQUIRED:
            self.problem(field, f"the {field.lower().replace('_', ' ')} is missing",
                         f"add a line '{field}: …' to the front matter")
        return None

    def parsed(self, field: str, parse: Callable, fix: str):
        text = self.text(field)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.problem(field, str(error), fix)
            return None

    def items(self, field: str) -> list[str]:
        """A list field: one item a line, or items separated by ';'."""
        return [part.strip() for value in self.values(field) for part in value.split(";") if part.strip()]


def read_facts(project: Project, settings: dict, funds: dict[str, Fund], today: dt.date,
               slug: str) -> list[ContentProblem]:
    """Set the card's typed attributes on ``project``; return every problem found."""
    unreadable = _front_matter_problems(project.source_path)
    if unreadable:
        # The reader stopped at that line: every field after it would be reported as
        # missing, which sends the author to the wrong place.
        return unreadable
    reader = _FieldReader(project.source_path, project.metadata, field_lines(project.source_path))
    _check_keys(reader, slug)
    _read_texts(project, reader)
    project.slug = slug
    project.fund = _read_fund(reader, funds)
    _read_period(project, reader, today)
    _read_partners(project, reader, settings["PROJECT_CARDS_COUNTRIES"])
    _read_money(project, reader)
    return reader.problems


def _front_matter_problems(path: str) -> list[ContentProblem]:
    try:
        text = Path(path).read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return []  # Pelican's reader has already said why it cannot read the file
    return parse_front_matter(path, text)[1]


def _check_keys(reader: _FieldReader, slug: str) -> None:
    if not SLUG.match(slug):
        reader.problems.append(ContentProblem(
            reader.path, f"the file name {Path(reader.path).name!r} is not a usable project slug",
            "rename the file to lower-case ASCII letters, digits and hyphens, for example 'pure-water.md'"))
    known = {name.lower() for name in FIELDS} | set(ALLOWED_EXTRA)
    for key, (written, _line) in reader.lines.items():
        if key == "status":
            reader.problem(written, "a project's status is not typed by hand",
                           "remove the line; the status follows from Start, End and the build date")
        elif key not in known:
            reader.problem(written, "this is not a field of a project card",
                           f"use one of: {', '.join(FIELDS)}")
    given = reader.metadata.get("slug")
    if given and given != slug:
        reader.problem("Slug", f"the slug {given!r} differs from the file name {slug!r}",
                       "remove the Slug line; a project's slug is its file name")


def _read_texts(project: Project, reader: _FieldReader) -> None:
    # Numbers in the card's prose keep their groups and units on one line ("66 793 813,90 EUR").
    tie = lvformat.tie_numbers
    project.title = tie(reader.text("Title") or "")
    tagline = _read_tagline(reader)
    project.tagline = tie(tagline) if tagline else None
    project.acronym = reader.text("Acronym")
    project.code = reader.text("Code")
    project.programme = tie(reader.text("Programme") or "")
    project.role = reader.text("Role")
    project.goal = tie(reader.text("Goal") or "")
    project.results = [tie(result) for result in reader.items("Results")]
    project.website = reader.parsed("Website", _url, "write the full address, for example 'https://www.latlit.eu'")
    project.programme_website = reader.parsed("Programme_website", _url,
                                              "write the full address, for example 'https://www.latlit.eu'")
    project.website_text = facts.url_text(project.website) if project.website else None
    project.programme_website_text = (facts.url_text(project.programme_website)
                                      if project.programme_website else None)


def _read_tagline(reader: _FieldReader) -> str | None:
    """What the project does, in one line for its card (the Goal holds the full aim)."""
    lines = reader.values("Tagline")
    if len(lines) > 1:
        reader.problem("Tagline", "the one-line description runs over several lines",
                       "write it on the 'Tagline:' line itself, as one sentence")
    text = " ".join(lines) or None
    if text and len(text) > TAGLINE_MAX:
        reader.problem("Tagline", f"the one-line description has {len(text)} characters, more than {TAGLINE_MAX}",
                       "shorten it to what the project does; the Goal holds the full aim")
    return text


def _read_fund(reader: _FieldReader, funds: dict[str, Fund]) -> Fund | None:
    key = reader.text("Fund")
    if key is None:
        return None
    if key.upper() not in funds:
        reader.problem("Fund", f"{key!r} is not a known fund", f"use one of: {', '.join(funds)}")
        return None
    return funds[key.upper()]


def _read_period(project: Project, reader: _FieldReader, today: dt.date) -> None:
    project.start = reader.parsed("Start", facts.PartialDate.parse, DATE_FIX)
    project.end = reader.parsed("End", facts.PartialDate.parse, DATE_FIX)
    project.results_maintained = bool(reader.parsed("Results_maintained", _flag,
                                                    "write 'Results_maintained: yes' or remove the line"))
    start, end = project.start, project.end
    _check_period(reader, start, end, project.results_maintained)
    precise = start and end and start.precise and end.precise and end.first_day >= start.first_day
    project.duration_months = facts.months_between(start.first_day, end.first_day) if precise else None
    project.duration_form = facts.months_word_form(project.duration_months or 0)
    project.phase = facts.phase(start, end, project.results_maintained, today)


def _check_period(reader: _FieldReader, start, end, results_maintained: bool) -> None:
    if start and end and end.last_day < start.first_day:
        reader.problem("End", f"the end {end.text} is before the start {start.text}",
                       "check both dates against the source; End is the last day of the project")
    # A Start or End that could not be read has been reported already.
    if not start and not end and not results_maintained and not reader.lines.keys() & {"start", "end"}:
        reader.problem("Start", "the project's period is missing",
                       "add 'Start: YYYY-MM-DD' and, when known, 'End: YYYY-MM-DD'")


def _read_partners(project: Project, reader: _FieldReader, countries: dict[str, str]) -> None:
    fix = ("end the line with the country code in brackets, for example 'Visaginas pašvaldība (LT)'; "
           f"codes: {', '.join(countries)}")
    project.lead_partner = reader.parsed("Lead_partner", lambda text: facts.parse_partner(text, countries), fix)
    project.partners = []
    for item in reader.items("Partners"):
        try:
            project.partners.append(facts.parse_partner(item, countries))
        except ValueError as error:
            reader.problem("Partners", str(error), fix)
    project.partners_by_country = _group_by_country(project.partners)


def _group_by_country(partners: list[facts.Partner]) -> list[tuple[str, list[facts.Partner]]]:
    groups: dict[str, list[facts.Partner]] = {}
    for partner in partners:
        groups.setdefault(partner.country, []).append(partner)
    return list(groups.items())


def _read_money(project: Project, reader: _FieldReader) -> None:
    for field in ("Budget", "Cofinancing", "Region_budget"):
        setattr(project, field.lower(), reader.parsed(field, facts.parse_amount, AMOUNT_FIX))
    typed_share = reader.parsed("Cofinancing_share", _percent,
                                "write the percentage the source gives as a number, for example '85'")
    budget, cofinancing = project.budget, project.cofinancing
    _check_part_of_budget(reader, "Cofinancing", cofinancing, budget, "the co-financing")
    _check_part_of_budget(reader, "Region_budget", project.region_budget, budget, "the region's budget")
    if typed_share is not None and cofinancing is not None:
        reader.problem("Cofinancing_share", "the share is computed from Cofinancing and Budget",
                       "remove the Cofinancing_share line")
    share = None
    if cofinancing is not None and budget and cofinancing <= budget:
        share = facts.share_percent(cofinancing, budget)
    elif cofinancing is None:
        share = typed_share
    project.cofinancing_share = share
    project.cofinancing_share_text = facts.percent_text(share) if share is not None else None


def _check_part_of_budget(reader: _FieldReader, field: str, part: Decimal | None,
                          budget: Decimal | None, what: str) -> None:
    if part is not None and budget is not None and part > budget:
        reader.problem(field, f"{what} {lvformat.format_money(part)} is more than the total budget "
                              f"{lvformat.format_money(budget)}",
                       "check both figures against the source; it is a part of the total budget (Budget)")


def _url(text: str) -> str:
    if not URL.match(text):
        raise ValueError(f"{text!r} is not a full web address")
    return text


def _flag(text: str) -> bool:
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    raise ValueError(f"{text!r} is neither yes nor no")


def _percent(text: str) -> Decimal:
    value = facts.parse_amount(text.removesuffix("%").strip())
    if not 0 < value <= 100:
        raise ValueError(f"{text!r} is not a percentage between 0 and 100")
    return value
