"""The fast build's Markdown shortcuts (portalbuild/speed/markdown_reader.py) read every file as Pelican does."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.readers import MarkdownReader
from pelican.utils import get_date

from portalbuild import ROOT
from portalbuild.runner import load_settings
from portalbuild.speed import markdown_reader as fastmarkdown
from portalbuild.shared import verified
from portalbuild.speed import patches
from portalbuild.speed.markdown_reader import fast_get_date
from tests.shortcut_support import needs_verified

MARKDOWN_GROUPS = ("markdown-reuse", "markdown-inline", "markdown-dates")

# Every construct the portal's Markdown settings know, and what would leak from one
# file to the next if a reused Markdown instance kept state: references, footnotes,
# abbreviations, the html stash, attribute lists.
TRICKY = '''Title: Paraugs ar *zvaigznēm* & "pēdiņām"
Date: 2020-08-15 10:00
Category: Pārvalde
Tags: padome, SEZ
Summary: Īss -- kopsavilkums ar [saiti](https://lpr.gov.lv) un *uzsvaru*... un &amp; zīmi

Teksts ar **treknu**, _slīprakstu_, ***abiem***, `kodu -- ar`, saiti [LPR](https://lpr.gov.lv "virsraksts"),
<https://lpr.gov.lv>, <info@lpr.gov.lv>, &amp; &copy; 5 < 6 > 4, a -- b --- c ... d <<x>> e.
Rinda ar divām atstarpēm  
nākamā rinda. Escape \\*nav\\* un \\_nav\\_. ![Attēls](/images/x.png) un <span class="x">HTML</span>.

Atsauce [ref] un [teksts][ref], ![att][ref], snake_case_vārds un 2*3*4.

[ref]: https://example.com/ref "Atsauce"

1. pirmais
2. otrais ar *uzsvaru*

- punkts -- ar domuzīmi
- punkts...

| a | b |
|---|---|
| 1 | *2* -- 3 |

Termins
:   definīcija ar [saiti](/x/)

*[LPR]: Latgales plānošanas reģions
LPR ir reģions; 18. novembris ir svētki.

Zemsvītra[^1] un vēl viena[^piezime].

[^1]: Piezīme ar *uzsvaru*.
[^piezime]: Otra -- piezīme.

<div markdown="1">*iekšā* -- div</div>

    kods -- nav ... aizstāts

```python
x = "a -- b"
```

## Virsraksts {: #sadala .klase }
'''

FOLLOWING = '''Title: Otrā ziņa
Date: 2021-01-02
Category: Transports

Te atsauce [ref] nav definēta, LPR nav saīsinājums, zemsvītra[^1] nav piezīmes.
<div>HTML bloks</div>

Teksts bez neviena īpaša simbola
'''


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    content = tmp_path_factory.mktemp("content")
    chosen = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content)})
    Pelican(chosen)  # the plugins add their Markdown extensions, as in a build
    return chosen


def read_all(settings, paths: list[Path], fast: bool):
    def read():
        reader = MarkdownReader(settings)  # one reader for all: the fast one reuses its Markdown
        return [reader.read(str(path)) for path in paths]

    if not fast:
        return read()
    with patches.applied(*MARKDOWN_GROUPS) as groups:
        assert groups == set(MARKDOWN_GROUPS)
        return read()


def comparable(results):
    return [(content, {name: (type(value).__name__, repr(value)) for name, value in metadata.items()})
            for content, metadata in results]


@needs_verified("fast-markdown")
@pytest.mark.parametrize("versions", [verified.installed_of("fast-markdown")])  # named in the test's id
def test_the_real_content_and_tricky_files_read_the_same(settings, tmp_path, versions):
    (tmp_path / "a.md").write_text(TRICKY, encoding="utf-8")
    (tmp_path / "b.md").write_text(FOLLOWING, encoding="utf-8")
    real = sorted((ROOT / "content").rglob("*.md"))
    paths = [tmp_path / "a.md", tmp_path / "b.md", tmp_path / "a.md", *real, tmp_path / "b.md"]
    stock, fast = comparable(read_all(settings, paths, False)), comparable(read_all(settings, paths, True))
    assert len(real) > 20
    for path, one, other in zip(paths, stock, fast):
        assert one == other, path
    tricky_html = stock[0][0]
    # The sample does reach the constructs it is meant to exercise.
    for made in ("<strong>", "<em>", "&ndash;", "&mdash;", "&hellip;", "<table>", "<dl>", "<abbr",
                 'class="footnote"', 'id="sadala"', "<code>kods -- nav ... aizst"):
        assert made in tricky_html, made
    assert "<abbr" not in stock[1][0] and 'href="https://example.com/ref"' not in stock[1][0]


@needs_verified("fast-markdown")
def test_each_shortcut_alone_reads_the_same(settings, tmp_path):
    (tmp_path / "a.md").write_text(TRICKY, encoding="utf-8")
    (tmp_path / "b.md").write_text(FOLLOWING, encoding="utf-8")
    paths = [tmp_path / "a.md", tmp_path / "b.md", tmp_path / "a.md"]
    stock = comparable(read_all(settings, paths, False))
    for group in MARKDOWN_GROUPS:
        with patches.applied(group):
            reader = MarkdownReader(settings)
            assert comparable([reader.read(str(path)) for path in paths]) == stock, group


@needs_verified("fast-markdown")
def test_a_pattern_never_matches_text_without_its_characters():
    """What the inline shortcut relies on: no needle in the text, no match of the pattern."""
    fastmarkdown._TABLE.update(fastmarkdown._pattern_table())
    alphabet = "ab ā\n\t*_`\\[]()!<>&;#:/@.-'\"^|{}=~+09"
    rng = random.Random(2020)
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(4000)]
    for name, knowns in fastmarkdown._TABLE.items():
        for known in knowns:
            pattern = re.compile(known.regex, re.DOTALL | re.UNICODE)
            for text in samples:
                if not any(needle in text for needle in known.needles):
                    assert pattern.search(text) is None, (name, text)


@needs_verified("fast-markdown")
def test_an_instance_with_an_unverified_extension_is_built_per_file(settings, tmp_path):
    from markdown.extensions.toc import TocExtension

    (tmp_path / "a.md").write_text(TRICKY, encoding="utf-8")
    own = {**settings, "MARKDOWN": {**settings["MARKDOWN"],
                                    "extensions": [*settings["MARKDOWN"]["extensions"], TocExtension()]}}
    stock = comparable(read_all(own, [tmp_path / "a.md"] * 2, False))
    with patches.applied(*MARKDOWN_GROUPS):
        reader = MarkdownReader(own)
        fast = comparable([reader.read(str(tmp_path / "a.md")) for _ in range(2)])
        assert not fastmarkdown._instances
    assert fast == stock


def test_on_a_markdown_version_not_verified_nothing_is_replaced_and_the_build_says_so(monkeypatch, caplog):
    real = verified.installed
    monkeypatch.setattr(verified, "installed", lambda name: "3.99.1" if name == "markdown" else real(name))
    monkeypatch.delenv("LPR_TRY_UNVERIFIED", raising=False)
    verified._say_once.cache_clear()
    import markdown
    from pelican import readers

    with patches.applied(*MARKDOWN_GROUPS) as groups:
        assert not groups and readers.Markdown is markdown.Markdown
    said = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert said == ["The fast Markdown reading (portalbuild/speed/markdown_reader.py) is off: it was verified on other "
                    "versions than the installed markdown 3.99.1 (verified: 3.11.3, 3.11.4); Pelican's own "
                    "Markdown reading is used: same pages, slower reading. To verify this version, run "
                    "tests/test_fast_markdown.py and tests/test_patches.py and add it to portalbuild/shared/verified.py."]


@pytest.mark.parametrize("text", ["2020-08-15", "2020-08-15 10:00", "2020-08-15 10:00:30", "2020-08-15T10:00",
                                  "2020-12-31 23:59", "1999-01-01 00:00"])
def test_iso_dates_are_the_datetimes_pelican_makes(text):
    assert repr(fast_get_date(text)) == repr(get_date(text))


@pytest.mark.parametrize("text", ["2020-02-30 10:00", "2020-13-01", "15.08.2020", "vakar"])
def test_other_dates_get_pelicans_own_answer(text):
    try:
        expected = repr(get_date(text))
    except ValueError as error:
        with pytest.raises(ValueError, match=re.escape(str(error))):
            fast_get_date(text)
    else:
        assert repr(fast_get_date(text)) == expected
