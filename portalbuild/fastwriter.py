"""Render the article generator's pages on every core, and only those whose inputs changed.

Pelican renders every page in one process, one after the other. At the moment
Pelican asks for a writer (signal ``get_writer``, after every generator has
finished its context), the build forks ``workers - 1`` children. Each child runs
the articles generator's page loop (``generate_pages``: articles, archives,
categories, tags, paginated index) with a writer that renders only its share of
the pages (by the page's sequence number) and sends the text to the main process.
The main process runs Pelican as usual; its writer takes a child's text instead
of rendering that page itself, then writes the file and sends ``content_written``
as Pelican does, so every signal and every file write stays in the main process
and in Pelican's order.

A child's page is used only if it has the same sequence number and file name as
the main process's page; otherwise (a plugin made the loop differ) the main
process renders the page itself. Log records a child makes while rendering are
replayed in the main process.

With ``incremental``, a page whose key (portalbuild.incremental) is in the
render cache is not rendered at all; its stored text is written and signalled.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from multiprocessing.connection import Pipe

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.paginator import Paginator
from pelican.utils import path_to_url, sanitised_join
from pelican.writers import Writer
from pelican.utils import get_relative_path

from portalbuild.incremental import Fingerprinter, RenderCache, global_key

logger = logging.getLogger(__name__)


class RenderPlan:
    """The render side of one fast build: children, their results, the render cache."""

    def __init__(self, settings: dict, workers: int, incremental: bool, cache_folder):
        self.settings, self.workers, self.incremental = settings, workers, incremental
        self.cache = RenderCache(cache_folder) if incremental else None
        self.generators = []
        self.children: dict[int, tuple[int, object]] = {}  # child number -> (pid, connection)
        self.results: dict[int, tuple] = {}
        self.finished: set[int] = set()
        self.condition = threading.Condition()
        self.used_keys: set[str] = set()
        self.role = 0  # 0: the main process; k > 0: child number k
        self.fingerprinter = None
        self.global_key = ""
        self.diverged = False

    # --- signals ---------------------------------------------------------------
    def connect(self) -> None:
        signals.all_generators_finalized.connect(self._on_generators)
        signals.get_writer.connect(self._on_get_writer)

    def disconnect(self) -> None:
        signals.all_generators_finalized.disconnect(self._on_generators)
        signals.get_writer.disconnect(self._on_get_writer)

    def _on_generators(self, generators) -> None:
        self.generators = list(generators)

    def _on_get_writer(self, pelican):
        articles = [g for g in self.generators if isinstance(g, ArticlesGenerator)]
        if self.incremental and articles:
            context = articles[0].context
            self.fingerprinter = Fingerprinter(context, self.settings)
            self.global_key = global_key(context, self.settings, articles[0].env, self.fingerprinter)
        if self.workers > 1 and articles:
            self._start_children(articles[0], pelican)
        return type("PortalWriter", (PlannedWriter,), {"plan": self})

    # --- children --------------------------------------------------------------
    @property
    def slots(self) -> int:
        # The main process also writes every file and runs the signals: it renders one
        # share, each child two.
        return 2 * self.workers - 1

    def owner(self, sequence: int) -> int:
        slot = sequence % self.slots
        return (slot + 1) // 2

    def _start_children(self, generator, pelican) -> None:
        for number in range(1, self.workers):
            receiving, sending = Pipe(duplex=False)
            pid = os.fork()
            if pid == 0:
                receiving.close()
                self._run_child(number, sending, generator, pelican)
            sending.close()
            self.children[number] = (pid, receiving)
            threading.Thread(target=self._drain, args=(number, receiving), daemon=True).start()

    def _run_child(self, number: int, connection, generator, pelican) -> None:
        """In the child: render this child's pages of the articles generator, then exit."""
        code = 0
        try:
            self.role, self.children, self.connection = number, {}, connection
            root = logging.getLogger()
            for handler in list(root.handlers):
                root.removeHandler(handler)
            writer = type("PortalChildWriter", (PlannedWriter,), {"plan": self})(
                pelican.output_path, settings=self.settings)
            generator.generate_pages(writer)
        except BaseException:  # noqa: BLE001 -- the main process renders whatever is missing
            code = 1
        finally:
            try:
                connection.send(None)
                connection.close()
            finally:
                os._exit(code)

    def _drain(self, number: int, connection) -> None:
        try:
            while True:
                message = connection.recv()
                if message is None:
                    break
                with self.condition:
                    self.results[message[0]] = message
                    self.condition.notify_all()
        except (EOFError, OSError):
            pass
        with self.condition:
            self.finished.add(number)
            self.condition.notify_all()

    def from_child(self, number: int, sequence: int, name: str):
        """The child's (text, key) for this page, or None if the main process must render it."""
        if self.diverged:
            return None
        with self.condition:
            while sequence not in self.results and number not in self.finished:
                self.condition.wait()
            message = self.results.pop(sequence, None)
        if message is None:
            return None
        _, child_name, text, key, records = message
        if text is None:
            return None  # the child failed on this page: render (and report) it here
        if child_name != name:
            logger.debug("Render children diverged at %s (%s); rendering in the main process", name, child_name)
            self.diverged = True
            return None
        for record in records:
            logging.getLogger(record.name).handle(record)
        return text, key

    def close(self, success: bool) -> None:
        for number, (pid, connection) in self.children.items():
            if number not in self.finished:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            os.waitpid(pid, 0)
            connection.close()
        self.children = {}
        if success and self.cache is not None and self.fingerprinter is not None:
            self.cache.keep_only(self.used_keys)

    # --- rendering ---------------------------------------------------------------
    def render(self, template, localcontext: dict, name: str) -> tuple[str, str | None]:
        key = None
        if self.fingerprinter is not None:
            key = self.fingerprinter.page_key(self.global_key, template, name, localcontext)
            cached = self.cache.get(key)
            if cached is not None:
                return cached, key
        text = template.render(localcontext)
        if key is not None:
            self.cache.put(key, text)
        return text, key


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


class PlannedWriter(Writer):
    """Pelican's Writer whose page rendering follows the plan (children, render cache)."""

    plan: RenderPlan

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sequence = 0

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        """Pelican 4.12's Writer.write_file, with the render and write step replaced."""
        if not name:
            return
        if self.plan.fingerprinter is not None:
            self.plan.fingerprinter.new_call()
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = (self.settings["PAGINATED_TEMPLATES"][template_name]
                        or self.settings["DEFAULT_PAGINATION"])
            paginators = {key: Paginator(name, url, val, self.settings, per_page)
                          for key, val in paginated.items()}
            for page_num in range(next(iter(paginators.values())).num_pages):
                paginated_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    previous_page = paginator.page(page_num) if page_num > 0 else None
                    page = paginator.page(page_num + 1)
                    next_page = (paginator.page(page_num + 2)
                                 if page_num + 1 < paginator.num_pages else None)
                    paginated_kwargs.update({
                        f"{key}_paginator": paginator, f"{key}_page": page,
                        f"{key}_previous_page": previous_page, f"{key}_next_page": next_page,
                    })
                localcontext = _localcontext(context, page.save_as, paginated_kwargs, relative_urls)
                self._emit(template, context, localcontext, page.save_as, override_output)
        else:
            localcontext = _localcontext(context, name, kwargs, relative_urls)
            self._emit(template, context, localcontext, name, override_output)

    def _emit(self, template, context, localcontext, name, override) -> None:
        sequence, self._sequence = self._sequence, self._sequence + 1
        # set localsiteurl for context so that Contents can adjust links (as Pelican does)
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        plan = self.plan
        if plan.role:
            if plan.owner(sequence) == plan.role:
                self._render_for_main(sequence, template, localcontext, name)
            return
        owner = plan.owner(sequence)
        from_child = plan.from_child(owner, sequence, name) if owner in plan.children else None
        text, key = from_child if from_child is not None else plan.render(template, localcontext, name)
        if key is not None:
            plan.used_keys.add(key)
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with self._open_w(path, "utf-8", override=override) as f:
            f.write(text)
        logger.info('Writing "%s"', path)
        signals.content_written.send(path, context=localcontext)

    def _render_for_main(self, sequence, template, localcontext, name) -> None:
        capture = _Capture()
        logging.getLogger().addHandler(capture)
        try:
            text, key = self.plan.render(template, localcontext, name)
        except Exception:  # noqa: BLE001 -- the main process renders it and reports the error
            text = key = None
        finally:
            logging.getLogger().removeHandler(capture)
        self.plan.connection.send((sequence, name, text, key, capture.records))


def _localcontext(context, name, kwargs, relative_urls):
    localcontext = context.copy()
    localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        localcontext["SITEURL"] = relative_url
        localcontext["localsiteurl"] = relative_url
    localcontext["output_file"] = name
    localcontext.update(kwargs)
    return localcontext
