"""Tag checks: the separator, and one tag written two ways across the site.

Pelican splits `Tags:` on ';' as soon as the line has one, and on commas only
otherwise, so `Tags: Rēzekne, ceļi; satiksme` gives the tags 'Rēzekne, ceļi' and
'satiksme'. A tag page's address is the tag's slug, so 'Rēzekne', 'rēzekne' and
'Rezekne' share one page while every post links it under its own spelling. (A tag
with no letter or digit is plugin content_safety's: mistakes.empty_address_problems.)
"""

from __future__ import annotations

import re
from collections import defaultdict

from portalbuild.shared.errors import ContentError, ContentProblem, display_path
from portalbuild.shared.frontmatter import FrontMatter, field_lines

ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                 "hidden_translations")


def tag_field_problems(path: str, front: FrontMatter) -> list[ContentProblem]:
    """The `Tags:` line of one file: no ';'."""
    value = front.fields.get("tags")
    if value is None:
        return []
    line = front.lines["tags"]
    if ";" not in value:
        return []
    fixed = ", ".join(tag.strip() for tag in re.split(r"[;,]", value) if tag.strip())
    return [ContentProblem(path, "the tags are separated by ';' (with one ';' on the line, commas no longer "
                                 "separate tags)",
                           f"separate the tags with commas only: 'Tags: {fixed}'", line=line, field="Tags")]


def check_tag_spellings(generators) -> None:
    """One tag page, several spellings of its name: every post that differs from the usual one."""
    # Each spelling's files as the keys of a dict: a set that keeps the order they came in.
    spellings: dict[str, dict[str, dict[str, None]]] = defaultdict(lambda: defaultdict(dict))
    for generator in generators:
        for kind in ARTICLE_LISTS:
            for article in getattr(generator, kind, ()) or ():
                for tag in getattr(article, "tags", ()) or ():
                    spellings[tag.slug][tag.name][article.source_path] = None
    problems = []
    for slug, names in sorted(spellings.items()):
        if len(names) > 1:
            problems += _spelling_problems(slug, names, generators[0].settings)
    if problems:
        raise ContentError(problems)


def _spelling_problems(slug: str, names: dict[str, dict[str, None]], settings: dict) -> list[ContentProblem]:
    # The spelling most posts use; on a tie the one with more Latvian letters, then a capital.
    usual = max(names, key=lambda name: (len(names[name]), sum(not c.isascii() for c in name), name[:1].isupper()))
    example = display_path(min(names[usual])) + (f" and {len(names[usual]) - 1} more" if len(names[usual]) > 1 else "")
    url = settings.get("TAG_URL", "tag/{slug}/").format(slug=slug)
    problems = []
    for name, files in sorted(names.items()):
        if name == usual:
            continue
        for path in sorted(files):
            problems.append(ContentProblem(
                path, f"the tag {name!r} is written {usual!r} in {example}; both lead to one tag page "
                      f"(/{url}), listed under two names",
                f"write it {usual!r} here too", line=field_lines(path).get("tags", ("Tags", None))[1],
                field="Tags"))
    return problems
