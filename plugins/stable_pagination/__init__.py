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

Pelican has no setting for its paginator class: ``register()`` puts StablePaginator
in ``pelican.writers`` (the serial writer) and the fast writer takes it from there.

Settings read: PAGINATION_PATTERNS, DEFAULT_PAGINATION, PAGINATED_TEMPLATES
(DEFAULT_ORPHANS has no effect: the front page takes the posts that do not fill a page).
"""

from __future__ import annotations

import pelican.writers
from pelican.paginator import Page, Paginator

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
            url = urls[number] = self._from_pattern("URL", number)
        return url

    def _from_pattern(self, key: str, number: int | None) -> str:
        """Pelican's Page._from_settings, for the front page (None) or numbered page ``number``."""
        position = 1 if number is None else number + 1
        last = number == 1 or (number is None and self.paginator.numbered_pages == 0)
        rule = None
        for pattern in self.settings["PAGINATION_PATTERNS"]:
            if pattern.min_page == -1:
                if last:
                    rule = pattern
                    break
            elif pattern.min_page <= position:
                rule = pattern
        if not rule:
            return ""
        value = getattr(rule, key)
        if not isinstance(value, str):
            return value
        text = value.format(save_as=self.full_name, url=self.base_url, name=self.name,
                            base_name=self.base_name, extension=self.extension,
                            number=position if number is None else number)
        return text[1:] if text.startswith("/") else text

    @property
    def url(self) -> str:
        return self._url_of(None if self.is_front else self.number)

    @property
    def save_as(self) -> str:
        return self._from_pattern("SAVE_AS", None if self.is_front else self.number)


def register():
    pelican.writers.Paginator = StablePaginator
