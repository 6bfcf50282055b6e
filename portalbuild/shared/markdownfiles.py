"""Which files are Markdown: the file extensions Pelican's Markdown reader reads, named once.

MARKDOWN_EXTENSIONS  without the dot ("md"), as Generator.get_files takes them
MARKDOWN_SUFFIXES    with the dot (".md"), as Path.suffix and str.endswith want them
"""

from __future__ import annotations

from pelican.readers import MarkdownReader

MARKDOWN_EXTENSIONS: tuple[str, ...] = tuple(MarkdownReader.file_extensions)
MARKDOWN_SUFFIXES: tuple[str, ...] = tuple(f".{extension}" for extension in MARKDOWN_EXTENSIONS)
