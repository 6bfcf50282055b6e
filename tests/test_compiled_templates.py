"""lv_theme keeps the compiled templates between builds (plugins/lv_theme/compiled.py)."""

from __future__ import annotations

import shutil

import jinja2
import pytest
from jinja2.bccache import Bucket

from lv_theme.compiled import FOLDER, KeptTemplates, compiled_code_key
from portalbuild import ROOT

pytestmark = pytest.mark.plain_build


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from their source."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_source(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def test_a_second_build_compiles_no_template_and_writes_the_same_pages(site, compiles):
    site.post("zina", "Ziņa par ceļiem")
    site.build()
    first = site.read("zinas/2020/08/zina-par-celiem/index.html")
    assert "article.html" in compiles and "base.html" in compiles
    kept = list((site.root / "cache" / FOLDER).iterdir())
    assert len(kept) == 1 and any(kept[0].iterdir())
    compiles.clear()
    site.build()
    assert compiles == []
    assert site.read("zinas/2020/08/zina-par-celiem/index.html") == first


def test_an_edited_template_is_compiled_again(site, compiles):
    theme = site.root / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site.post("zina", "Ziņa par ceļiem")
    site.build(THEME=str(theme))
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<p id='jauns'>Jauns</p></body>"),
                    encoding="utf-8")
    compiles.clear()
    site.build(THEME=str(theme))
    assert compiles == ["base.html"]
    assert site.soup("zinas/2020/08/zina-par-celiem/index.html").find(id="jauns") is not None


def test_other_environment_options_or_plugin_code_get_another_folder(tmp_path):
    options = {"trim_blocks": True, "autoescape": True}
    (tmp_path / "plugin").mkdir()
    (tmp_path / "plugin" / "filters.py").write_text("def upper(text): return text.upper()\n")
    key = compiled_code_key(options, [tmp_path])
    assert compiled_code_key(dict(options), [tmp_path]) == key
    assert compiled_code_key({**options, "autoescape": False}, [tmp_path]) != key
    assert compiled_code_key({**options, "autoescape": jinja2.select_autoescape()}, [tmp_path]) == \
        compiled_code_key({**options, "autoescape": jinja2.select_autoescape()}, [tmp_path])
    (tmp_path / "plugin" / "filters.py").write_text("def upper(text): return text.lower()\n")
    assert compiled_code_key(options, [tmp_path]) != key


def test_a_build_with_other_options_leaves_one_folder(site):
    site.post("zina", "Ziņa")
    site.build()
    site.build(JINJA_ENVIRONMENT={"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True})
    assert len(list((site.root / "cache" / FOLDER).iterdir())) == 1


def test_a_template_that_cannot_be_kept_does_not_stop_the_build(tmp_path):
    cache = KeptTemplates(str(tmp_path / "removed"))
    bucket = Bucket(jinja2.Environment(), "x", "checksum")
    bucket.code = compile("x = 1", "x", "exec")
    cache.dump_bytecode(bucket)  # the folder does not exist: nothing is kept, nothing raised
    assert not (tmp_path / "removed").exists()
