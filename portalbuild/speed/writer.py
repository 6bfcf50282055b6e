"""Render the article generator's pages on every core, and only those whose inputs changed.

Pelican renders and writes every page in one process, one after the other. Here,
when Pelican asks for a writer (signal ``get_writer``, after every generator has
finished its context), the build forks one child per worker. Each child runs the
articles generator's page loop (``generate_pages``: articles, archives,
categories, tags, paginated index) with a writer that renders and writes only its
share of the pages (by the page's sequence number) and tells the main process
which file it wrote. The main process runs Pelican as usual; its writer renders
none of the children's pages: it waits for the child's word, does Pelican's
bookkeeping of written files and sends ``content_written`` as Pelican does, so every
signal stays in the main process and in Pelican's order. (A rebuild that renders few
pages again has one child, and the main process keys and links every other page
itself, ``RenderPlan.owner``.) Pages of the other generators (pages,
projects, reports, data) are few and are written by the main process.

A child's page is taken only if it has the same sequence number and file name as
the main process's page; otherwise (a plugin made the loop differ) the main
process renders the page itself, and so it does for a page whose rendering failed
in the child, so that the error is reported the usual way. Log records a child
makes are replayed in the main process.

With ``incremental``, each page gets a key (portalbuild.speed.incremental): a page whose
key is the one the previous build wrote its file for is not rendered: the
previous output file is linked into the new build.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
from multiprocessing.connection import Pipe
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
import pelican.writers
from pelican.writers import FileOverwriteFailedError, Writer

from portalbuild.speed.incremental import Fingerprinter, PageManifest, global_key
from portalbuild.shared.linking import make_folder

logger = logging.getLogger(__name__)
# A child reports its pages in batches: one message a page cost the main process a
# receive (and its thread a turn of the interpreter lock) for each of 36,000 pages.
REPORTS_PER_MESSAGE = 64


class RenderPlan:
    """The render side of one fast build: children, their reports, the page manifest."""

    def __init__(self, settings: dict, workers: int, incremental: bool, manifest_file: Path,
                 previous_output: Path | None, few_sources_changed: bool = False):
        self.settings, self.workers, self.incremental = settings, workers, incremental
        self.manifest = PageManifest(manifest_file, previous_output) if incremental else None
        self.previous_output = previous_output
        self.few_sources_changed = few_sources_changed  # most pages will be linked, not rendered
        self.render_children = workers
        self.generators = []
        self.children: dict[int, tuple[int, object]] = {}  # child number -> (pid, connection)
        self.reports: dict[int, tuple] = {}
        self.finished: set[int] = set()
        self.condition = threading.Condition()
        self.role = 0  # 0: the main process; k > 0: child number k
        self.connection = None
        self.outbox: list[tuple] = []  # a child's reports not sent yet
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
        for generator in self.generators:
            # Templates do not change while a build writes: no stat of every included
            # template on every page (Jinja's auto_reload checks each file's time).
            if getattr(generator, "env", None) is not None:
                generator.env.auto_reload = False
        articles = [g for g in self.generators if isinstance(g, ArticlesGenerator)]
        if self.incremental and articles:
            context = articles[0].context
            self.fingerprinter = Fingerprinter(context, self.settings)
            self.global_key = global_key(context, self.settings, articles[0].env, self.fingerprinter)
            self._learn_templates(articles[0])
            self._hash_posts(articles[0])
        if self.workers > 1 and articles:
            self.render_children = self._render_children_wanted()
            logger.debug("Pages rendered and written by %d process(es) beside this one", self.render_children)
            self._start_children(articles[0], pelican)
        return type("PortalWriter", (PlannedWriter,), {"plan": self})

    def _learn_templates(self, generator) -> None:
        """Read the variables of the article generator's templates here, once, not in every child
        (or take them from the previous build, under the same global key)."""
        self.fingerprinter.know_template_names(self.manifest.template_names(self.global_key))
        names = {getattr(a, "template", "article") for a in generator.articles} | {"tag", "category"}
        names |= {"period_archives", "archives", *self.settings.get("DIRECT_TEMPLATES", [])}
        for name in sorted(names):
            try:
                self.fingerprinter.template_names(generator.get_template(name))
            except Exception:  # noqa: BLE001 -- a missing template fails later, where Pelican reports it
                continue

    def _hash_posts(self, generator) -> None:
        """Hash every post here, once, before the children fork.

        Each child's pages show posts from all over the archive (every list page shows ten),
        so each child would hash every post, and in a child that also copies every page of
        memory it touches (copy-on-write); forked after this, the children look the digests up."""
        for post in (*generator.articles, *generator.translations):
            self.fingerprinter.of(post)

    # --- children --------------------------------------------------------------
    def _render_children_wanted(self) -> int:
        """One child where a rebuild will render few pages again: it keys and links the rest. A
        second child walking all of Pelican's page loop beside it and the main process (three
        processes on two cores) made a rebuild of 10,000 posts after one new post slower, not
        faster: eleven alternating rebuilds, 1.3 s more on average. Every child otherwise."""
        rebuild = (self.fingerprinter is not None and self.few_sources_changed
                   and self.previous_output is not None and self.previous_output.is_dir()
                   and bool(self.manifest.template_names(self.global_key)))  # same code, settings, theme
        return 1 if rebuild else self.workers

    def owner(self, sequence: int) -> int:
        """Who renders or links the page: child k > 0, or 0, this process. With one child (a
        rebuild), this process takes every other page: it walks Pelican's loop anyway and
        mostly waited for the child's word (eight alternating rebuilds of 10,000 posts
        after one new post: 1.6 s faster; taking every third page was slower)."""
        if self.render_children == 1:
            return sequence % 2
        return sequence % self.render_children + 1

    def _start_children(self, generator, pelican) -> None:
        # Objects made so far live until the end of the build: keep the collector off them,
        # in the children (whose pages the collector would otherwise copy on write) and here.
        gc.freeze()
        for number in range(1, self.render_children + 1):
            receiving, sending = Pipe(duplex=False)
            pid = os.fork()
            if pid == 0:
                receiving.close()
                self._run_child(number, sending, generator, pelican)
            sending.close()
            self.children[number] = (pid, receiving)
            threading.Thread(target=self._drain, args=(number, receiving), daemon=True).start()

    def _run_child(self, number: int, connection, generator, pelican) -> None:
        """In the child: render and write this child's pages of the articles generator, then exit."""
        from portalbuild.speed.mode import collector_on_in_child

        code = 0
        try:
            collector_on_in_child()
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
                self._send_reports()
                connection.send(None)
                connection.close()
            finally:
                os._exit(code)

    def _report(self, message: tuple) -> None:
        self.outbox.append(message)
        if len(self.outbox) >= REPORTS_PER_MESSAGE:
            self._send_reports()

    def _send_reports(self) -> None:
        if self.outbox:
            self.connection.send(self.outbox)
            self.outbox = []

    def _drain(self, number: int, connection) -> None:
        try:
            while True:
                messages = connection.recv()
                if messages is None:
                    break
                with self.condition:
                    for message in messages:
                        self.reports[message[0]] = message
                    self.condition.notify_all()
        except (EOFError, OSError):
            pass
        with self.condition:
            self.finished.add(number)
            self.condition.notify_all()

    def from_child(self, number: int, sequence: int, name: str):
        """The child's (key, linked) for the page it wrote, or None if the main process must write it."""
        if self.diverged:
            return None
        with self.condition:
            while sequence not in self.reports and number not in self.finished:
                self.condition.wait()
            message = self.reports.pop(sequence, None)
        if message is None:
            return None
        _, child_name, written, key, records, linked = message
        for record in records:
            logging.getLogger(record.name).handle(record)
        if not written:
            return None  # the child failed on this page: render (and report) it here
        if child_name != name:
            logger.debug("Render children diverged at %s (%s); rendering in the main process", name, child_name)
            self.diverged = True
            return None
        return key, linked

    def close(self) -> None:
        for number, (pid, connection) in self.children.items():
            if number not in self.finished:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            os.waitpid(pid, 0)
            connection.close()
        self.children = {}
        gc.unfreeze()

    def finish(self, output: Path) -> None:
        """After the new build replaced the output: remember which key each page was written for."""
        if self.manifest is not None and self.fingerprinter is not None:
            self.manifest.record_templates(self.global_key, self.fingerprinter.known_template_names())
            self.manifest.save(output)

    # --- one page --------------------------------------------------------------
    def produce(self, template, localcontext: dict, name: str, path: str) -> tuple[str | None, bool]:
        """Write the page to ``path``: linked from the previous build if its key is unchanged,
        else rendered. Returns the key (None when not incremental) and whether it was linked."""
        key = None
        if self.fingerprinter is not None:
            key = self.fingerprinter.page_key(self.global_key, template, name, localcontext)
            previous = self.manifest.reusable(name, key)
            if previous is not None and _link(previous, path):
                return key, True
        text = template.render(localcontext)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return key, False


def _link(source: str, destination: str) -> bool:
    try:
        os.link(source, destination)
    except FileExistsError:
        try:
            os.unlink(destination)
            os.link(source, destination)
        except OSError:
            return False
    except OSError:
        return False
    return True


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        # Format now: arguments may not pickle; the message is what handlers show.
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


class PlannedWriter(Writer):
    """Pelican's Writer whose pages are written as the plan says (children, previous output)."""

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
            # pelican.writers.Paginator: the one Pelican's writer would use (plugins may set it).
            paginators = {key: pelican.writers.Paginator(name, url, val, self.settings, per_page)
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
        path = sanitised_join(self.output_path, name)
        if plan.role:
            self._emit_in_child(sequence, template, localcontext, name, path, override)
            return
        owner = plan.owner(sequence) if plan.children else 0
        reported = plan.from_child(owner, sequence, name) if owner else None
        target = self._claim(path, override)
        if reported is not None:
            key, linked = reported
        else:
            make_folder(os.path.dirname(path))
            key, linked = plan.produce(template, localcontext, name, target) if target != os.devnull else (None, False)
        if key is not None and target != os.devnull:
            plan.manifest.record(name, key, linked)
        logger.info('Writing "%s"', path)
        signals.content_written.send(path, context=localcontext)

    def _claim(self, filename: str, override: bool) -> str:
        """Pelican's Writer._open_w without the open: the file to write, or os.devnull to skip.

        Raises FileOverwriteFailedError exactly where Pelican would."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            logger.info('Skipping "%s", not overwriting', filename)
            filename = os.devnull
        elif filename in self._written_files:
            if override:
                logger.info('Overwriting "%s"', filename)
            else:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return filename

    def _emit_in_child(self, sequence, template, localcontext, name, path, override) -> None:
        """Claim every page (the same bookkeeping as the main process); write only this child's."""
        plan = self.plan
        owned = plan.owner(sequence) == plan.role
        try:
            target = self._claim(path, override)
        except FileOverwriteFailedError:
            # Raised on as in the main process, so that both loops go on (or stop) alike.
            if owned:
                plan._report((sequence, name, False, None, [], False))
            raise
        if not owned:
            return
        capture = _Capture()
        root = logging.getLogger()
        root.addHandler(capture)
        written, key, linked = False, None, False
        try:
            if target != os.devnull:
                make_folder(os.path.dirname(path))
                key, linked = plan.produce(template, localcontext, name, target)
            written = True
        except Exception:  # noqa: BLE001 -- the main process writes the page and reports the error
            written = False
        finally:
            root.removeHandler(capture)
        plan._report((sequence, name, written, key, capture.records, linked))


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
