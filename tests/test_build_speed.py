"""The fast build (portalbuild.speed.mode) writes exactly what the plain serial build writes.

Correctness only, no timing: every file byte-identical on the real site and on a
synthetic 500-post archive, cold and after a rebuild with a new and an edited post;
errors and warnings from worker processes still name the file.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest

from bench import archive
from portalbuild.runner import BuildFailed, build, load_settings
from tests.conftest import REAL_SETTINGS
from tests.shortcut_support import needs_verified

pytestmark = needs_verified("fast-build")

SERIAL = {"workers": 1, "incremental": False}
FAST = {"workers": 2, "incremental": True, "min_articles": 0}


def _build(content: Path, output: Path, cache: Path, fast: dict):
    # Only Pelican's part differs between the modes; the post-build steps (search index,
    # compression) run on the same files afterwards either way.
    return build(REAL_SETTINGS, output=output, post_build=[],
                 overrides={"PATH": str(content), "CACHE_PATH": str(cache), "FAST_BUILD": fast})


def _differences(one: Path, other: Path) -> list[str]:
    """Files and folders only one tree has (an empty folder too), and files whose bytes differ."""
    def entries(root):
        return {str(p.relative_to(root)) + ("/" if p.is_dir() else "") for p in root.rglob("*")}
    mine, theirs = entries(one), entries(other)
    differing = [f for f in sorted(mine & theirs)
                 if not f.endswith("/") and not filecmp.cmp(one / f, other / f, shallow=False)]
    return sorted(mine ^ theirs) + differing


@pytest.fixture(scope="module")
def archive_500(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    archive.generate(root, 500, seed=7)
    return root


def test_fast_build_of_the_real_site_is_byte_identical(tmp_path):
    content = Path(REAL_SETTINGS).parent / "content"
    _build(content, tmp_path / "serial", tmp_path / "serial-cache", SERIAL)
    _build(content, tmp_path / "fast", tmp_path / "fast-cache", FAST)
    assert _differences(tmp_path / "serial", tmp_path / "fast") == []


def test_fast_build_of_500_posts_is_byte_identical_cold_and_warm(archive_500, tmp_path):
    content = archive_500 / "content"
    _build(content, tmp_path / "serial", tmp_path / "serial-cache", SERIAL)
    _build(content, tmp_path / "fast", tmp_path / "fast-cache", FAST)
    assert _differences(tmp_path / "serial", tmp_path / "fast") == []

    # The PR specialist adds a post, fixes a title and deletes a post; the warm rebuild must
    # match a serial one, folder for folder (the deleted post's folder, which the rebuild made
    # while it read the posts, is gone again).
    archive.add_article(content, seed=7, index=500)
    posts = sorted((content / "news").rglob("*.md"))
    edited, deleted = posts[10], posts[11]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Title: ", "Title: Labots: ", 1),
                      encoding="utf-8")
    deleted_folder = _article_file(tmp_path / "fast", deleted).parent
    deleted.unlink()
    _build(content, tmp_path / "serial", tmp_path / "serial-cache", SERIAL)
    _build(content, tmp_path / "fast", tmp_path / "fast-cache", FAST)
    assert _differences(tmp_path / "serial", tmp_path / "fast") == []
    assert "Labots: " in _article_page(tmp_path / "fast", edited)
    assert not deleted_folder.exists() and deleted_folder.parent.is_dir()


def test_a_warm_rebuild_links_unchanged_pages_and_renders_changed_ones(archive_500, tmp_path, caplog):
    import logging

    caplog.set_level(logging.DEBUG, logger="portalbuild.speed.writer")

    def render_processes() -> list[str]:
        said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Pages rendered and written by")]
        caplog.clear()
        return said

    content = tmp_path / "content"
    shutil.copytree(archive_500 / "content", content)
    output = tmp_path / "fast"
    _build(content, output, tmp_path / "fast-cache", FAST)
    assert render_processes() == ["Pages rendered and written by 2 process(es) beside this one"]
    posts = sorted((content / "news").rglob("*.md"))
    edited = posts[40]
    # Untouched: a post whose page does not show the edited one (as its neighbour or a related post).
    edited_url = "/" + str(_article_file(output, edited).parent.relative_to(output)) + "/"
    untouched = next(post for post in posts[41:] if edited_url not in _article_page(output, post))
    inode = {post: _article_file(output, post).stat().st_ino for post in (edited, untouched)}

    edited.write_text(edited.read_text(encoding="utf-8").replace("Title: ", "Title: Labots: ", 1), encoding="utf-8")
    _build(content, output, tmp_path / "fast-cache", FAST)
    # One post of 500 changed: one child keys and links the pages (a second one cost more than it saved).
    assert render_processes() == ["Pages rendered and written by 1 process(es) beside this one"]
    # The untouched post's page is the previous build's file itself; the edited one is new.
    assert _article_file(output, untouched).stat().st_ino == inode[untouched]
    assert _article_file(output, edited).stat().st_ino != inode[edited]
    assert "Labots: " in _article_file(output, edited).read_text(encoding="utf-8")

    # A page file changed behind the build's back (same key, other file) is rendered again.
    victim = _article_file(output, untouched)
    victim.unlink()
    victim.write_text("sabojāts", encoding="utf-8")
    _build(content, output, tmp_path / "fast-cache", FAST)
    assert "sabojāts" not in _article_file(output, untouched).read_text(encoding="utf-8")


def test_with_one_render_child_the_main_process_takes_every_other_page(tmp_path):
    from portalbuild.speed.writer import RenderPlan

    plan = RenderPlan({}, workers=2, incremental=False, manifest_file=tmp_path / "pages.json", previous_output=None)
    # A cold build: two children take turns, the main process only waits for their word.
    assert [plan.owner(sequence) for sequence in range(4)] == [1, 2, 1, 2]
    # A rebuild of few changed sources: one child, and this process keys and links the rest.
    plan.render_children = 1
    assert [plan.owner(sequence) for sequence in range(4)] == [0, 1, 0, 1]


def test_a_new_post_renders_the_front_list_pages_and_links_the_numbered_ones(archive_500, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(archive_500 / "content", content)
    output = tmp_path / "fast"
    _build(content, output, tmp_path / "fast-cache", FAST)
    numbered = {str(p.relative_to(output)): p.stat().st_ino for p in output.rglob("lapa/*/index.html")}
    front = (output / "zinas/index.html").read_text(encoding="utf-8")

    new_post = archive.add_article(content, seed=7, index=900)
    _build(content, output, tmp_path / "fast-cache", FAST)
    rendered = sorted(name for name, inode in numbered.items() if (output / name).stat().st_ino != inode)
    # The site's news list takes the post on its front page: all 49 numbered pages are linked.
    assert not [name for name in rendered if name.startswith("zinas/lapa/")]
    # In the post's category, year and tags, only a new numbered page's neighbours change.
    tags = next(line for line in new_post.read_text(encoding="utf-8").splitlines() if line.startswith("Tags: "))
    assert len(rendered) <= 3 * (2 + len(tags.split(",")))
    assert len(numbered) > 150 and (output / "zinas/index.html").read_text(encoding="utf-8") != front


def _article_file(output: Path, source: Path) -> Path:
    slug = next(line.split(": ", 1)[1] for line in source.read_text(encoding="utf-8").splitlines()
                if line.startswith("Slug: "))
    return next(output.glob(f"zinas/*/*/{slug}/index.html"))


def _article_page(output: Path, source: Path) -> str:
    slug = next(line.split(": ", 1)[1] for line in source.read_text(encoding="utf-8").splitlines()
                if line.startswith("Slug: "))
    return next(output.glob(f"zinas/*/*/{slug}/index.html")).read_text(encoding="utf-8")


def _small_site(site, bad_body: str | None = None, bad_meta: str = ""):
    for number in range(6):
        site.post(f"zina-{number}", f"Ziņa numur {number}", date=f"2020-08-{number + 10} 10:00",
                  body=f"Teksts {number} ar **izcēlumu**.")
    if bad_meta or bad_body:
        site.write("news/slikta.md", "Title: Slikta ziņa\nDate: 2020-08-20 10:00\n"
                   f"Category: Pārvalde\n{bad_meta}\n\n{bad_body or 'Teksts.'}\n")


def test_an_error_in_a_worker_still_names_the_file(site):
    _small_site(site)
    site.write("news/slikta.md", "Title: Slikta ziņa\nDate: nav datums\nCategory: Pārvalde\n\nTeksts.\n")
    messages = {}
    for name, fast in (("serial", SERIAL), ("fast", FAST)):
        with pytest.raises(BuildFailed) as failure:
            site.build(FAST_BUILD=fast)
        messages[name] = failure.value.messages
    assert any("slikta.md" in message for message in messages["fast"])
    assert messages["fast"] == messages["serial"]


WARNING_READER_PLUGIN = """\
import logging
from pelican import signals
from pelican.readers import MarkdownReader

logger = logging.getLogger(__name__)


class WarningMarkdownReader(MarkdownReader):
    def read(self, source_path):
        content, metadata = super().read(source_path)
        if "BRIDINAJUMS" in content:
            logger.warning("test reader warning for %s", source_path)
        return content, metadata


def use_reader(readers):
    for extension in WarningMarkdownReader.file_extensions:
        readers.reader_classes[extension] = WarningMarkdownReader


def register():
    signals.readers_init.connect(use_reader)
"""


def test_warnings_made_in_a_worker_reach_the_build_result(site):
    # A reader that warns (as Pelican's own does on an empty alt text), installed by a
    # throw-away plugin; the warning is made in a worker and must reach the build result.
    plugin = site.root / "test_plugins" / "lpr_warning_reader"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(WARNING_READER_PLUGIN, encoding="utf-8")
    _small_site(site, bad_body="BRIDINAJUMS")
    settings = load_settings(REAL_SETTINGS)
    warnings = site.build(FAST_BUILD=FAST, PLUGIN_PATHS=[*settings["PLUGIN_PATHS"], str(plugin.parent)],
                          PLUGINS=[*settings["PLUGINS"], "lpr_warning_reader"]).warnings
    assert any("test reader warning" in w and "slikta.md" in w for w in warnings)

def test_remembered_date_formats_tell_equal_dates_of_different_zones_apart():
    from zoneinfo import ZoneInfo

    from pelican.utils import SafeDatetime

    from portalbuild.speed import patches

    riga = SafeDatetime(2020, 8, 15, 10, 0, tzinfo=ZoneInfo("Europe/Riga"))
    utc = SafeDatetime(2020, 8, 15, 7, 0, tzinfo=ZoneInfo("UTC"))
    assert riga == utc
    expected = [date.strftime(fmt) for date in (riga, utc) for fmt in ("%H:%M %Z", "%-d. %B")]
    with patches.applied("urls"):
        assert [date.strftime(fmt) for date in (riga, utc) for fmt in ("%H:%M %Z", "%-d. %B")] * 2 == \
            expected + [date.strftime(fmt) for date in (riga, utc) for fmt in ("%H:%M %Z", "%-d. %B")]
    assert expected[0] == "10:00 EEST" and expected[2] == "07:00 UTC"


def test_date_formats_give_pelicans_own_text_whether_formatted_directly_or_remembered():
    from zoneinfo import ZoneInfo

    from pelican.utils import SafeDatetime

    from portalbuild.speed import patches

    dates = [SafeDatetime(2020, 8, 5, 9, 3, 7, tzinfo=ZoneInfo("Europe/Riga")), SafeDatetime(2026, 1, 1)]
    formats = ["%Y-%m-%dT%H:%M:%S", "%z", "%-d. %B %Y", "%d.%m.%Y %H:%M", "100%% %Y", "%e %k %s",
               "%Y/%m/%-d", "%a %%-d %j", "%G-W%V-%u", "plain text", "%"]

    def formatted():
        results = []
        for date in dates:
            for fmt in formats:
                try:
                    results.append(date.strftime(fmt))
                except ValueError as error:  # a lone "%": Pelican's own error
                    results.append(f"error: {error}")
        return results

    expected = formatted()
    with patches.applied("urls"):
        assert formatted() == expected and formatted() == expected
    assert expected[1] == "+0300" and expected[5] == "%e %k %s"  # Pelican leaves unknown directives as they are


def test_numeric_date_formats_made_from_the_fields_are_what_strftime_gives():
    import datetime
    import random
    from zoneinfo import ZoneInfo

    from pelican.utils import SafeDatetime

    from portalbuild.speed.urls import _numeric_format, remembered_strftime

    randomly = random.Random(2020)
    zones = [None, ZoneInfo("Europe/Riga"), ZoneInfo("UTC"), ZoneInfo("America/St_Johns"),
             datetime.timezone(datetime.timedelta(hours=-3, minutes=-30)),
             datetime.timezone(datetime.timedelta(hours=5, minutes=45, seconds=15))]  # seconds: strftime's
    pieces = ["%Y", "%m", "%d", "%H", "%M", "%S", "%z", "%%", "-", "T", ":", " ", "gads ", "%j", "%a"]
    checked = 0
    for _ in range(3000):
        date = SafeDatetime(randomly.choice([1, 999, 1000, 2017, 2026, 9999]), randomly.randint(1, 12),
                            randomly.randint(1, 28), randomly.randint(0, 23), randomly.randint(0, 59),
                            randomly.randint(0, 59), randomly.choice([0, 123456]), tzinfo=randomly.choice(zones))
        fmt = "".join(randomly.choice(pieces) for _ in range(randomly.randint(1, 6)))
        assert remembered_strftime(date, fmt) == datetime.datetime.strftime(date, fmt), (date, fmt)
        checked += _numeric_format(fmt) is not None
    assert checked > 1000  # most formats took the way of the fields
    assert _numeric_format("%Y-%m-%dT%H:%M:%S")[0] == "%04d-%02d-%02dT%02d:%02d:%02d"
    assert _numeric_format("%j") is None and _numeric_format("100%") is None


def test_translations_grouped_post_by_post_match_pelicans_own_grouping():
    from types import SimpleNamespace

    from portalbuild.speed.lists import _original_process_translations, grouped_process_translations

    def posts():
        made = []
        for number, (slug, lang, translation) in enumerate([
                ("b", "lv", "false"), ("a", "en", "false"), ("b", "en", "true"), ("c", "en", "false"),
                ("a", "lv", "false"), ("d", "lv", "true"), ("d", "en", "true"), ("a", "lv", "false")]):
            made.append(SimpleNamespace(slug=slug, lang=lang, in_default_lang=lang == "lv",
                                        metadata={"translation": translation}, source_path=f"{number}.md"))
        return made

    theirs_list, ours_list = posts(), posts()
    theirs = _original_process_translations(theirs_list, "slug")
    ours = grouped_process_translations(ours_list, "slug")

    def names(items):
        return [item.source_path for item in items]

    assert [names(part) for part in ours] == [names(part) for part in theirs]
    assert names(ours_list) == names(theirs_list)  # sorted in place alike
    assert [names(post.translations) for post in ours_list] == [names(post.translations) for post in theirs_list]
    with pytest.raises(AttributeError, match="'translation_id'"):
        grouped_process_translations([SimpleNamespace()], "slug")


def test_a_cached_file_is_copied_into_the_output_and_the_next_build_links_the_previous_copy(tmp_path):
    from portalbuild.shared.linking import publish_cached, reusing

    cached = tmp_path / "cache" / "karte.png"
    cached.parent.mkdir()
    cached.write_bytes(b"jauna")
    first = tmp_path / "output" / "zinas" / "2020" / "karte.png"
    publish_cached(cached, first)
    assert first.read_bytes() == b"jauna" and first.stat().st_ino != cached.stat().st_ino
    assert first.stat().st_mtime_ns == cached.stat().st_mtime_ns

    second = tmp_path / "staging" / "zinas" / "2020" / "karte.png"
    with reusing(tmp_path / "output", tmp_path / "staging"):
        publish_cached(cached, second)
    assert second.stat().st_ino == first.stat().st_ino  # the previous output's copy, not the cache's file

    older = tmp_path / "staging" / "vecs.png"
    os.link(first, older)  # a file of the previous output: replaced, never written into
    publish_cached(cached, older)
    assert older.read_bytes() == b"jauna" and older.stat().st_ino not in (first.stat().st_ino, cached.stat().st_ino)
    assert first.read_bytes() == b"jauna"

    with pytest.raises(FileNotFoundError):
        publish_cached(tmp_path / "cache" / "nav.png", tmp_path / "staging" / "nav.png")


def test_many_cached_files_are_copied_by_a_process_of_their_own_and_a_failure_names_the_file(tmp_path):
    from portalbuild.shared.linking import publish_all_in_background

    cache = tmp_path / "cache"
    cache.mkdir()
    pairs = []
    for number in range(30):
        (cache / f"{number}.png").write_bytes(b"karte %d" % number)
        pairs.append((str(cache / f"{number}.png"), str(tmp_path / "site" / f"zina-{number}" / "karte.png")))
    wait = publish_all_in_background(pairs, minimum=10)
    wait()
    assert all(Path(destination).read_bytes() == Path(source).read_bytes()
               and Path(destination).stat().st_ino != Path(source).stat().st_ino for source, destination in pairs)
    wait()  # waiting again is harmless

    missing = [(str(cache / "nav.png"), str(tmp_path / "site" / "nav" / "karte.png"))] * 20
    wait = publish_all_in_background(missing, minimum=10)
    with pytest.raises(OSError, match=r"could not be put into the output: .*site/nav/karte\.png: No such file"):
        wait()


def test_page_keys_follow_the_values_a_template_sees_not_the_objects_holding_them():
    from markupsafe import Markup
    from pelican.urlwrappers import Tag

    from portalbuild.speed.incremental import Fingerprinter

    class Post:
        def __init__(self, title, tags, body=""):
            self.title, self.tags, self.metadata = title, tags, {"title": title, "body": body}
            self.settings = {"ignored": object()}  # never part of a key

    settings = {}

    def digest(value):
        return Fingerprinter({}, settings).of(value)

    def tag(name):
        return Tag(name, settings)

    text = "Rēzekne"
    first = Post(text, [tag("Ludza"), tag("Ludza")])
    # Equal values held by other objects (a Tag of its own for each post, a new copy of the
    # same text) give the same key; any changed field, nested or not, a different one.
    assert digest(first) == digest(Post("".join(["Rēz", "ekne"]), [tag("Ludza"), tag("Ludza")]))
    assert digest(first) != digest(Post(text, [tag("Ludza"), tag("Daugavpils")]))
    assert digest(first) != digest(Post(text, [tag("Ludza"), tag("Ludza")], body="x"))
    assert digest(first) != digest(Post(Markup(text), [tag("Ludza"), tag("Ludza")]))  # Markup is not text
    assert digest(first) != digest(Post(text, (tag("Ludza"), tag("Ludza"))))
    # Small objects are hashed once per value, and the value's type counts (True == 1 == 1.0).
    flags = [Tag("Ludza", settings) for _ in range(3)]
    flags[0].flag, flags[1].flag, flags[2].flag = True, 1, 1.0
    fingerprinter = Fingerprinter({}, settings)
    assert len({fingerprinter.of(flag) for flag in flags}) == 3
    # What a template cannot see does not count: Pelican's Tag writes its name and slug into its
    # __dict__ whenever its URL is made (properties of those names are what templates read).
    seen = tag("Ludza")
    hash(seen)  # its slug is made (and kept) the first time it is a key, as Pelican's lists of tags do
    before = digest(seen)
    seen.as_dict()
    assert set(vars(seen)) >= {"name", "slug"} and digest(seen) == before
    # One fingerprinter hashes each object once; a list that holds itself still gets a key.
    fingerprinter = Fingerprinter({}, settings)
    assert fingerprinter.of(first) == fingerprinter.of(first) == digest(first)
    looped = [1, 2]
    looped.append(looped)
    assert digest(looped) == digest(looped) and digest(looped) != digest([1, 2, [1, 2]])


def test_objects_that_reach_each_other_are_keyed_by_each_others_fields_whichever_is_hashed_first():
    from portalbuild.speed.incremental import Fingerprinter

    class Node:
        def __init__(self, name, status="running"):
            self.name, self.status, self.links = name, status, []

    def keys(first_status: str, order: str) -> dict:
        # A post and its project that reach each other, and a second post of the project.
        project, post, other = Node("upe", first_status), Node("zina-1"), Node("zina-2")
        project.links, post.links, other.links = [post, other], [project], [project]
        nodes = {"project": project, "post": post, "other": other}
        fingerprinter = Fingerprinter({}, {})
        return {name: fingerprinter.of(nodes[name]) for name in order.split()}

    for order in ("post other project", "project post other", "other project post"):
        before, after = keys("running", order), keys("finished", order)
        # The project's new status reaches every key, also of the posts hashed inside the project.
        assert all(before[name] != after[name] for name in before), order
        assert before == keys("running", order)  # and the same fields give the same keys
    # Report sections linked both ways (previous, next): the last one's change reaches the first's key.
    def chain_keys(last_status: str) -> list[str]:
        chain = [Node(f"sadaļa-{number}") for number in range(12)]
        chain[-1].status = last_status
        for previous, following in zip(chain, chain[1:]):
            previous.links.append(following)
            following.links.append(previous)
        fingerprinter = Fingerprinter({}, {})
        return [fingerprinter.of(node) for node in chain]

    assert len(set(chain_keys("running"))) == 12
    assert all(one != other for one, other in zip(chain_keys("running"), chain_keys("finished")))


def test_a_project_post_shows_the_projects_status_of_the_build_day_and_a_new_one_leaves_the_others_linked(
        site, monkeypatch):
    import datetime as dt
    import re
    import sys

    site.write("projects/upe.md", "Title: Tīra upe\nProgramme: Programma\nFund: ERAF\nStart: 2020-01-01\n"
               "End: 2020-12-31\nRole: Partneris\nLead_partner: Reģions (LV)\nGoal: Tīrāka upe.\n"
               "Results: Iztīrīta upe\n\nApraksts.\n")
    for number in range(4):
        site.post(f"upe-{number}", f"Upes ziņa {number}", date=f"2020-08-1{number} 10:00", Projects="upe")

    def build_on(day: dt.date):
        if "project_cards.config" in sys.modules:  # loaded by the first build
            monkeypatch.setattr(sys.modules["project_cards.config"], "build_date", lambda settings: day)
        site.build(FAST_BUILD=FAST, PORTAL_POST_BUILD=[])

    def statuses() -> list[str]:
        return [re.findall(r"lpr-project-status--(\w+)", page.read_text(encoding="utf-8"))[0]
                for page in sorted(site.output.glob("zinas/2020/08/*/index.html"))]

    build_on(dt.date(2020, 12, 15))
    build_on(dt.date(2020, 12, 15))
    assert statuses() == ["running"] * 4
    build_on(dt.date(2021, 1, 15))  # no file changed, but the project has ended
    assert statuses() == ["finished"] * 4
    assert "lpr-project-status--finished" in site.read("projekti/upe/index.html")

    # A new post of the project is on the project's page; the other posts' pages do not show
    # the project's news, and are linked from the previous build, not rendered again, but for
    # the newest one, whose "next post" link it becomes (their related posts are nearer in time).
    inodes = {page: page.stat().st_ino for page in site.output.glob("zinas/2020/08/*/index.html")}
    site.post("upe-jauna", "Jauna upes ziņa", date="2020-09-01 10:00", Projects="upe")
    build_on(dt.date(2021, 1, 15))
    rendered = sorted(page.parent.name for page, inode in inodes.items() if page.stat().st_ino != inode)
    assert rendered == ["upes-zina-3"]
    assert "Jauna upes ziņa" in site.read("projekti/upe/index.html")


def test_template_variables_are_taken_from_the_previous_build_only_under_the_same_global_key(tmp_path):
    from portalbuild.speed.incremental import PageManifest

    previous_output = tmp_path / "output"
    previous_output.mkdir()
    manifest_file = tmp_path / "cache" / "pages.json"
    first = PageManifest(manifest_file, previous_output)
    first.record_templates("key-1", {"article.html": frozenset({"article", "SITENAME"}), "dynamic.html": None})
    first.save(previous_output)

    again = PageManifest(manifest_file, previous_output)
    assert again.template_names("key-1") == {"article.html": frozenset({"article", "SITENAME"}),
                                             "dynamic.html": None}
    assert again.template_names("key-2") == {}  # another theme, settings or code: read them again
    manifest_file.write_text("[]", encoding="utf-8")
    assert PageManifest(manifest_file, previous_output).template_names("key-1") == {}


def test_background_work_runs_in_a_process_of_its_own_and_its_failure_is_raised_on_waiting(tmp_path):
    import os

    from portalbuild.shared import background

    marker = tmp_path / "written.txt"
    wait = background.start(lambda: marker.write_text(str(os.getpid()), encoding="utf-8"))
    wait()
    assert int(marker.read_text(encoding="utf-8")) != os.getpid()

    def fails():
        raise ValueError("feeds/visas.rss.xml: the disk is full")

    wait = background.start(fails, RuntimeError, "feeds: ")
    with pytest.raises(RuntimeError, match=r"^feeds: feeds/visas\.rss\.xml: the disk is full$"):
        wait()
    background.wait_for_all()  # nothing left to wait for; never raises

    # A failed build waits for every task and raises nothing; the task's own wait() still tells.
    wait = background.start(fails, RuntimeError, "feeds: ")
    background.wait_for_all()
    with pytest.raises(RuntimeError, match=r"^feeds: feeds/visas\.rss\.xml: the disk is full$"):
        wait()


def test_work_started_another_way_is_stopped_once_by_a_failed_build_unless_it_was_waited_for():
    from portalbuild.shared import background

    stopped = []
    background.track(lambda: stopped.append("pool"))
    background.wait_for_all()  # the build failed: the pool is stopped
    background.wait_for_all()  # the next build that fails: it is not kept from the one before
    assert stopped == ["pool"]
    untrack = background.track(lambda: stopped.append("waited for"))
    untrack()  # the build waited for it itself
    background.wait_for_all()
    assert stopped == ["pool"]


def test_a_rebuild_makes_the_previous_outputs_folders_ahead_and_removes_those_left_empty(tmp_path):
    import os

    from portalbuild.speed.folders import FolderMaker, folders_with_files

    previous, new = tmp_path / "output", tmp_path / "staging"
    for name in ("zinas/2020/08/kept/index.html", "zinas/2020/08/deleted/index.html", "feeds/visas.json"):
        (previous / name).parent.mkdir(parents=True, exist_ok=True)
        (previous / name).write_text("x", encoding="utf-8")
    (previous / "tukss" / "mape").mkdir(parents=True)  # no file inside: never made
    assert folders_with_files(previous) == ["feeds", "zinas", "zinas/2020", "zinas/2020/08",
                                            "zinas/2020/08/deleted", "zinas/2020/08/kept"]
    new.mkdir()
    folders = FolderMaker(previous, new)
    folders.ready()
    assert sorted(str(p.relative_to(new)) for p in new.rglob("*")) == folders_with_files(previous)
    (new / "zinas/2020/08/kept/index.html").write_text("y", encoding="utf-8")  # the build writes
    folders.tidy()
    folders.close()
    assert sorted(str(p.relative_to(new)) for p in new.rglob("*")) == [
        "zinas", "zinas/2020", "zinas/2020/08", "zinas/2020/08/kept", "zinas/2020/08/kept/index.html"]

    # A failed build: the process ends with the folders made, for the build to delete its folder.
    other = tmp_path / "other"
    other.mkdir()
    folders = FolderMaker(previous, other)
    folders.close()
    assert sorted(os.listdir(other)) == ["feeds", "zinas"]


def test_bodies_without_links_to_other_content_skip_pelicans_link_expression_with_the_same_result():
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import SafeDatetime

    from portalbuild.speed import patches

    settings = {**DEFAULT_CONFIG, "PATH": "/site/content"}
    bodies = ['<p>Plain <a href="https://lpr.gov.lv/">text</a> {not a link} |x|</p>',
              '<img src="{static}/images/karte.png" alt=""><a href=\'|filename|../citi.md\'>x</a>',
              '<a href="{attach}pielikums.pdf">PDF</a>', ""]

    def results():
        made = []
        for body in bodies:
            article = Article(body, metadata={"title": "T", "date": SafeDatetime(2020, 8, 15)}, settings=settings,
                              source_path="/site/content/news/2020/t.md", context={"static_content": {},
                                                                                   "generated_content": {}})
            made.append((sorted(article.get_static_links()), article._update_content(body, "")))
        return made

    expected = results()
    with patches.applied("urls"):
        assert results() == expected
    assert expected[1][0] == ["images/karte.png"] and expected[2][0] == ["news/2020/pielikums.pdf"]


def test_a_kept_url_follows_every_change_of_the_fields_it_was_made_from():
    from zoneinfo import ZoneInfo

    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import SafeDatetime

    from portalbuild.speed import patches

    settings = {**DEFAULT_CONFIG, "PATH": "/site/content", "ARTICLE_URL": "zinas/{date:%Y}/{date:%m}/{slug}/",
                "ARTICLE_SAVE_AS": "zinas/{date:%Y}/{date:%m}/{slug}/index.html"}
    riga_midnight = SafeDatetime(2020, 9, 1, 0, 30, tzinfo=ZoneInfo("Europe/Riga"))

    def urls(article):
        seen = [(article.url, article.save_as)]
        article.slug = "cits-nosaukums"
        seen.append((article.url, article.save_as))
        article.date = riga_midnight.astimezone(ZoneInfo("UTC"))  # the same moment, still August in UTC
        seen.append((article.url, article.save_as))
        article.metadata["slug"] = article.slug = "cits-nosaukums"
        seen.append((article.url, article.save_as))
        return seen

    def article():
        return Article("<p>x</p>", metadata={"title": "T", "date": riga_midnight, "slug": "t"},
                       settings=settings, source_path="/site/content/news/2020/t.md")

    expected = urls(article())
    with patches.applied("urls"):
        assert urls(article()) == expected
    assert [url for url, _ in expected] == ["zinas/2020/09/t/", "zinas/2020/09/cits-nosaukums/",
                                            "zinas/2020/08/cits-nosaukums/", "zinas/2020/08/cits-nosaukums/"]


def test_relative_source_paths_are_pelicans_own_for_every_kind_of_path(tmp_path):
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import SafeDatetime

    from portalbuild.speed import patches

    content = tmp_path / "content"
    (content / "news" / "2020").mkdir(parents=True)
    settings = {**DEFAULT_CONFIG, "PATH": str(content)}
    paths = [str(content / "news/2020/ceļi.md"), str(content / "news/../news/2020/x.md"),
             str(content) + "//news/x.md", str(content) + "-cits/x.md", str(content), "news/2020/x.md",
             str(tmp_path / "elsewhere.md"), None]

    def relative():
        article = Article("<p>x</p>", metadata={"title": "T", "date": SafeDatetime(2020, 8, 15)},
                          settings=settings, source_path=str(content / "news/2020/t.md"))
        return [article.get_relative_source_path(path) for path in paths]

    expected = relative()
    with patches.applied("urls"):
        assert relative() == expected
    assert expected[:3] == ["news/2020/ceļi.md", "news/2020/x.md", "news/x.md"] and expected[-1] == "news/2020/t.md"


def test_the_markdown_sources_read_ahead_are_the_files_pelicans_readers_take(tmp_path):
    import os

    from portalbuild.speed.reading import markdown_sources

    for name in ("news/2020/a.md", "news/2020/b.MD", "news/c.mkd", "news/sub/d.markdown", "news/.md", "news/e.md.",
                 "news/f.txt", "news/g", "pages/p.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Title: x\n", encoding="utf-8")
    (tmp_path / "news/mape.md").mkdir()  # a folder, not a file
    os.symlink(tmp_path / "pages/p.md", tmp_path / "news/saite.md")  # a linked file is read
    os.symlink(tmp_path / "pages", tmp_path / "news/lapas")  # a linked folder is not walked
    found = markdown_sources({"PATH": str(tmp_path), "ARTICLE_PATHS": ["news"], "PAGE_PATHS": ["pages"]})
    assert [os.path.relpath(path, tmp_path) for path in found] == [
        "news/2020/a.md", "news/2020/b.MD", "news/c.mkd", "news/saite.md", "news/sub/d.markdown", "pages/p.md"]


def test_tag_category_and_author_pages_get_the_same_lists_from_pelicans_loops_over_member_lists():
    from types import SimpleNamespace

    from pelican.generators import ArticlesGenerator

    from portalbuild.speed.lists import MemberList, index_groups

    class Post:  # like Pelican's contents: equal only to itself
        pass

    class Group:  # a Tag, Category or Author
        def __init__(self, name):
            self.name = self.slug = self.page_name = name
            self.save_as, self.url = f"{name}/index.html", f"{name}/"

    posts = [Post() for _ in range(12)]
    stray = Post()  # in a group, not among the dated posts (Pelican leaves it out of `dates`)

    def generator():
        return SimpleNamespace(
            dates=posts[::-1], articles=posts, context={}, get_template=lambda name: name,
            tags={Group("ezeri"): [posts[3], posts[9], posts[3], stray, posts[0]], Group("tukša"): []},
            categories=[(Group("kultura"), [posts[5], posts[2], posts[11]])], authors=[(Group("lpr"), posts[:])])

    def calls(generator, loop):
        made = []
        loop(generator, lambda *args, **kwargs: made.append((args, kwargs)))
        return [(args[0], {key: [id(post) for post in value] if isinstance(value, list) else value
                           for key, value in kwargs.items() if key not in ("tag", "category", "author")})
                for args, kwargs in made]

    plain, indexed = generator(), generator()
    index_groups(indexed)
    assert all(isinstance(posts, MemberList) for posts in indexed.tags.values())
    assert stray in indexed.tags[next(iter(indexed.tags))] and Post() not in indexed.tags[next(iter(indexed.tags))]
    for loop in (ArticlesGenerator.generate_tags, ArticlesGenerator.generate_categories,
                 ArticlesGenerator.generate_authors):
        assert calls(indexed, loop) == calls(plain, loop) != [], loop.__name__
