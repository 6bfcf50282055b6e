"""Cheaper Markdown reading in the fast build, with the same (content, metadata) for every file.

Put in place by portalbuild/speed/patches.py (groups markdown-reuse, markdown-inline,
markdown-dates), on the Markdown and Pelican versions verified:

* ``reused_markdown`` stands for the ``Markdown`` class Pelican's MarkdownReader makes an
  instance of for every file: it gives this process's instance for the same MARKDOWN
  setting, brought back to the state of a new one (``_Reusable.restore``), when every
  extension, processor and pattern in it is one whose state was checked (``_VERIFIED_*``);
  otherwise a new instance, as Pelican makes.
* the inline processor (the main one and smarty's) skips a text node that contains none
  of the strings any registered pattern's match must contain (``_pattern_table``), and a
  pattern whose strings are absent: such a pattern would find no match. A pattern not in
  the table turns the shortcut off for that processor.
* the ``date`` and ``modified`` metadata processors build ``YYYY-MM-DD[ HH:MM[:SS]]``
  directly as the SafeDatetime dateutil gives; anything else goes to Pelican's get_date.

Settings read: MARKDOWN (as Pelican). tests/test_fast_markdown.py compares the stock and
the fast reader byte for byte.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

import markdown
from markdown import inlinepatterns, treeprocessors
from markdown.util import AtomicString
from pelican import readers
from pelican.utils import SafeDatetime


logger = logging.getLogger(__name__)

_STOCK_INLINE_RUN = treeprocessors.InlineProcessor.run
_STOCK_HANDLE_INLINE = treeprocessors.InlineProcessor._InlineProcessor__handleInline
_PLAN = "_fastmarkdown_plan"
_INLINE_FLAGS = re.compile("", re.DOTALL | re.UNICODE).flags


# --- inline patterns: what a match must contain --------------------------------------------
@dataclass(frozen=True)
class _Known:
    cls: type
    regex: str
    needles: tuple[str, ...]  # every match of ``regex`` contains at least one of these


def _pattern_table() -> dict[str, list[_Known]]:
    """The inline patterns of Python-Markdown 3.11.3 and its bundled extensions, by name.

    tests/test_fast_markdown.py checks each "needles" claim against the regular
    expression on random text made of the characters that matter.
    """
    from markdown.extensions import footnotes, smarty

    ip = inlinepatterns
    table: dict[str, list[_Known]] = {}

    def known(name, cls, regex, *needles):
        table.setdefault(name, []).append(_Known(cls, regex, needles))

    # The first branch of BACKTICK_RE is backslashes *followed by* a backtick (lookahead).
    known("backtick", ip.BacktickInlineProcessor, ip.BACKTICK_RE, "`")
    known("escape", ip.EscapeInlineProcessor, ip.ESCAPE_RE, "\\")
    known("reference", ip.ReferenceInlineProcessor, ip.REFERENCE_RE, "[")
    known("link", ip.LinkInlineProcessor, ip.LINK_RE, "[")
    known("image_link", ip.ImageInlineProcessor, ip.IMAGE_LINK_RE, "![")
    known("image_reference", ip.ImageReferenceInlineProcessor, ip.IMAGE_REFERENCE_RE, "![")
    known("short_reference", ip.ShortReferenceInlineProcessor, ip.REFERENCE_RE, "[")
    known("short_image_ref", ip.ShortImageReferenceInlineProcessor, ip.IMAGE_REFERENCE_RE, "![")
    known("autolink", ip.AutolinkInlineProcessor, ip.AUTOLINK_RE, "<")
    known("automail", ip.AutomailInlineProcessor, ip.AUTOMAIL_RE, "<")
    known("linebreak", ip.SubstituteTagInlineProcessor, ip.LINE_BREAK_RE, "  \n")
    known("html", ip.HtmlInlineProcessor, ip.HTML_RE, "<")
    known("html", ip.HtmlInlineProcessor, smarty.HTML_STRICT_RE, "<")  # smart_angled_quotes
    known("entity", ip.HtmlInlineProcessor, ip.ENTITY_RE, "&")
    known("footnote", footnotes.FootnoteInlineProcessor, r"\[\^([^\]]*)\]", "[^")
    # smarty's own inline processor
    known("smarty-em-dashes", smarty.SubstituteTextPattern, r"(?<!-)---(?!-)", "---")
    known("smarty-en-dashes", smarty.SubstituteTextPattern, r"(?<!-)--(?!-)", "--")
    known("smarty-ellipses", smarty.SubstituteTextPattern, r"(?<!\.)\.{3}(?!\.)", "...")
    known("smarty-left-angle-quotes", smarty.SubstituteTextPattern, r"\<\<", "<<")
    known("smarty-right-angle-quotes", smarty.SubstituteTextPattern, r"\>\>", ">>")
    quotes = (smarty.singleQuoteStartRe, smarty.doubleQuoteStartRe, smarty.doubleQuoteSetsRe,
              smarty.singleQuoteSetsRe, smarty.doubleQuoteSetsRe2, smarty.singleQuoteSetsRe2,
              smarty.decadeAbbrRe, smarty.openingSingleQuotesRegex, smarty.closingSingleQuotesRegex,
              smarty.closingSingleQuotesRegex2, smarty.remainingSingleQuotesRegex,
              smarty.openingDoubleQuotesRegex, smarty.closingDoubleQuotesRegex,
              smarty.closingDoubleQuotesRegex2, smarty.remainingDoubleQuotesRegex)
    for number, regex in enumerate(quotes):  # smarty registers them as smarty-quotes-0 … -14
        known(f"smarty-quotes-{number}", smarty.SubstituteTextPattern, regex, "'", '"')
    return table


_TABLE: dict[str, list[_Known]] = {}


def _fill_table() -> None:
    if not _TABLE:
        _TABLE.update(_pattern_table())


def _needles_of(name: str, pattern) -> tuple[str, ...] | None:
    """What a match of this registered pattern must contain; None for an unknown pattern."""
    compiled = getattr(pattern, "compiled_re", None)
    if compiled is None or compiled.flags != _INLINE_FLAGS:
        return None
    if type(pattern) is inlinepatterns.DelimiterProcessor and name == "em_strong":
        # Emphasis and strong: the regular expression is the alternation of its tokens
        # ("*", "_"); handleMatch runs only where one of them was found.
        tokens = tuple(pattern.tokens)
        return tokens if compiled.pattern == "|".join(re.escape(t) for t in tokens) else None
    for known in _TABLE.get(name, ()):
        if type(pattern) is known.cls and compiled.pattern == known.regex:
            return known.needles
    return None


@dataclass(frozen=True)
class InlinePlan:
    patterns: tuple  # in the registry's order
    needs: tuple[frozenset[str], ...]  # per pattern
    needles: tuple[str, ...]  # all of them


def inline_plan(registry) -> InlinePlan | None:
    """The shortcut's plan for an inline-pattern registry, or None if a pattern is unknown."""
    patterns = tuple(registry)  # sorts the registry, as iterating it in Markdown does
    names = [item.name for item in registry._priority]
    needs = []
    for name, pattern in zip(names, patterns):
        needles = _needles_of(name, pattern)
        if needles is None:
            _say_once(f"inline pattern '{name}' ({_name(pattern)}) is not in its table of what each "
                      "pattern's match must contain; every pattern is tried on every text",
                      "add the pattern to _pattern_table")
            return None
        needs.append(frozenset(needles))
    return InlinePlan(patterns, tuple(needs), tuple(sorted(set().union(*needs))))


def fast_inline_run(self, tree, ancestors=None):
    _fill_table()
    # The plan is made per run: the registry is the one Markdown uses for this run.
    previous = self.__dict__.get(_PLAN)
    self.__dict__[_PLAN] = inline_plan(self.inlinePatterns)
    try:
        return _STOCK_INLINE_RUN(self, tree, ancestors)
    finally:
        if previous is None:
            self.__dict__.pop(_PLAN, None)
        else:
            self.__dict__[_PLAN] = previous


def fast_handle_inline(self, data, patternIndex=0):  # noqa: N803 -- Python-Markdown's name
    """InlineProcessor.__handleInline, skipping the patterns that cannot match ``data``."""
    plan = self.__dict__.get(_PLAN)
    if plan is None or isinstance(data, AtomicString):
        return _STOCK_HANDLE_INLINE(self, data, patternIndex)
    present = [needle for needle in plan.needles if needle in data]
    if not present:
        return data
    apply = self._InlineProcessor__applyPattern
    patterns, needs = plan.patterns, plan.needs
    count = len(patterns)
    start = 0
    index = patternIndex
    while index < count:
        if needs[index].isdisjoint(present):
            # What __applyPattern returns when the pattern finds nothing.
            index += 1
            start = 0
            continue
        data, matched, start = apply(patterns[index], data, index, start)
        if not matched:
            index += 1
    return data


# --- one Markdown instance per reader ------------------------------------------------------
# Classes whose instances keep no state from one document to the next, or whose state
# Markdown.reset() clears (read in Python-Markdown 3.11.3 and in the portal's plugins,
# which Pelican imports as top-level packages). Names are module.qualname.
_VERIFIED_PROCESSORS = frozenset({
    "markdown.preprocessors.NormalizeWhitespace",
    "markdown.preprocessors.HtmlBlockPreprocessor",
    "markdown.extensions.fenced_code.FencedBlockPreprocessor",  # its one flag depends only on the setup
    "markdown.extensions.md_in_html.HtmlBlockPreprocessor",  # a new parser per run
    "markdown.extensions.meta.MetaPreprocessor",
    "markdown.blockprocessors.EmptyBlockProcessor",
    "markdown.blockprocessors.ListIndentProcessor",
    "markdown.blockprocessors.CodeBlockProcessor",
    "markdown.blockprocessors.HashHeaderProcessor",
    "markdown.blockprocessors.SetextHeaderProcessor",
    "markdown.blockprocessors.HRProcessor",  # .match is set by test() before each run()
    "markdown.blockprocessors.OListProcessor",  # .STARTSWITH is set before a new list uses it
    "markdown.blockprocessors.UListProcessor",
    "markdown.blockprocessors.BlockQuoteProcessor",
    "markdown.blockprocessors.ReferenceProcessor",  # writes md.references (reset clears)
    "markdown.blockprocessors.ParagraphProcessor",
    "markdown.extensions.md_in_html.MarkdownInHtmlProcessor",  # md.htmlStash.tag_data (restored)
    "markdown.extensions.def_list.DefListIndentProcessor",
    "markdown.extensions.def_list.DefListProcessor",
    "markdown.extensions.tables.TableProcessor",  # .border/.separator set by test() before run()
    "markdown.extensions.sane_lists.SaneOListProcessor",
    "markdown.extensions.sane_lists.SaneUListProcessor",
    "markdown.extensions.footnotes.FootnoteBlockProcessor",  # state in the extension (reset)
    "markdown.extensions.abbr.AbbrBlockprocessor",  # the extension's abbrs dict (reset)
    "markdown.treeprocessors.InlineProcessor",  # stashed nodes and ancestors set per run
    "markdown.treeprocessors.PrettifyTreeprocessor",
    "markdown.treeprocessors.UnescapeTreeprocessor",
    "markdown.extensions.footnotes.FootnoteTreeprocessor",
    "markdown.extensions.footnotes.FootnotePostTreeprocessor",  # .offset set per run
    "markdown.extensions.attr_list.AttrListTreeprocessor",
    "markdown.extensions.abbr.AbbrTreeprocessor",  # .RE rebuilt per run from the abbrs
    "markdown.postprocessors.RawHtmlPostprocessor",
    "markdown.postprocessors.AndSubstitutePostprocessor",
    "markdown.extensions.footnotes.FootnotePostprocessor",
    "markdown.extensions.md_in_html.MarkdownInHTMLPostprocessor",
    "lv_markdown.OrdinalDotPreprocessor",
    "lv_markdown.NumberTieTreeprocessor",
    "html_finishing.treeprocessor.FinishingTreeprocessor",  # ids allocated per run
})
# Extensions Markdown.reset() resets (md.registeredExtensions).
_VERIFIED_REGISTERED = frozenset({
    "markdown.extensions.fenced_code.FencedCodeExtension",
    "markdown.extensions.footnotes.FootnoteExtension",
    "markdown.extensions.attr_list.AttrListExtension",
    "markdown.extensions.abbr.AbbrExtension",
    "markdown.extensions.meta.MetaExtension",
})
# Extension objects given in MARKDOWN["extensions"] are shared by every instance Pelican
# builds; only these, which keep nothing of an instance, may be (their extendMarkdown only
# registers processors).
_VERIFIED_SHARED = frozenset({
    "lv_markdown.LatvianOrdinalsExtension",
    "html_finishing.treeprocessor.FinishingExtension",
})


def _name(obj) -> str:
    return f"{type(obj).__module__}.{type(obj).__qualname__}"


def _registries(md) -> list:
    found = [md.preprocessors, md.parser.blockprocessors, md.inlinePatterns, md.treeprocessors,
             md.postprocessors]
    found += [processor.inlinePatterns for processor in md.treeprocessors
              if isinstance(processor, treeprocessors.InlineProcessor)
              and processor.inlinePatterns is not md.inlinePatterns]
    return found


def _unverified(md, settings: dict) -> list[str]:
    """What in this instance (built from ``settings``) keeps state nobody checked."""
    table = {known.cls for knowns in _TABLE.values() for known in knowns}
    table.add(inlinepatterns.DelimiterProcessor)  # reset() clears its stacks and regions
    problems = [_name(e) for e in settings.get("extensions", ())
                if not isinstance(e, str) and _name(e) not in _VERIFIED_SHARED]
    problems += [_name(e) for e in md.registeredExtensions if _name(e) not in _VERIFIED_REGISTERED]
    for registry in _registries(md):
        for item in registry:
            verified = type(item) in table if registry is md.inlinePatterns or hasattr(
                item, "getCompiledRegExp") else _name(item) in _VERIFIED_PROCESSORS
            if not verified:
                problems.append(_name(item))
    return problems


def _freeze(value, keep: list):
    """A comparable image of a MARKDOWN setting; objects by identity (kept alive in ``keep``)."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_freeze(v, keep) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((_freeze(k, keep), _freeze(v, keep)) for k, v in value.items()))
    keep.append(value)
    return ("object", id(value))


class _Reusable:
    """A Markdown instance and how to bring it back to the state of a new one."""

    def __init__(self, key, keep: list, md):
        self.key, self.keep, self.md = key, keep, md
        self.registries = [(r, dict(r._data), list(r._priority), r._is_sorted) for r in _registries(md)]
        self.footnotes = [(e, e.unique_prefix) for e in md.registeredExtensions if hasattr(e, "unique_prefix")]

    def restore(self) -> bool:
        md = self.md
        if md.parser.state:
            return False  # a block processor left its state behind: use a new instance
        for registry, data, priority, is_sorted in self.registries:
            registry._data, registry._priority, registry._is_sorted = dict(data), list(priority), is_sorted
        md.reset()
        # What a new instance has and reset() leaves as it is.
        md.htmlStash.tag_counter, md.htmlStash.tag_data = 0, []
        for extension, prefix in self.footnotes:
            extension.unique_prefix = prefix
        return True


_instances: dict = {}  # the frozen MARKDOWN setting -> _Reusable (one per process)


def reused_markdown(**settings):
    """``Markdown(**settings)`` for Pelican's MarkdownReader: this process's instance for these
    settings, brought back to the state of a new one, when every part of it was checked."""
    _fill_table()
    keep: list = []
    key = _freeze(settings, keep)
    cached = _instances.get(key)
    if cached is not None and cached.restore():
        return cached.md
    _instances.pop(key, None)
    md = markdown.Markdown(**settings)
    problems = _unverified(md, settings)
    if problems:
        _say_once(f"these parts of the MARKDOWN setting were not checked to leave no state from one file "
                  f"to the next: {', '.join(problems)}; a new Markdown instance is made for every file",
                  "add them to the _VERIFIED_* sets")
        return md
    _instances[key] = _Reusable(key, keep, md)
    return md


def forget_instances() -> None:
    """The shortcuts are taken out: no instance is kept."""
    _instances.clear()


@functools.cache
def _say_once(what: str, fix: str) -> None:
    """Part of a shortcut cannot be used: the build says so once, in plain words."""
    logger.warning("Fast Markdown reading is partly off: %s. The pages are the same; reading is slower. "
                   "To use it, %s in portalbuild/speed/markdown_reader.py once tests/test_fast_markdown.py passes.",
                   what, fix)


# --- dates ---------------------------------------------------------------------------------
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")


def fast_get_date(string: str):
    """pelican.utils.get_date for ``YYYY-MM-DD[ HH:MM[:SS]]``: the same SafeDatetime, directly."""
    match = _ISO_DATE.fullmatch(string)
    if match:
        try:
            return SafeDatetime(*(int(part) for part in match.groups(default="0")))
        except ValueError:
            pass  # an impossible date: Pelican's get_date says so in its own words
    return readers.get_date(string)


def fast_date(value, _settings):
    return fast_get_date(value.replace("_", " "))


def fast_modified(value, _settings):
    return fast_get_date(value)
