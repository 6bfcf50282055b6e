"""Render the article generator's pages on every core, and only those whose inputs changed.

When Pelican asks for a writer (signal ``get_writer``, after every generator has finished
its context), the plan forks one child per worker. Each child runs the articles
generator's page loop (``generate_pages``) with the plan's writer and renders only its share
of the pages (by the page's sequence number), sending their text to the main process. The
main process runs Pelican as usual with the same writer: a child's page is the text its
template "renders", and Pelican's own ``write_file`` and ``_open_w`` write it (checks,
bookkeeping, ``content_written``). A page
the child could not make, or whose name differs from the main process's (a plugin made
the loops differ), is rendered by the main process, so an error is reported the usual way.
Log records a child makes are replayed in the main process. A rebuild that renders few
pages again has one child, and the main process takes every other page (``owner``).

With ``incremental``, each page gets a key (portalbuild.speed.incremental): a page whose
key is the one the previous build wrote its file for is linked from the previous output
beside its name, and takes the name when Pelican comes to write it: Pelican's bookkeeping
is done, but no file is opened there (that would make an inode only to free it at once,
and on a file system that keeps freed inodes aside a while every later new file pays).

The writer is made over the writer class the plugins give through ``get_writer`` (the
paginating writer of plugins/stable_pagination). Reads FAST_BUILD through the plan's
arguments (portalbuild/speed/mode.py).
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
from multiprocessing.connection import Pipe
from pathlib import Path

from blinker import ANY
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import sanitised_join
from pelican.writers import Writer

from portalbuild.speed.incremental import Fingerprinter, PageManifest, global_key
from portalbuild.speed.reading import LogCapture
from portalbuild.shared.linking import make_folder

logger = logging.getLogger(__name__)
# A child reports its pages in batches: a receive (and a turn of the interpreter lock for
# the main process's thread) for each page cost more.
REPORTS_PER_MESSAGE = 64
PAGES_WAITING = 512


class RenderPlan:
    """The render side of one fast build: children, their reports, the page manifest."""

    def __init__(self, settings: dict, workers: int, incremental: bool, manifest_file: Path,
                 previous_output: Path | None, few_sources_changed: bool = False, output_key: str | None = None):
        self.settings, self.workers, self.incremental = settings, workers, incremental
        self.output_key = output_key  # OUTPUT_PATH as the page keys take it
        self.manifest = PageManifest(manifest_file, previous_output) if incremental else None
        self.previous_output = previous_output
        self.few_sources_changed = few_sources_changed  # most pages will be linked, not rendered
        self.render_children = workers
        self.generators = []
        self.children: dict[int, tuple[int, object]] = {}  # child number -> (pid, connection)
        self.reports: dict[int, tuple] = {}
        self.waiting: dict[int, int] = {}  # child number -> its reports not taken yet
        self.drains: list[threading.Thread] = []
        self.closing = False
        self.output_path = ""
        self.finished: set[int] = set()
        self.condition = threading.Condition()
        self.role = 0  # 0: the main process; k > 0: child number k
        self.connection = None
        self.outbox: list[tuple] = []  # a child's reports not sent yet
        self.fingerprinter = None
        self.global_key = ""
        self.diverged = False
        self._writer_receivers: list = []
        self.writer_class: type | None = None

    # --- signals ---------------------------------------------------------------
    def connect(self) -> None:
        # Pelican takes the first writer class its get_writer receivers give: the plugins' (a
        # paginating writer) are asked here instead, and the plan's writer is made over theirs.
        self._writer_receivers = list(signals.get_writer.receivers_for(ANY))
        for receiver in self._writer_receivers:
            signals.get_writer.disconnect(receiver)
        signals.all_generators_finalized.connect(self._on_generators)
        signals.get_writer.connect(self._on_get_writer)

    def disconnect(self) -> None:
        signals.all_generators_finalized.disconnect(self._on_generators)
        signals.get_writer.disconnect(self._on_get_writer)
        for receiver in self._writer_receivers:
            signals.get_writer.connect(receiver)
        self._writer_receivers = []

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
            self.global_key = global_key(context, self.settings, articles[0].env, self.fingerprinter,
                                         self.output_key)
            self._learn_templates(articles[0])
            self._hash_posts(articles[0])
        self.output_path = pelican.output_path
        self.writer_class = _writer_for(self, self._base_writer(pelican))
        if self.workers > 1 and articles:
            self.render_children = self._render_children_wanted()
            logger.debug("Pages rendered and written by %d process(es) beside this one", self.render_children)
            self._start_children(articles[0], pelican)
        return self.writer_class

    def _base_writer(self, pelican) -> type:
        """The writer class Pelican would have taken from the plugins (its own if none gives one)."""
        found = [answer for answer in (receiver(pelican) for receiver in self._writer_receivers)
                 if isinstance(answer, type)]
        if len(found) > 1:
            logging.getLogger("pelican").warning("%s writers found, using only first one", len(found))
        return found[0] if found else Writer

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
        """Hash every post here, once, before the children fork: every child's pages show posts
        from all over the archive, and the children look the digests up."""
        for post in (*generator.articles, *generator.translations):
            self.fingerprinter.of(post)

    # --- children --------------------------------------------------------------
    def _render_children_wanted(self) -> int:
        """One child where a rebuild will render few pages again (a second one walking the whole
        page loop beside it and the main process costs more than it saves); every child otherwise."""
        rebuild = (self.fingerprinter is not None and self.few_sources_changed
                   and self.previous_output is not None and self.previous_output.is_dir()
                   and bool(self.manifest.template_names(self.global_key)))  # same code, settings, theme
        return 1 if rebuild else self.workers

    def owner(self, sequence: int) -> int:
        """Who renders or links the page: child k > 0, or 0, this process. With one child (a
        rebuild), this process takes every other page: it walks Pelican's loop anyway."""
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
            drain = threading.Thread(target=self._drain, args=(number, receiving), daemon=True)
            drain.start()
            self.drains.append(drain)

    def _run_child(self, number: int, connection, generator, pelican) -> None:
        """In the child: render and write this child's pages of the articles generator, then exit."""
        from portalbuild.speed import collector

        code = 0
        try:
            collector.on_in_child()
            self.role, self.children, self.connection = number, {}, connection
            root = logging.getLogger()
            for handler in list(root.handlers):
                root.removeHandler(handler)
            writer = self.writer_class(pelican.output_path, settings=self.settings)
            with signals.content_written.muted():  # the main process sends it for every page
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
                    self.waiting[number] = self.waiting.get(number, 0) + len(messages)
                    self.condition.notify_all()
                    # Pages carry their text: a child far ahead of this process waits (its pipe fills).
                    while self.waiting[number] > PAGES_WAITING and not (self.diverged or self.closing):
                        self.condition.wait()
        except (EOFError, OSError):
            pass
        with self.condition:
            self.finished.add(number)
            self.condition.notify_all()

    def from_child(self, number: int, sequence: int, name: str):
        """The child's (key, text) for the page (text None: linked beside its name), or None if the
        main process must make it."""
        if self.diverged:
            return None
        with self.condition:
            while sequence not in self.reports and number not in self.finished:
                self.condition.wait()
            message = self.reports.pop(sequence, None)
            if message is not None:
                self.waiting[number] -= 1
                self.condition.notify_all()
        if message is None:
            return None
        _, child_name, written, key, records, text = message
        for record in records:
            logging.getLogger(record.name).handle(record)
        if not written:
            return None  # the child failed on this page: render (and report) it here
        if child_name != name:
            logger.debug("Render children diverged at %s (%s); rendering in the main process", name, child_name)
            with self.condition:
                self.diverged = True
                self.condition.notify_all()
            return None
        return key, text

    def close(self) -> None:
        with self.condition:
            self.closing = True
            self.condition.notify_all()
        for number, (pid, _) in self.children.items():
            if number not in self.finished:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            os.waitpid(pid, 0)
        for thread in self.drains:
            thread.join()
        for _, connection in self.children.values():
            connection.close()
        self.children, self.drains = {}, []
        # Pages a child linked beside their names that this process never took (it rendered them
        # itself after the loops diverged, or the build stopped).
        for _, name, written, _, _, text in self.reports.values():
            if written and text is None and self.output_path:
                try:
                    _remove(_beside(sanitised_join(self.output_path, name)))
                except (RuntimeError, OSError):
                    pass  # a name Pelican refused; nothing was linked for it
        self.reports = {}
        gc.unfreeze()

    def finish(self, output: Path) -> None:
        """After the new build replaced the output: remember which key each page was written for."""
        if self.manifest is not None and self.fingerprinter is not None:
            self.manifest.record_templates(self.global_key, self.fingerprinter.known_template_names())
            self.manifest.save(output)

    # --- one page --------------------------------------------------------------
    def produce(self, template, localcontext: dict, name: str, beside: str) -> tuple[str | None, str | None]:
        """The page's key (None when not incremental) and text; the text is None when the previous
        build's file, whose key is unchanged, was linked to ``beside``."""
        key = None
        if self.fingerprinter is not None:
            key = self.fingerprinter.page_key(self.global_key, template, name, localcontext)
            previous = self.manifest.reusable(name, key)
            if previous is not None:
                make_folder(os.path.dirname(beside))
                if _link(previous, beside):
                    return key, None
        return key, template.render(localcontext)


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


def _writer_for(plan: RenderPlan, base: type) -> type:
    return type("PortalWriter", (PlannedWriter, base), {"plan": plan})


class PlannedWriter(Writer):
    """A writer (over the class Pelican would use) whose pages are made as the plan says.

    Pelican's own ``write_file`` runs for every page; only the template's ``render`` is the
    plan's (``_PlannedTemplate``): the text a child rendered, or nothing when the previous
    build's file is waiting beside its name, which ``_open_w`` (after Pelican's own checks)
    puts in place."""

    plan: RenderPlan

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sequence = 0
        self._made_elsewhere: dict[str, tuple] = {}  # path -> (file beside it, key, linked, name)
        self._names_seen: set[str] = set()  # in a child

    def write_file(self, name, template, context, *args, **kwargs):
        if self.plan.fingerprinter is not None:
            self.plan.fingerprinter.new_call()
        return super().write_file(name, _PlannedTemplate(template, self), context, *args, **kwargs)

    def _render(self, template, localcontext: dict) -> str:
        sequence, self._sequence = self._sequence, self._sequence + 1
        plan, name = self.plan, localcontext["output_file"]
        path = sanitised_join(self.output_path, name)
        if plan.role:
            self._render_in_child(sequence, template, localcontext, name, path)
            return ""
        owner = plan.owner(sequence) if plan.children else 0
        reported = plan.from_child(owner, sequence, name) if owner else None
        key, text = reported if reported is not None else plan.produce(template, localcontext, name, _beside(path))
        linked = text is None
        self._made_elsewhere[path] = (_beside(path) if linked else None, key, linked, name)
        return "" if linked else text

    def _open_w(self, filename, encoding, override=False):
        if self.plan.role:
            return _Discard()  # the main process writes a child's pages
        made = self._made_elsewhere.pop(filename, None)
        if (made is not None and made[2] and filename not in self._written_files
                and filename not in self._overridden_files):
            return self._put_linked(filename, override, made)
        try:
            handle = super()._open_w(filename, encoding, override=override)
        except BaseException:
            if made is not None and made[0] is not None:
                _remove(made[0])
            raise
        if made is None:
            return handle
        beside, key, linked, name = made
        skipped = handle.name == os.devnull
        if key is not None and not skipped:
            self.plan.manifest.record(name, key, linked)
        return handle if beside is None else _PutInPlace(handle, beside, filename, skipped)

    def _put_linked(self, filename: str, override: bool, made: tuple) -> _Discard:
        """A page linked from the previous output, under a name not written before in this build:
        Pelican's bookkeeping for it (``Writer._open_w``'s, relied on as patches.RELIED_ON says),
        and the linked file takes the name. Pelican's own ``_open_w`` would make a new empty file
        there only for it to be replaced: an inode made and freed for every unchanged page.
        A name written before goes through Pelican's ``_open_w``, which skips or refuses it."""
        beside, key, _, name = made
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        try:
            os.replace(beside, filename)
        except BaseException:
            _remove(beside)
            raise
        self.plan.manifest.record(name, key, True)
        return _Discard()

    def _render_in_child(self, sequence, template, localcontext, name, path) -> None:
        """Render (or link beside its name) this child's share of the pages; a name met twice is
        left to the main process, where Pelican decides whether it is skipped, overwritten or
        an error."""
        plan = self.plan
        owned = plan.owner(sequence) == plan.role
        repeated = name in self._names_seen
        self._names_seen.add(name)
        if not owned:
            return
        if repeated:
            plan._report((sequence, name, False, None, [], None))
            return
        capture = LogCapture()
        root = logging.getLogger()
        root.addHandler(capture)
        written, key, text = False, None, None
        try:
            key, text = plan.produce(template, localcontext, name, _beside(path))
            written = True
        except Exception:  # noqa: BLE001 -- the main process renders the page and reports the error
            written = False
        finally:
            root.removeHandler(capture)
        plan._report((sequence, name, written, key, capture.records, text))


class _PlannedTemplate:
    """The template Pelican renders a page with; its ``render`` is the writer's plan."""

    def __init__(self, template, writer: PlannedWriter):
        self._template, self._writer = template, writer

    def __getattr__(self, name):
        return getattr(self._template, name)

    def render(self, localcontext):
        return self._writer._render(self._template, localcontext)


def _beside(path: str) -> str:
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.made")


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


class _Discard:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, text) -> None:
        pass


class _PutInPlace:
    """What Pelican writes into (nothing: the page was made beside it); on closing, the page
    made beside its name replaces the file, or goes when Pelican skipped the name."""

    def __init__(self, handle, beside: str, filename: str, skipped: bool):
        self.handle, self.beside, self.filename, self.skipped = handle, beside, filename, skipped

    def __enter__(self):
        return self

    def write(self, text) -> None:
        self.handle.write(text)

    def __exit__(self, kind, value, traceback):
        self.handle.close()
        if self.skipped or kind is not None:
            _remove(self.beside)
        else:
            os.replace(self.beside, self.filename)
        return False
