"""Each replacement of a library internal (portalbuild/speed/patches.py) is checked against the
library it was verified on: the installed version must be one verified, and the source of what it
replaces must be the source verified. On any other version these tests fail, naming the patch, the
versions and what to do; the build itself takes Pelican's own way there (and says so)."""

from __future__ import annotations

import pytest

from portalbuild.shared import verified
from portalbuild.speed import patches


def _verified_versions(shortcut: str) -> str:
    return ",".join(f"{name}-{'|'.join(versions)}" for name, versions in verified.SHORTCUTS[shortcut].verified.items())


def _problem(patch: patches.Patch) -> str | None:
    shortcut = verified.SHORTCUTS[patch.shortcut]
    wrong = [f"{name} {verified.installed(name)} (verified: {', '.join(versions)})"
             for name, versions in shortcut.verified.items() if verified.installed(name) not in versions]
    if wrong:
        return (f"The patch of {patch.target} ({patch.why}) was verified on other versions than the installed "
                f"{'; '.join(wrong)}; the build does not use it there ({shortcut.instead}). To verify the installed "
                f"version: read the new source of {patch.target}, run {shortcut.tests} with LPR_TRY_UNVERIFIED=1, "
                "then add the version to portalbuild/shared/verified.py and the new source digest to "
                "portalbuild/speed/patches.py.")
    digest = patches.source_digest(patch.sources())
    if digest != patch.source_digest:
        replaced = ", ".join((patch.target, *patch.also))
        return (f"The source of {replaced} is not the one the patch ({patch.why}) was verified on: its digest is "
                f"{digest}, verified {patch.source_digest}, with {verified.installed_of(patch.shortcut)} installed. "
                f"Read what changed, check that {patch.replacement} still gives the library's own answers "
                f"({shortcut.tests}), then put the new digest into portalbuild/speed/patches.py.")
    return None


@pytest.mark.parametrize("patch", patches.PATCHES,
                         ids=[f"{patch.target}-verified-on-{_verified_versions(patch.shortcut)}"
                              for patch in patches.PATCHES])
def test_each_patch_replaces_the_library_code_it_was_verified_on(patch):
    problem = _problem(patch)
    if problem:
        pytest.fail(problem, pytrace=False)


def test_a_changed_source_fails_with_a_message_naming_the_patch_and_what_to_do():
    patch = patches.PATCHES[0]
    changed = patches.Patch(patch.target, patch.replacement, patch.group, patch.shortcut, patch.why, "0" * 16,
                            also=patch.also)
    problem = _problem(changed)
    assert problem.startswith("The source of pelican.contents:Content._expand_settings, "
                              "pelican.contents:Content.url_format is not the one the patch")
    assert "verified 0000000000000000" in problem and "put the new digest into portalbuild/speed/patches.py" in problem


def test_an_unverified_version_fails_with_a_message_naming_the_versions(monkeypatch):
    real = verified.installed
    monkeypatch.setattr(verified, "installed", lambda name: "4.13.0" if name == "pelican" else real(name))
    problem = _problem(patches.PATCHES[0])
    assert problem.startswith("The patch of pelican.contents:Content._expand_settings (")
    assert "the installed pelican 4.13.0 (verified: 4.12.0)" in problem
    assert "run tests/test_build_speed.py and tests/test_patches.py with LPR_TRY_UNVERIFIED=1" in problem


def test_applied_puts_every_patch_of_the_groups_in_place_and_takes_it_out_again():
    before = [patch.original() for patch in patches.PATCHES]
    with patches.applied(*patches.GROUPS) as groups:
        assert groups == set(patches.GROUPS)
        assert [patch.original() for patch in patches.PATCHES] == [patch.new_value() for patch in patches.PATCHES]
    assert [patch.original() for patch in patches.PATCHES] == before


def test_on_an_unverified_version_nothing_is_replaced(monkeypatch):
    real = verified.installed
    monkeypatch.delenv("LPR_TRY_UNVERIFIED", raising=False)
    monkeypatch.setattr(verified, "installed", lambda name: "4.13.0" if name == "pelican" else real(name))
    before = [patch.original() for patch in patches.PATCHES]
    with patches.applied(*patches.GROUPS) as groups:
        assert [patch.original() for patch in patches.PATCHES] == before
    assert not {"urls", "lists", "reading"} & groups


def test_an_unknown_group_is_refused_by_name():
    with pytest.raises(ValueError, match="no patch group colours; the groups are urls, "):
        with patches.applied("colours"):
            pass


def test_a_plugins_own_metadata_processor_stays_in_place(monkeypatch):
    from pelican import readers

    def own(value, settings):
        return value

    monkeypatch.setitem(readers.METADATA_PROCESSORS, "date", own)
    with patches.applied("markdown-dates"):
        assert readers.METADATA_PROCESSORS["date"] is own
        assert readers.METADATA_PROCESSORS["modified"] is patches.PATCHES[-2].new_value()
    assert readers.METADATA_PROCESSORS["date"] is own


# plugins/site_files sets two attributes of pelican-sitemap's generator (its queue and its
# clock; a plugin may not import the speed layer, so it is guarded by its own shortcut): the
# code that keeps them must be the code verified.
SITEMAP_STATE_DIGEST = "387289ca42944305"


@pytest.mark.parametrize("versions", [_verified_versions("sitemap-state")], ids=lambda versions: f"verified-on-{versions}")
def test_the_sitemap_state_site_files_resets_is_kept_as_verified(versions):
    problem = verified.skip_reason("sitemap-state")
    if problem:
        pytest.fail(f"{problem}. plugins/site_files does not reset or date pelican-sitemap's state there; read "
                    "SitemapGenerator's new source, run tests/test_discoverability.py with LPR_TRY_UNVERIFIED=1 and "
                    "add the version to portalbuild/shared/verified.py.", pytrace=False)
    from pelican.plugins.sitemap import sitemap

    kept = sitemap.SitemapGenerator
    digest = patches.source_digest([kept.__init__, kept.init, kept.finalize, kept._write_out])
    if digest != SITEMAP_STATE_DIGEST:
        pytest.fail(f"pelican-sitemap's SitemapGenerator is not the code verified (digest {digest}, verified "
                    f"{SITEMAP_STATE_DIGEST}): check that page_queue, _main_pelican and now keep their meaning for "
                    "plugins/site_files, then put the new digest into tests/test_patches.py.", pytrace=False)


@pytest.mark.parametrize("relied", patches.RELIED_ON,
                         ids=[f"{target}-verified-on-{_verified_versions(shortcut)}"
                              for target, shortcut, _, _ in patches.RELIED_ON])
def test_each_internal_the_speed_layer_relies_on_is_the_code_verified(relied):
    target, shortcut, why, verified_digest = relied
    problem = verified.skip_reason(shortcut)
    if problem:
        pytest.fail(f"{problem}. The fast build relies on {target}: {why}. Read its new source, run "
                    f"{verified.SHORTCUTS[shortcut].tests} with LPR_TRY_UNVERIFIED=1 and add the version to "
                    "portalbuild/shared/verified.py.", pytrace=False)
    digest = patches.source_digest([patches._original_of(target)])
    if digest != verified_digest:
        pytest.fail(f"The source of {target} is not the one verified (digest {digest}, verified {verified_digest}). "
                    f"The fast build relies on it: {why}. Read what changed, then put the new digest into "
                    "RELIED_ON in portalbuild/speed/patches.py.", pytrace=False)
