#!/usr/bin/env python3
"""Draw the infographics used as featured images of the 2020 news posts.

Every figure shown here is taken from the Latgale Planning Region's public
annual report for 2020. The images are honest infographics (plain background,
large figures, short Latvian labels) and do not pretend to be photographs.

Usage (from the repository root):

    .venv/bin/python scripts/draw_infographics.py

Output: content/images/news/2020/*.png, 1200x675 px, each under 150 KB.
The script is deterministic: running it twice produces identical files.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "content" / "images" / "news" / "2020"

W, H = 1200, 675
MAX_BYTES = 150 * 1024

GREEN = (0x1F, 0x5F, 0x3A)
GREEN_DARK = (0x17, 0x48, 0x2C)
GREEN_LIGHT = (0xE8, 0xF1, 0xEC)
WHITE = (0xFF, 0xFF, 0xFF)
RED = (0xC8, 0x10, 0x2E)
MUTED_ON_GREEN = (0xCF, 0xE2, 0xD6)
TEXT_DARK = (0x1A, 0x2A, 0x20)
MUTED_ON_WHITE = (0x4D, 0x5E, 0x54)

CORNER_TEXT = "Latgales plānošanas reģions"
SOURCE_TEXT = "Avots: LPR publiskais gada pārskats par 2020. gadu"

# --------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------

_DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu"


def _find_font(filename: str) -> str:
    """Return a path to a DejaVu font file (it covers every Latvian letter)."""
    direct = os.path.join(_DEJAVU_DIR, filename)
    if os.path.exists(direct):
        return direct
    if shutil.which("fc-list"):
        try:
            listing = subprocess.run(
                ["fc-list", "--format", "%{file}\n"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.splitlines()
        except (OSError, subprocess.CalledProcessError):
            listing = []
        for path in listing:
            if os.path.basename(path) == filename:
                return path
    for pattern in ("/usr/share/fonts/**/" + filename, "/usr/local/share/fonts/**/" + filename):
        hits = glob.glob(pattern, recursive=True)
        if hits:
            return sorted(hits)[0]
    sys.exit(f"Font {filename} not found; install fonts-dejavu-core.")


FONT_REGULAR = _find_font("DejaVuSans.ttf")
FONT_BOLD = _find_font("DejaVuSans-Bold.ttf")
_font_cache: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    key = (FONT_BOLD if bold else FONT_REGULAR, size)
    if key not in _font_cache:
        _font_cache[key] = ImageFont.truetype(key[0], size)
    return _font_cache[key]


# --------------------------------------------------------------------------
# Drawing helpers
# --------------------------------------------------------------------------


def text_width(draw: ImageDraw.ImageDraw, text: str, fnt) -> int:
    left, _, right, _ = draw.textbbox((0, 0), text, font=fnt)
    return right - left


def fit_font(draw, text: str, max_width: int, size: int, bold: bool = True, min_size: int = 18):
    """Largest font (<= size) in which text fits max_width."""
    while size > min_size and text_width(draw, text, font(size, bold)) > max_width:
        size -= 2
    return font(size, bold)


def wrap(draw, text: str, fnt, max_width: int) -> list[str]:
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        trial = word if not current else current + " " + word
        if text_width(draw, trial, fnt) <= max_width:
            current = trial
        else:
            if current:
                lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def draw_lines(draw, xy, lines, fnt, fill, spacing=6) -> int:
    """Draw lines with a fixed line height (independent of accents/descenders)."""
    x, y = xy
    line_height = round(fnt.size * 1.22) + spacing
    for line in lines:
        draw.text((x, y), line, font=fnt, fill=fill)
        y += line_height
    return y


def new_canvas(dark: bool = True):
    img = Image.new("RGB", (W, H), GREEN if dark else WHITE)
    return img, ImageDraw.Draw(img)


def header(draw, title: str, subtitle: str | None, dark: bool = True) -> int:
    """Title, optional subtitle and a short red accent rule. Returns next y."""
    fg = WHITE if dark else GREEN
    muted = MUTED_ON_GREEN if dark else MUTED_ON_WHITE
    title_font = fit_font(draw, title, W - 120, 46, bold=True, min_size=30)
    draw.text((60, 38), title, font=title_font, fill=fg)
    y = 38 + title_font.size + 14
    if subtitle:
        sub_font = fit_font(draw, subtitle, W - 120, 24, bold=False, min_size=18)
        draw.text((60, y), subtitle, font=sub_font, fill=muted)
        y += sub_font.size + 14
    draw.rectangle((60, y, 160, y + 5), fill=RED)
    return y + 28


def footer(draw, dark: bool = True) -> None:
    muted = MUTED_ON_GREEN if dark else MUTED_ON_WHITE
    small = font(16)
    draw.text((60, H - 40), SOURCE_TEXT, font=small, fill=muted)
    corner = font(18, bold=True)
    tw = text_width(draw, CORNER_TEXT, corner)
    draw.text((W - 60 - tw, H - 42), CORNER_TEXT, font=corner, fill=WHITE if dark else GREEN)


def tile(draw, box, value: str, label: str, dark: bool = True, value_size: int = 64,
         accent: bool = False, note: str | None = None) -> None:
    """A statistic tile: big value, wrapped label, optional small note."""
    x0, y0, x1, y1 = box
    bg = GREEN_DARK if dark else GREEN_LIGHT
    draw.rectangle(box, fill=bg)
    if accent:
        draw.rectangle((x0, y0, x0 + 6, y1), fill=RED)
    pad = 22
    inner = (x1 - x0) - 2 * pad
    value_font = fit_font(draw, value, inner, value_size, bold=True, min_size=26)
    if text_width(draw, value, value_font) > inner:
        raise SystemExit(f"Tile value {value!r} does not fit its tile {box}")
    fg = WHITE if dark else GREEN
    draw.text((x0 + pad, y0 + 16), value, font=value_font, fill=fg)
    label_font = font(21)
    label_color = MUTED_ON_GREEN if dark else TEXT_DARK
    y = y0 + 16 + value_font.size + 16
    y = draw_lines(draw, (x0 + pad, y), wrap(draw, label, label_font, inner), label_font, label_color, spacing=2)
    if note:
        note_font = font(17)
        y = draw_lines(draw, (x0 + pad, y + 2), wrap(draw, note, note_font, inner), note_font,
                       MUTED_ON_GREEN if dark else MUTED_ON_WHITE, spacing=0)
    if y > y1 - 4:
        raise SystemExit(f"Tile text for {value!r} overflows its tile {box}")


def grid(top: int, bottom: int, cols: int, rows: int, gap: int = 18, left: int = 60, right: int = 60):
    """Yield tile boxes filling the area row by row."""
    width = (W - left - right - gap * (cols - 1)) // cols
    height = (bottom - top - gap * (rows - 1)) // rows
    for r in range(rows):
        for c in range(cols):
            x0 = left + c * (width + gap)
            y0 = top + r * (height + gap)
            yield (x0, y0, x0 + width, y0 + height)


def save(img: Image.Image, name: str) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / name
    for colors in (64, 32, 16):
        pal = img.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        pal.save(path, format="PNG", optimize=True)
        if path.stat().st_size <= MAX_BYTES:
            break
    size = path.stat().st_size
    if size > MAX_BYTES:
        sys.exit(f"{path} is {size} bytes, over the {MAX_BYTES} byte limit")
    print(f"{path.relative_to(ROOT)}  {size // 1024} KB")
    return path


# --------------------------------------------------------------------------
# The images
# --------------------------------------------------------------------------


def biznesa_ideju_grantu_shema():
    img, d = new_canvas()
    top = header(d, "Atbalsts biznesa ideju īstenošanai Latgalē",
                 "Neliela apjoma grantu shēma · EEZ finanšu instruments · līgums ar VARAM 05.08.2020")
    boxes = list(grid(top, 500, cols=3, rows=2))
    tile(d, boxes[0], "540 000 EUR", "kopā pieejamais finansējums", accent=True, value_size=50)
    tile(d, boxes[1], "5 000–10 000 EUR", "vienam projektam", value_size=50)
    tile(d, boxes[2], "līdz 55 %", "no projekta attiecināmajām izmaksām", value_size=50)
    tile(d, boxes[3], "40", "atbalstīti uzņēmumi")
    tile(d, boxes[4], "40", "jauni produkti vai pakalpojumi")
    tile(d, boxes[5], "40", "jaunas darba vietas")
    # Funding split bar: 85 % EEA grant, 15 % national co-financing.
    y0, y1 = 522, 552
    x0, x1 = 60, W - 60
    split = x0 + round((x1 - x0) * 0.85)
    d.rectangle((x0, y0, split, y1), fill=WHITE)
    d.rectangle((split, y0, x1, y1), fill=RED)
    f = font(20, bold=True)
    d.text((x0, y1 + 10), "EEZ finanšu instruments: 459 000 EUR (85 %)", font=f, fill=WHITE)
    right_label = "valsts līdzfinansējums: 81 000 EUR (15 %)"
    d.text((x1 - text_width(d, right_label, f), y1 + 10), right_label, font=f, fill=WHITE)
    footer(d)
    save(img, "biznesa-ideju-grantu-shema.png")


def latgales_diena_riga():
    img, d = new_canvas()
    top = header(d, "Latgales diena Rīgā", "Rīgas svētki · Neatkarības laukums, Rīga")
    big = font(104, bold=True)
    d.text((60, top - 8), "15.08.2020", font=big, fill=WHITE)
    d.text((60, top + 112), "amatnieki · mājražotāji · uzņēmēji · skatuves mākslinieki no visas Latgales",
           font=fit_font(d, "amatnieki · mājražotāji · uzņēmēji · skatuves mākslinieki no visas Latgales",
                         W - 120, 24, bold=False), fill=MUTED_ON_GREEN)
    label_font = font(20, bold=True)
    d.text((60, top + 160), "PROJEKTS „AMATNIECĪBA BEZ ROBEŽĀM” (LV-RU-018)", font=label_font, fill=WHITE)
    boxes = list(grid(top + 196, 610, cols=2, rows=2, gap=14))
    tile(d, boxes[0], "799 740,50 EUR", "projekta kopējais budžets", value_size=38, accent=True)
    tile(d, boxes[1], "719 766,45 EUR", "programmas līdzfinansējums", value_size=38)
    tile(d, boxes[2], "8", "Latgales pašvaldības saņems aprīkojumu", value_size=38)
    tile(d, boxes[3], "5 + 2", "partneri Latvijā un Krievijā", value_size=38)
    footer(d)
    save(img, "latgales-diena-riga.png")


def pure_water_macibas():
    img, d = new_canvas()
    top = header(d, "Mācības ūdenssaimniecību speciālistiem",
                 "Projekts „Pure Water” (LV-RU-003) · 2020. gada augusts")
    boxes = list(grid(top, 420, cols=3, rows=1))
    tile(d, boxes[0], "4", "mācību dienas", value_size=96, accent=True)
    tile(d, boxes[1], "31", "dalībnieks", value_size=96)
    tile(d, boxes[2], "18", "Latgales pašvaldības", value_size=96)
    boxes = list(grid(440, 610, cols=2, rows=1))
    tile(d, boxes[0], "12.–13. augusts", "Daugavpils", value_size=48)
    tile(d, boxes[1], "19.–20. augusts", "Rēzekne", value_size=48)
    footer(d)
    save(img, "pure-water-macibas.png")


def deinstitucionalizacija_2020():
    img, d = new_canvas()
    top = header(d, "Sabiedrībā balstīti sociālie pakalpojumi 2020. gadā",
                 "Projekts „Deinstitucionalizācijas pasākumu īstenošana Latgales reģionā”")
    boxes = list(grid(top, 610, cols=2, rows=2))
    tile(d, boxes[0], "121", "pieaugušais ar garīga rakstura traucējumiem", value_size=80, accent=True)
    tile(d, boxes[1], "287", "bērni ar funkcionāliem traucējumiem", value_size=80)
    tile(d, boxes[2], "141", "bērnu likumiskais pārstāvis", value_size=80)
    tile(d, boxes[3], "13 no 19", "projekta pašvaldībām attīsta pakalpojumu infrastruktūru", value_size=80)
    footer(d)
    save(img, "deinstitucionalizacija-2020.png")


def attistibas_programma():
    img, d = new_canvas()
    top = header(d, "Kā tapa attīstības programma 2021.–2027. gadam",
                 "1. redakcija apstiprināta 23.12.2020. un nodota sabiedriskajai apspriešanai")
    boxes = list(grid(top, 610, cols=3, rows=2))
    tile(d, boxes[0], "21", "intervija ar pašvaldībām", accent=True)
    tile(d, boxes[1], "19", "intervijas ar aktīviem uzņēmējiem")
    tile(d, boxes[2], "7", "intervijas ar ministrijām un aģentūrām")
    tile(d, boxes[3], "152", "uzņēmēju aptaujas respondenti (jūnijs–jūlijs)")
    tile(d, boxes[4], "14 + 22", "fokusgrupu dalībnieki (jūnijs–jūlijs un septembris)")
    tile(d, boxes[5], "234", "pašvaldību iesniegtās projektu idejas")
    footer(d)
    save(img, "attistibas-programma-2021-2027.png")


def latgales_sez_2020():
    img, d = new_canvas()
    top = header(d, "Latgales speciālā ekonomiskā zona 2020. gadā",
                 "Jauni uzņēmumi un līgumi par ieguldījumiem")
    boxes = list(grid(top, 400, cols=3, rows=1))
    tile(d, boxes[0], "4", "jauni Latgales SEZ uzņēmumi", value_size=80, accent=True)
    tile(d, boxes[1], "11 + 1", "līgumi par ieguldījumiem + līgums par algu izmaksām", value_size=80)
    tile(d, boxes[2], "89", "plānotās jaunās darba vietas", value_size=80)
    left = 60
    gap = 18
    wide_right = left + (W - 120 - gap) * 2 // 3
    tile(d, (left, 418, wide_right, 610), "16 436 719,21 EUR", "plānotie sākotnējie ieguldījumi", value_size=64)
    tile(d, (wide_right + gap, 418, W - 60, 610), "5,1503 ha", "zonā iekļautā platība", value_size=56)
    footer(d)
    save(img, "latgales-sez-2020.png")


def progress_bar(d, box, done: float, goal: float, label: str, done_text: str, goal_text: str):
    x0, y0, x1, y1 = box
    d.text((x0, y0), label, font=font(22, bold=True), fill=WHITE)
    bar_top = y0 + 36
    bar_bottom = bar_top + 30
    d.rectangle((x0, bar_top, x1, bar_bottom), fill=GREEN_DARK)
    filled = x0 + max(6, round((x1 - x0) * done / goal))
    d.rectangle((x0, bar_top, filled, bar_bottom), fill=RED)
    f = font(19)
    d.text((x0, bar_bottom + 8), done_text, font=f, fill=WHITE)
    tw = text_width(d, goal_text, f)
    d.text((x1 - tw, bar_bottom + 8), goal_text, font=f, fill=MUTED_ON_GREEN)


def sam_562_2020():
    img, d = new_canvas()
    top = header(d, "Degradēto teritoriju revitalizācija Latgalē",
                 "SAM 5.6.2 „Latgales programma” · stāvoklis 2020. gada beigās")
    boxes = list(grid(top, 334, cols=3, rows=1))
    tile(d, boxes[0], "17", "projekti iesniegti CFLA", value_size=60, accent=True)
    tile(d, boxes[1], "70 947 074 EUR", "projektu kopējās izmaksas", value_size=44)
    tile(d, boxes[2], "97 %", "no kārtas ERAF finansējuma: 50 572 998 EUR", value_size=60)
    done = "Pabeigti 3 projekti (Alūksne, Līvāni, Daugavpils)"
    done_font = font(21, bold=True)
    d.text((60, 352), done, font=done_font, fill=WHITE)
    invest = "Mērķa investīcijas: 66 793 813,90 EUR"
    f = font(19)
    invest_x = W - 60 - text_width(d, invest, f)
    if 60 + text_width(d, done, done_font) + 20 > invest_x:
        raise SystemExit("SAM 5.6.2 heading texts overlap")
    d.text((invest_x, 355), invest, font=f, fill=MUTED_ON_GREEN)
    progress_bar(d, (60, 396, W - 60, 496), 37, 1044, "Jaunas darba vietas",
                 "radītas: 37", "mērķis: 1044")
    progress_bar(d, (60, 502, W - 60, 602), 13.39, 135.835, "Atjaunotās degradētās teritorijas",
                 "atjaunoti: 13,39 ha", "mērķis: 135,835 ha")
    footer(d)
    save(img, "sam-562-2020.png")


def luc_2020():
    img, d = new_canvas()
    top = header(d, "Latgales uzņēmējdarbības centrs 2020. gadā",
                 "Lielais skaitlis – 2020. gadā; mazais – kopš darbības sākuma 2013. gadā")
    boxes = list(grid(top, 610, cols=3, rows=2))
    tile(d, boxes[0], "244", "konsultācijas uzņēmējiem", note="kopš 2013. gada: 3609", accent=True)
    tile(d, boxes[1], "10", "konsultācijas potenciālajiem investoriem", note="kopš 2013. gada: 110")
    tile(d, boxes[2], "7", "bezmaksas semināri un informatīvie pasākumi", note="kopš 2013. gada: 105")
    tile(d, boxes[3], "3", "izstādes un gadatirgi", note="kopš 2013. gada: 18")
    tile(d, boxes[4], "320", "komersanti atbalsta pasākumos")
    tile(d, boxes[5], "21", "pašvaldību uzņēmējdarbības vides pārskati")
    footer(d)
    save(img, "latgales-uznemejdarbibas-centrs-2020.png")


def lpr_gov_lv_apmekletaji():
    img, d = new_canvas(dark=False)
    top = header(d, "Portāla lpr.gov.lv apmeklētāji", "Unikālo apmeklētāju skaits gadā", dark=False)
    data = [("2017*", 44915), ("2018", 93567), ("2019", 136136), ("2020", 156970)]
    base_y = 560
    chart_top = top + 50
    max_v = max(v for _, v in data)
    left, right = 140, W - 140
    slot = (right - left) // len(data)
    bar_w = slot - 80
    d.line((left - 20, base_y, right + 20, base_y), fill=MUTED_ON_WHITE, width=2)
    for i, (label, value) in enumerate(data):
        x0 = left + i * slot + 40
        height = round((base_y - chart_top) * value / max_v)
        color = RED if label == "2020" else GREEN
        d.rectangle((x0, base_y - height, x0 + bar_w, base_y), fill=color)
        vtxt = f"{value:,}".replace(",", " ")
        vf = font(28, bold=True)
        tw = text_width(d, vtxt, vf)
        d.text((x0 + (bar_w - tw) // 2, base_y - height - 40), vtxt, font=vf, fill=TEXT_DARK)
        lf = font(24, bold=True)
        tw = text_width(d, label, lf)
        d.text((x0 + (bar_w - tw) // 2, base_y + 10), label, font=lf, fill=TEXT_DARK)
    d.text((60, base_y + 48), "* 2017. gadā – no aprīļa, kad sāka darboties vietne, līdz decembrim",
           font=font(17), fill=MUTED_ON_WHITE)
    footer(d, dark=False)
    save(img, "lpr-gov-lv-apmekletaji.png")


def lpr_budzets_2020():
    img, d = new_canvas()
    top = header(d, "Latgales plānošanas reģiona budžets 2020. gadā", "Faktiskā izpilde, EUR")
    boxes = list(grid(top, 330, cols=2, rows=1))
    tile(d, boxes[0], "1 109 358 EUR", "finanšu resursi izdevumu segšanai", value_size=56, accent=True)
    tile(d, boxes[1], "1 447 275 EUR", "izdevumi kopā", value_size=56)
    d.text((60, 350), "Lielākie finansējuma avoti", font=font(22, bold=True), fill=WHITE)
    rows = [
        ("VARAM transferti ES un ārvalstu palīdzības projektiem", 600928),
        ("Pamatdarbības nodrošināšana", 182752),
        ("Latgales uzņēmējdarbības centrs", 113540),
    ]
    max_v = rows[0][1]
    y = 392
    label_w = 560
    bar_x0 = 60 + label_w
    bar_max = W - 60 - bar_x0 - 130
    for label, value in rows:
        lf = fit_font(d, label, label_w - 20, 20, bold=False, min_size=15)
        d.text((60, y + 10), label, font=lf, fill=MUTED_ON_GREEN)
        length = round(bar_max * value / max_v)
        d.rectangle((bar_x0, y, bar_x0 + length, y + 42), fill=WHITE)
        vtxt = f"{value:,}".replace(",", " ")
        d.text((bar_x0 + length + 12, y + 8), vtxt, font=font(22, bold=True), fill=WHITE)
        y += 66
    footer(d)
    save(img, "lpr-budzets-2020.png")


def remigracija_2020():
    img, d = new_canvas()
    top = header(d, "Remigrācija 2020. gadā", "Latgales plānošanas reģiona remigrācijas koordinatores darbs")
    boxes = list(grid(top, 420, cols=3, rows=1))
    tile(d, boxes[0], "657", "individuālie piedāvājumi", value_size=88, accent=True)
    tile(d, boxes[1], "100", "ģimenes atgriezās Latgalē", value_size=88)
    tile(d, boxes[2], "257", "cilvēki šajās ģimenēs", value_size=88)
    d.text((60, 440), "VARAM remigrācijas projektā visā Latvijā", font=font(22, bold=True), fill=WHITE)
    boxes = list(grid(480, 610, cols=2, rows=1))
    tile(d, boxes[0], "4486", "ģimenes iesaistījušās", value_size=48)
    tile(d, boxes[1], "760", "no tām atgriezušās uz dzīvi Latvijā", value_size=48)
    footer(d)
    save(img, "remigracija-2020.png")


ALL = [
    biznesa_ideju_grantu_shema,
    latgales_diena_riga,
    pure_water_macibas,
    deinstitucionalizacija_2020,
    attistibas_programma,
    latgales_sez_2020,
    sam_562_2020,
    luc_2020,
    lpr_gov_lv_apmekletaji,
    lpr_budzets_2020,
    remigracija_2020,
]


def main() -> None:
    for draw_fn in ALL:
        draw_fn()


if __name__ == "__main__":
    main()
