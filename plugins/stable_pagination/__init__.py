"""stable_pagination: list pages counted from the oldest post, so a page keeps its posts.

Pelican numbers list pages from the newest post, so every new post changes every list page
(a bookmark of "page 37" no longer finds what it found, and a rebuild renders them all).
Here ``…/lapa/1/`` holds the oldest ``per_page`` posts, ``…/lapa/2/`` the next ones, and the
front page of a list (its plain URL) the rest: a new post changes the front page and, once
in ``per_page`` posts, starts a new numbered page.

Adds, for every paginated template: ``page.is_front``, ``page.number`` (counted from the
oldest), ``page.newer_url`` / ``page.older_url``, and ``page.links`` (state, number, url) of
the page links to show. Templates should read only the page object, so that a page's
incremental key (portalbuild.speed.incremental) is made of what it shows.

Pelican has no setting for its paginator class: the plugin gives Pelican a writer
(signal ``get_writer``) that pages a paginated template with StablePaginator and has
Pelican's own ``write_file`` write each page, with the template variables Pelican's
pagination gives (``articles_paginator``, ``articles_page``, ``articles_previous_page``,
``articles_next_page``, the same for ``dates``).

Settings read: PAGINATION_PATTERNS, DEFAULT_PAGINATION, PAGINATED_TEMPLATES
(DEFAULT_ORPHANS has no effect: the front page takes the posts that do not fill a page).
"""

from __future__ import annotations

from types import SimpleNamespace

from pelican import signals
from pelican.paginator import Page, Paginator
from pelican.writers import Writer

_WINDOW = 2  # numbered pages either side of the current one
_GAP = ("gap", None, None)


class StablePaginator(Paginator):
    """Pelican's Paginator whose pages after the first are counted from the list's end.

    ``page(position)`` keeps Pelican's meaning of the argument (1 is the front page,
    ``num_pages`` the last one), which Pelican's writer loops over; the page it gives
    carries the stable number."""

    def __init__(self, name, url, object_list, settings, per_page=None):
        super().__init__(name, url, object_list, settings, per_page)
        self.orphans = 0
        # Pelican's loop asks for each page three times (as previous, current and next
        # page), and each page formats the URLs of its links: both are made once.
        self._pages: dict[int, StablePage] = {}
        self.urls: dict[int | None, str] = {}

    @property
    def numbered_pages(self) -> int:
        """How many pages besides the front page."""
        if not self.per_page:
            return 0
        return max(0, self.count // self.per_page - 1)

    @property
    def num_pages(self) -> int:
        return self.numbered_pages + 1

    def page(self, position):
        page = self._pages.get(position)
        if page is None:
            page = self._pages[position] = self._make_page(position)
        return page

    def _make_page(self, position):
        numbered = self.numbered_pages
        if position == 1:
            items = self.object_list[:self.count - numbered * self.per_page]
            return StablePage(self.name, self.url, items, numbered + 1, self, self.settings, front=True)
        number = numbered + 2 - position
        end = self.count - (number - 1) * self.per_page
        return StablePage(self.name, self.url, self.object_list[end - self.per_page:end], number,
                          self, self.settings, front=False)


class StablePage(Page):
    """One list page: its posts, stable number, neighbours and page-number links."""

    def __init__(self, name, url, object_list, number, paginator, settings, front):
        super().__init__(name, url, object_list, number, paginator, settings)
        self.is_front = front
        newest = paginator.numbered_pages
        self.newer_url = None if front else (self._url_of(None) if number == newest else self._url_of(number + 1))
        self.older_url = None if number == 1 else self._url_of(number - 1)
        self.links = self._links(newest)

    def fingerprint_state(self) -> dict:
        """What a template can read from this page (portalbuild.speed.incremental hashes this).

        Not the paginator: it holds the whole list, which changes with every post."""
        return {name: value for name, value in vars(self).items() if name not in ("paginator", "settings")}

    def __repr__(self):
        return f"<StablePage {'front' if self.is_front else self.number}>"

    def has_next(self):
        return self.number > 1

    def has_previous(self):
        return not self.is_front

    def next_page_number(self):
        return self.number - 1

    def previous_page_number(self):
        return self.number + 1

    def _links(self, newest: int) -> tuple:
        links = [("current" if self.is_front else "link", None, self._url_of(None))]
        if newest == 0:
            return tuple(links)
        centre = newest + 1 if self.is_front else self.number
        top, bottom = min(newest, centre + _WINDOW), max(2, centre - _WINDOW)
        if top < newest:
            links.append(_GAP)
        for number in range(top, bottom - 1, -1):
            links.append(self._number_link(number))
        if bottom > 2:
            links.append(_GAP)
        links.append(self._number_link(1))
        return tuple(links)

    def _number_link(self, number: int) -> tuple:
        kind = "current" if not self.is_front and number == self.number else "link"
        return (kind, number, self._url_of(number))

    def _url_of(self, number: int | None) -> str:
        urls = self.paginator.urls
        url = urls.get(number)
        if url is None:
            url = urls[number] = self._from_pattern("url", number)
        return url

    def _from_pattern(self, key: str, number: int | None):
        """The URL or file name Pelican's Page gives by PAGINATION_PATTERNS, for the front page
        (None: page 1's rule) or numbered page ``number`` (the rule of page ``number + 1``,
        formatted with ``number``; the last rule, min_page -1, for numbered page 1)."""
        paginator = SimpleNamespace(num_pages=2 if number is None and self.paginator.numbered_pages else 1)
        if number is None:
            return getattr(Page(self.full_name, self.base_url, (), 1, paginator, self.settings), key)
        paginator.num_pages = 1 if number == 1 else number + 1
        return getattr(Page(self.full_name, self.base_url, (), number, paginator, _numbered_settings(self.settings)),
                       key)

    @property
    def url(self) -> str:
        return self._url_of(None if self.is_front else self.number)

    @property
    def save_as(self) -> str:
        return self._from_pattern("save_as", None if self.is_front else self.number)


_shifted: dict[int, tuple] = {}


def _numbered_settings(settings: dict) -> dict:
    """The settings with each PAGINATION_PATTERNS rule moved one page down (its min_page less
    one), so that Pelican's Page numbered ``n`` takes the rule of page ``n + 1``."""
    patterns = settings["PAGINATION_PATTERNS"]
    known = _shifted.get(id(settings))
    if known is None or known[0] is not patterns:
        moved = tuple(rule if rule.min_page == -1 else rule._replace(min_page=rule.min_page - 1) for rule in patterns)
        known = _shifted[id(settings)] = (patterns, {**settings, "PAGINATION_PATTERNS": moved})
    return known[1]


class StablePaginationWriter(Writer):
    """Pelican's Writer; a paginated template's pages are made by StablePaginator, each written
    by Pelican's ``write_file`` with the page variables Pelican's pagination gives."""

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        if not name or not paginated or template_name not in self.settings["PAGINATED_TEMPLATES"]:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
        paginators = {key: StablePaginator(name, url, value, self.settings, per_page)
                      for key, value in paginated.items()}
        pages = next(iter(paginators.values())).num_pages
        for position in range(1, pages + 1):
            page_variables = {}
            for key, paginator in paginators.items():
                page_variables.update({
                    f"{key}_paginator": paginator,
                    f"{key}_page": paginator.page(position),
                    f"{key}_previous_page": paginator.page(position - 1) if position > 1 else None,
                    f"{key}_next_page": paginator.page(position + 1) if position < paginator.num_pages else None,
                })
            page = page_variables[f"{next(iter(paginators))}_page"]
            super().write_file(page.save_as, template, context, relative_urls, {}, template_name,
                               override_output, url, **{**kwargs, **page_variables})


def writer(pelican) -> type:
    return StablePaginationWriter


def register():
    signals.get_writer.connect(writer)
