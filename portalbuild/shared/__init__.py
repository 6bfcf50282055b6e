"""What the portal's plugins may import: the helpers they share, and nothing that runs a build.

errors (ContentError, ContentProblem), options (a settings dictionary over its defaults),
frontmatter, lvformat (Latvian dates and numbers), uistrings, notices (what a build tells
besides its pages), verified (library versions of each shortcut into their internals),
passed and cachefiles (what the previous build remembered), linkforms, background and linking
(files written into the new output while the build goes on).
"""
