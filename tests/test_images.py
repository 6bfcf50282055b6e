"""Published images: responsive variants and their markup, no metadata, sharing images, cache, errors."""

from __future__ import annotations

import io
import logging
import multiprocessing
import re
import zlib

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from portalbuild import ROOT
from portalbuild.runner import BuildFailed

# The plugin's own tests build with the plain serial build (tests/conftest.py, PLAIN_BUILD).
pytestmark = pytest.mark.plain_build


# No search index, the plain serial build: these small sites test images and their HTML.
FAST = {"PORTAL_POST_BUILD": [], "FAST_BUILD": {"workers": 1, "incremental": False}}
CAMERA = {0x010F: "Canon", 0x0110: "Canon EOS 5D Mark IV", 0xA431: "SN-0042-4711", 0x013B: "Fotografs Jānis"}
GPS = {1: "N", 2: (56.0, 30.0, 36.0), 3: "E", 4: (27.0, 19.0, 48.0)}
SECRETS = [b"Canon", b"SN-0042-4711", b"Fotografs"]


def jpeg_with_exif(width=2000, height=1200, orientation=None) -> bytes:
    """A photo as a camera writes it: EXIF with make, model, serial, owner and GPS position."""
    image = Image.new("RGB", (width, height), "#3a6ea5")
    image.paste((220, 180, 40), (0, 0, width // 2, height // 3))  # a corner to see turning
    exif = Image.Exif()
    for tag, value in CAMERA.items():
        exif[tag] = value
    exif[0x8825] = GPS
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"Fotografs: Janis", quality=90)
    return out.getvalue()


def png_with_text(width=600, height=400) -> bytes:
    info = PngInfo()
    info.add_text("Author", "Fotografs Jānis")
    info.add_text("Comment", "SN-0042-4711")
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#b00d28").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def other_formats() -> dict[str, bytes]:
    """A WebP with EXIF and an animated GIF with a comment, as a phone or an editor saves them."""
    exif = Image.Exif()
    for tag, value in CAMERA.items():
        exif[tag] = value
    exif[0x8825] = GPS
    webp, gif = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (320, 200), "#1f5f3a").save(webp, "WEBP", exif=exif.tobytes())
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("#1f5f3a", "#b00d28")]
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], loop=0, comment=b"Fotografs SN-0042-4711")
    return {"images/citi/foto.webp": webp.getvalue(), "images/citi/kustiba.gif": gif.getvalue()}


def put(site, relative: str, data: bytes):
    path = site.content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def failure(site, **overrides) -> str:
    with pytest.raises(BuildFailed) as raised:
        site.build(**FAST, **overrides)
    return "\n".join(raised.value.messages)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One site with a photo (EXIF, GPS), a graphic in a body, a post without image, a stray photo."""
    from tests.conftest import PLAIN, Site

    site = Site(tmp_path_factory.mktemp("images"), PLAIN)
    put(site, "images/news/foto.jpg", jpeg_with_exif())
    put(site, "images/news/grafiks.png", png_with_text())
    put(site, "images/news/pagriezts.jpg", jpeg_with_exif(800, 600, orientation=6))
    put(site, "images/news/neizmantots.jpg", jpeg_with_exif(300, 200))
    for relative, data in other_formats().items():
        put(site, relative, data)
    site.post("ar-foto", "Ziņa ar foto", slug="ar-foto", image="images/news/foto.jpg", image_alt="Zils laukums ar dzeltenu stūri",
              image_caption="Paraksts", body="Ievads.\n\n![Sarkans grafiks]({static}/images/news/grafiks.png)\n\n"
                                             "![Pagriezts foto](/images/news/pagriezts.jpg)\n")
    site.post("bez-attela", "Ķekavā, Ērgļos un Ūdrīšos: ģimenes, šķūņi, ļaudis un žagari",
              date="2020-08-16 10:00")
    site.build(**FAST)
    return site


def variant_files(site, stem: str) -> list[str]:
    return sorted(f for f in site.files() if "/derivatives/" in f and f.rsplit("/", 1)[-1].startswith(stem + "."))


def srcset_entries(value: str) -> list[tuple[str, int]]:
    return [(url, int(width[:-1])) for url, width in (item.strip().split() for item in value.split(","))]


def test_featured_image_has_webp_and_jpeg_variants_with_width_and_height(built):
    page = built.soup("zinas/2020/08/ar-foto/index.html")
    picture = page.select_one("figure.lpr-figure picture")
    source, img = picture.find("source"), picture.find("img")
    assert source["type"] == "image/webp"
    assert [w for _, w in srcset_entries(source["srcset"])] == [480, 800, 1200]
    assert [w for _, w in srcset_entries(img["srcset"])] == [480, 800, 1200]
    assert (img["width"], img["height"]) == ("1200", "720")
    assert img["alt"] == "Zils laukums ar dzeltenu stūri"
    assert img["sizes"] and img["src"].endswith("/derivatives/800w/foto.jpg")
    assert img["loading"] == "eager"
    for url, width in srcset_entries(source["srcset"]) + srcset_entries(img["srcset"]):
        with Image.open(built.output / url.lstrip("/")) as variant:
            assert variant.size == (width, round(1200 * width / 2000))
            assert variant.format == ("WEBP" if url.endswith(".webp") else "JPEG")


def test_body_image_becomes_a_lazy_picture_never_wider_than_its_source(built):
    page = built.soup("zinas/2020/08/ar-foto/index.html")
    pictures = page.select(".lpr-prose picture")
    assert len(pictures) == 2
    graphic = pictures[0].find("img")
    assert graphic["alt"] == "Sarkans grafiks"
    assert [w for _, w in srcset_entries(graphic["srcset"])] == [480, 600]
    assert (graphic["width"], graphic["height"]) == ("600", "400")
    assert graphic["loading"] == "lazy"  # the featured image is the one at the top
    assert pictures[0].find("source")["type"] == "image/webp"
    assert variant_files(built, "grafiks") == [
        "images/news/derivatives/480w/grafiks.png", "images/news/derivatives/480w/grafiks.webp",
        "images/news/derivatives/600w/grafiks.png", "images/news/derivatives/600w/grafiks.webp"]


def test_a_photo_taken_sideways_is_turned_upright(built):
    img = built.soup("zinas/2020/08/ar-foto/index.html").select(".lpr-prose picture img")[1]
    assert (img["width"], img["height"]) == ("600", "800")
    with Image.open(built.output / "images/news/derivatives/600w/pagriezts.jpg") as variant:
        assert variant.size == (600, 800)
        assert not variant.getexif()
    with Image.open(built.output / "images/news/pagriezts.jpg") as original:
        assert dict(original.getexif()) == {0x0112: 6}  # only the orientation is left


def published_images(site) -> list[str]:
    return [f for f in site.files() if f.rsplit(".", 1)[-1] in ("jpg", "jpeg", "png", "webp", "gif")
            and not f.startswith("theme/")]


def test_no_gps_camera_or_owner_metadata_in_any_published_image(built):
    images = published_images(built)
    assert {"images/news/foto.jpg", "images/news/neizmantots.jpg",  # the originals too
            "images/citi/foto.webp", "images/citi/kustiba.gif"} <= set(images)
    assert len(images) >= 20
    for relative in images:
        data = (built.output / relative).read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            assert not exif.get_ifd(0x8825), f"GPS position left in {relative}"
            assert not {0x010F, 0x0110, 0xA431, 0x013B} & set(exif), f"camera EXIF left in {relative}"
            assert not {"comment", "Author", "Comment", "xmp"} & set(image.info), relative
        assert not any(secret in data for secret in SECRETS), relative


def test_stripped_originals_keep_their_pixels(built):
    source = Image.open(built.content / "images/news/foto.jpg").convert("RGB")
    published = Image.open(built.output / "images/news/foto.jpg").convert("RGB")
    assert ImageChops.difference(source, published).getbbox() is None
    assert Image.open(built.output / "images/news/grafiks.png").tobytes() == \
        Image.open(built.content / "images/news/grafiks.png").tobytes()


def test_an_animation_stays_animated(built):
    with Image.open(built.output / "images/citi/kustiba.gif") as gif:
        assert gif.n_frames == 2 and gif.info.get("loop") == 0


def test_damaged_image_that_no_post_uses_stops_the_build_too(site):
    put(site, "images/news/puse.png", png_with_text()[:300])
    site.post("zina", "Ziņa")
    assert "images/news/puse.png: the image 'images/news/puse.png' cannot be read" in failure(site)


def test_every_post_has_a_1200x630_sharing_image(built):
    # A featured image is cropped to a JPEG; a post without one shares a drawn card (PNG).
    for slug, alt, kind in (("ar-foto", "Zils laukums ar dzeltenu stūri", ("jpg", "JPEG", "image/jpeg")),
                            ("kekava-erglos-un-udrisos-gimenes-skuni-laudis-un-zagari",
                             "Ķekavā, Ērgļos un Ūdrīšos: ģimenes, šķūņi, ļaudis un žagari",
                             ("png", "PNG", "image/png"))):
        extension, image_format, mime = kind
        page = built.soup(f"zinas/2020/08/{slug}/index.html")
        image_url = page.find("meta", property="og:image")["content"]
        # Absolute in a local build too: the address the page will have (portalbuild/shared/siteaddress.py).
        assert image_url == f"https://lpr.gov.lv/zinas/2020/08/{slug}/social-card.{extension}"
        assert page.find("meta", property="og:image:alt")["content"] == alt
        assert page.find("meta", property="og:image:type")["content"] == mime
        with Image.open(built.output / image_url.removeprefix("https://lpr.gov.lv/")) as card:
            assert (card.format, card.size) == (image_format, (1200, 630))
    with Image.open(built.output / "social-card.png") as site_card:
        assert site_card.size == (1200, 630)
    assert built.soup("index.html").find("meta", property="og:image")["content"] == "https://lpr.gov.lv/social-card.png"


@pytest.mark.parametrize("title", [
    "Ķekavā, Ērgļos un Ūdrīšos: ģimenes, šķūņi, ļaudis un žagari",
    "AV Ty To WA „Latgales” — 2020. gada pārskats, 1 234,5 tūkst. EUR",
    "Ļoti gars virsraksts " * 12,  # cut to four lines with …
    "Vārds",
])
def test_a_drawn_card_has_the_pixels_pillow_draws(title):
    """The card composed from cached glyphs and pre-deflated rows is the picture ImageDraw draws."""
    from responsive_images import social
    from responsive_images.config import read_config
    from responsive_images.glyphs import font, level_table

    config = read_config({"PATH": str(ROOT / "content"), "THEME": str(ROOT / "theme"), "CACHE_PATH": "/tmp"})
    width, height = config.social_size
    footer = "Latgales plānošanas reģions"
    data = social.card_png(title, footer, config)
    # The IDAT is one zlib stream whose checksum zlib itself accepts (Pillow does not check it).
    idat_length = int.from_bytes(data[data.index(b"IDAT") - 4:data.index(b"IDAT")], "big")
    rows = zlib.decompress(data[data.index(b"IDAT") + 4:data.index(b"IDAT") + 4 + idat_length])
    assert len(rows) == height * (1 + width // 2)  # a filter byte and 4 bits a pixel, each row
    with Image.open(io.BytesIO(data)) as card:
        card.load()
        assert (card.format, card.mode, card.size) == ("PNG", "P", (width, height))
        assert card.getpalette()[:3 * 16] == [c for rgb in social.palette(config) for c in rgb]
        indices = card.tobytes()
    face, lines = social.fit_title(title, config.font_path, width - 2 * social.MARGIN)
    coverage = Image.new("L", (width, height))
    draw = ImageDraw.Draw(coverage)
    footer_top = social._footer_top(height)
    draw.rectangle((social.MARGIN, footer_top - 30, social.MARGIN + 96, footer_top - 24), fill=255)
    draw.text((social.MARGIN, footer_top), footer, font=font(config.font_path, social.FOOTER_SIZE), fill=255)
    line_height = int(face.size * 1.22)
    top = max(social.MARGIN - 10, (footer_top - 30 - line_height * len(lines)) // 2)
    for number, line in enumerate(lines):
        draw.text((social.MARGIN, top + number * line_height), line, font=font(config.font_path, face.size), fill=255)
    expected = coverage.point(level_table(social.LEVELS))
    expected.paste(social.ACCENT, (0, height - social.ACCENT_HEIGHT, width, height))
    assert indices == expected.tobytes()
    # The lines are those Pillow's own measure gives, and none is wider than the frame.
    pillow_font = font(config.font_path, face.size)
    assert all(pillow_font.getlength(line) <= width - 2 * social.MARGIN for line in lines)
    assert len(lines) <= social.TITLE_LINES


def test_a_card_is_the_same_bytes_in_every_process(tmp_path):
    import subprocess
    import sys

    script = ("import sys; from plugins.responsive_images import social; "
              "from plugins.responsive_images.config import read_config; "
              "c = read_config({'PATH': 'content', 'THEME': 'theme', 'CACHE_PATH': '/tmp'}); "
              "social.card_png('Vārds', 'x', c); "  # glyphs met before, in another order
              "sys.stdout.buffer.write(social.card_png('Ūdens Rēzeknē', 'LPR', c))")
    first = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, check=True).stdout
    from responsive_images import social
    from responsive_images.config import read_config
    config = read_config({"PATH": "content", "THEME": str(ROOT / "theme"), "CACHE_PATH": "/tmp"})
    assert social.card_png("Ūdens Rēzeknē", "LPR", config) == first


def test_card_font_is_shipped_with_its_licence_and_has_every_latvian_letter():
    fonts = ROOT / "theme" / "fonts"
    assert "Bitstream" in (fonts / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    font = ImageFont.truetype(str(fonts / "DejaVuSans-Bold.ttf"), 40)

    def drawn(text: str) -> bytes:
        canvas = Image.new("L", (60, 60))
        ImageDraw.Draw(canvas).text((5, 5), text, font=font, fill=255)
        return canvas.tobytes()

    missing_glyph = drawn("\ue000")  # a private-use code point: the font's "no glyph" box
    for letter in "āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ":
        assert drawn(letter) not in (missing_glyph, drawn("")), letter


def test_unchanged_images_are_not_processed_again(site, caplog):
    put(site, "images/news/foto.jpg", jpeg_with_exif(900, 600))
    site.post("foto", "Foto", image="images/news/foto.jpg", image_alt="Foto")
    caplog.set_level(logging.INFO, logger="responsive_images")

    def made() -> int:
        lines = [r.getMessage() for r in caplog.records if "cache entries made" in r.getMessage()]
        caplog.clear()
        return int(re.search(r"(\d+) cache entries made", lines[-1]).group(1))

    site.build(**FAST)
    assert made() >= 3  # variants, the sharing image, the site card, the stripped original
    site.build(**FAST)
    assert made() == 0
    put(site, "images/news/foto.jpg", jpeg_with_exif(900, 601))  # a new photo under the old name
    site.build(**FAST)
    assert made() == 3  # its variants, its sharing image, its stripped original
    with Image.open(site.output / "images/news/derivatives/800w/foto.jpg") as variant:
        assert variant.size == (800, round(601 * 800 / 900))


# --- bad images stop the build, naming the post and the image --------------------------------
def test_missing_featured_image(site):
    site.post("bez-faila", "Ziņa", image="images/news/nav.jpg", image_alt="Kaut kas")
    message = failure(site)
    assert "news/bez-faila.md:4: field 'Image': the image 'images/news/nav.jpg' does not exist " \
           "(looked for content/images/news/nav.jpg). Fix: add the file there or correct the path" in message


def test_missing_body_image_names_its_line(site):
    site.post("bez-faila", "Ziņa", body="Teksts.\n\n![Karte]({static}/images/karte.png)\n")
    assert "news/bez-faila.md:7: the image '{static}/images/karte.png' does not exist" in failure(site)


def test_file_that_is_not_an_image(site):
    put(site, "images/news/bojats.jpg", b"this is not a JPEG at all")
    site.post("bojats", "Ziņa", image="images/news/bojats.jpg", image_alt="Bojāts")
    assert "news/bojats.md:4: field 'Image': the image 'images/news/bojats.jpg' cannot be read: " \
           "the file is damaged or not an image. Fix: export it again as JPEG or PNG" in failure(site)


def test_image_cut_short_is_found_when_it_is_processed(site):
    put(site, "images/news/puse.jpg", jpeg_with_exif()[:6000])
    site.post("puse", "Ziņa", image="images/news/puse.jpg", image_alt="Puse")
    message = failure(site)
    assert "news/puse.md: the image 'images/news/puse.jpg' cannot be read: the file is damaged" in message


def test_image_over_the_size_limit(site):
    put(site, "images/news/liels.jpg", jpeg_with_exif())
    site.post("liels", "Ziņa", body="![Liels foto](/images/news/liels.jpg)\n")
    message = failure(site, RESPONSIVE_IMAGES={"max_bytes": 10_000})
    assert re.search(r"news/liels\.md:5: the image '/images/news/liels\.jpg' is 0\.\d MB, "
                     r"over the limit of 0\.0 MB\. Fix: save it smaller", message), message
    assert "RESPONSIVE_IMAGES['max_bytes']" in message


def test_featured_image_without_alt_text(site):
    put(site, "images/news/foto.jpg", jpeg_with_exif(400, 300))
    site.post("bez-alt", "Ziņa", image="images/news/foto.jpg")
    assert "news/bez-alt.md:4: field 'Image_alt': the featured image 'images/news/foto.jpg' has no alt text. " \
           "Fix: add a line 'Image_alt: …'" in failure(site)


def test_body_image_with_empty_alt_text(site):
    put(site, "images/x.png", png_with_text(100, 80))
    site.post("tukss-alt", "Ziņa", body="Teksts.\n\n![](/images/x.png)\n")
    assert "news/tukss-alt.md:7: the image '/images/x.png' has no alt text. " \
           "Fix: say what the image shows inside the brackets: ![Kas attēlā redzams](/images/x.png)" in failure(site)


def test_unknown_setting_key(site):
    site.post("zina", "Ziņa")
    assert "pelicanconf.py: field 'RESPONSIVE_IMAGES': unknown key 'widht'. Fix: did you mean 'widths'?" in failure(
        site, RESPONSIVE_IMAGES={"widht": [100]})


def test_social_filename_with_an_extension(site):
    site.post("zina", "Ziņa")
    assert ("pelicanconf.py: field 'RESPONSIVE_IMAGES': 'social_filename' is 'kartite.jpg'. Fix: give the name "
            "without extension, e.g. 'kartite': the extension is the image's type") in failure(
        site, RESPONSIVE_IMAGES={"social_filename": "kartite.jpg"})


def test_card_colour_that_is_not_a_colour(site):
    site.post("zina", "Ziņa")
    assert ("pelicanconf.py: field 'RESPONSIVE_IMAGES': 'card_text' is 'baltā', not a colour. "
            "Fix: write it as '#rrggbb'") in failure(site, RESPONSIVE_IMAGES={"card_text": "baltā"})


def test_many_cards_are_drawn_in_worker_processes_and_their_errors_still_name_the_post(site):
    for number in range(26):  # more cache misses than workers.PROCESS_THRESHOLD
        site.post(f"zina-{number}", f"Ziņa numur {number} par Rēzekni", slug=f"zina-{number}")
    put(site, "images/news/puse.jpg", jpeg_with_exif()[:6000])
    site.post("puse", "Ziņa ar bojātu foto", image="images/news/puse.jpg", image_alt="Puse")
    assert "news/puse.md: the image 'images/news/puse.jpg' cannot be read" in failure(site, RESPONSIVE_IMAGES={"workers": 2})
    (site.content / "news" / "puse.md").unlink()
    (site.content / "images" / "news" / "puse.jpg").unlink()  # a damaged static image stops the build too
    site.build(RESPONSIVE_IMAGES={"workers": 2}, **FAST)
    for number in (0, 25):
        with Image.open(site.output / f"zinas/2020/08/zina-{number}/social-card.png") as card:
            assert card.size == (1200, 630)


def test_a_content_error_found_while_the_cards_are_drawn_stops_the_build_and_their_workers(site):
    # The cards are drawn from when every file is read, while the other plugins check the content.
    for number in range(26):  # more cache misses than workers.PROCESS_THRESHOLD
        site.post(f"zina-{number}", f"Ziņa numur {number} par Rēzekni", slug=f"zina-{number}")
    site.post("otra", "Otra ziņa ar to pašu adresi", slug="zina-3")
    message = failure(site, RESPONSIVE_IMAGES={"workers": 2})
    assert "news/otra.md" in message and "it would be published at /zinas/2020/08/zina-3/" in message
    assert multiprocessing.active_children() == []  # no image worker is left running
    assert not site.output.exists()  # nothing was published
    (site.content / "news" / "otra.md").unlink()
    site.build(RESPONSIVE_IMAGES={"workers": 2}, **FAST)
    with Image.open(site.output / "zinas/2020/08/zina-3/social-card.png") as card:
        assert card.size == (1200, 630)


def test_social_cards_site_shares_the_site_card_for_posts_without_image(site):
    site.post("zina", "Ziņa bez attēla", slug="zina")
    site.build(RESPONSIVE_IMAGES={"social_cards": "site"}, **FAST)
    page = site.soup("zinas/2020/08/zina/index.html")
    assert page.find("meta", property="og:image")["content"] == "https://lpr.gov.lv/social-card.png"
    assert not any(name.startswith("zinas/2020/08/zina/social-card") for name in site.files())


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height pixels: enough for Pillow to judge its size."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def test_image_far_too_large_to_open_is_not_called_damaged(site):
    put(site, "images/news/milzis.png", png_header_only(20000, 20000))
    site.post("milzis", "Ziņa", body="![Milzīgs attēls](/images/news/milzis.png)\n")
    message = failure(site)
    assert "the image '/images/news/milzis.png' is far too large to open" in message
    assert "Fix: save it smaller" in message
