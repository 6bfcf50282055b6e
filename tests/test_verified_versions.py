"""A patch release of a library the shortcuts rely on turns them off with one line, never silently.

Simulated by reporting another installed version (portalbuild.shared.verified.installed): the build
goes the plain way, says so in one warning naming the versions, and its pages are those of the
plain serial build.
"""

from __future__ import annotations

import pytest

from portalbuild.shared import verified
from tests.test_build_speed import FAST, SERIAL, _differences, _small_site


@pytest.fixture
def pretend(monkeypatch):
    """pretend(distribution, version): the build sees ``version`` installed."""
    monkeypatch.delenv("LPR_TRY_UNVERIFIED", raising=False)
    verified._say_once.cache_clear()
    real = verified.installed
    pretended = {}
    monkeypatch.setattr(verified, "installed", lambda name: pretended.get(name) or real(name))
    yield pretended.__setitem__
    verified._say_once.cache_clear()


def test_an_unverified_pelican_builds_plainly_says_so_once_and_writes_the_same_pages(site, tmp_path, pretend):
    _small_site(site)
    site.build(FAST_BUILD=SERIAL, PORTAL_POST_BUILD=[])
    plain = tmp_path / "plain"
    site.output.rename(plain)
    pretend("pelican", "4.12.9")
    warnings = site.build(FAST_BUILD=FAST, PORTAL_POST_BUILD=[]).warnings
    said = [warning for warning in warnings if "verified on other versions" in warning]
    assert said == [
        "The fast build (portalbuild/speed/mode.py; its patches: portalbuild/speed/patches.py) is off: it was "
        "verified on other versions than the installed pelican 4.12.9 (verified: 4.12.0); the plain serial build "
        "is used: same pages, slower build. To verify this version, run tests/test_build_speed.py and "
        "tests/test_patches.py and add it to portalbuild/shared/verified.py."]
    assert _differences(plain, site.output) == []


def test_an_unverified_pagefind_indexes_the_site_without_the_stable_names_and_says_so(site, pretend, caplog):
    _small_site(site)
    pretend("pagefind", "1.5.9")
    site.build(FAST_BUILD=SERIAL, PORTAL_POST_BUILD=["search"])
    assert [record.getMessage() for record in caplog.records if "verified on other" in record.getMessage()] == [
        "The stable search index (portalbuild/steps/search_stable.py) is off: it was verified on other versions than "
        "the installed pagefind 1.5.9 (verified: 1.5.2); the search index works but its filter files change "
        "names from build to build. To verify this version, run tests/test_search.py and add it to "
        "portalbuild/shared/verified.py."]
    assert list((site.output / "pagefind").glob("**/pagefind-entry.json"))


def test_trying_unverified_versions_uses_the_shortcuts_and_runs_their_tests(monkeypatch, pretend):
    pretend("markdown", "3.99.0")
    assert verified.skip_reason("fast-markdown") == (
        "fast Markdown reading (portalbuild/speed/markdown_reader.py) verified only on other versions: "
        "markdown 3.99.0 (verified: 3.11.3, 3.11.4)")
    monkeypatch.setenv("LPR_TRY_UNVERIFIED", "1")
    assert verified.skip_reason("fast-markdown") is None and verified.usable("fast-markdown")
