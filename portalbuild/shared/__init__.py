"""What the portal's plugins may import: the helpers they share, and nothing that runs a build.

errors (ContentError, ContentProblem), options (settings over their defaults, checked the same
way everywhere), siteaddress (the site's addresses: links, canonical, preview, feeds, own
hosts), markdownfiles (which files are Markdown), perbuild (a plugin's state for one build),
frontmatter, lvformat (Latvian dates and numbers), uistrings, notices (what a build tells
besides its pages), verified (library versions of each shortcut into their internals),
passed and cachefiles (what the previous build remembered), linkforms, background and linking
(files written into the new output while the build goes on).
"""
