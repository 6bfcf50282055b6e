"""A realistic synthetic news archive of the portal, deterministic for a given seed.

Each article: Latvian text with diacritics, 350-600 words in paragraphs with
headings and lists (every fourth has a table), a date in 2017-2026 (Riga time,
never after REFERENCE_DATE, which is in the past), one of PORTAL_CATEGORIES,
two to four of ~60 tags, a Summary on most, `Projects:` on about a third (only slugs whose project page exists in content/projects) and a
small PNG with Image_alt on about a fifth. The real project pages, pages,
reports and data of the portal (everything in content/ except the real news)
are copied in, so project cards and links resolve as on the real site.
"""

from __future__ import annotations

import random
import shutil
import zlib
import struct
from datetime import datetime, timedelta
from pathlib import Path

from portalbuild import ROOT

REAL_CONTENT = ROOT / "content"
FIRST_DATE = datetime(2017, 1, 2, 8, 0)
# Fixed, so the archive is the same every day, and in the past, so no post is "future".
REFERENCE_DATE = datetime(2026, 10, 30, 17, 0)
IMAGE_COUNT = 24

CATEGORIES = [
    "Reģiona attīstība", "Uzņēmējdarbība", "Projekti", "Pārvalde",
    "Kultūra un sabiedrība", "Transports",
]
PROJECTS = [
    "risk-free", "deinstitucionalizacija", "crafts", "pure-water", "tour-de-crafts",
    "bus", "remigracija", "biznesa-idejas", "regionala-politika", "sam-562",
]
TAGS = """attīstības padome; pašvaldības; uzņēmēji; jaunieši; sports; kultūra; amatniecība;
tūrisms; ūdenssaimniecība; remigrācija; investīcijas; ES fondi; pārrobežu sadarbība;
Daugavpils; Rēzekne; Ludza; Krāslava; Preiļi; Balvi; Līvāni; Viļaka; Dagda; Kārsava;
sabiedriskais transports; autoceļi; izglītība; sociālie pakalpojumi; deinstitucionalizācija;
veselība; nodarbinātība; lauksaimniecība; mežsaimniecība; vide; klimats; enerģētika;
digitalizācija; inovācijas; zinātne; jaunuzņēmumi; granti; konkursi; semināri; konferences;
apmācības; stratēģija; plānošana; budžets; publiskais pārskats; atvērtie dati; Latgales diena;
svētki; mantojums; latgaliešu valoda; bibliotēkas; muzeji; mūzika; Krievija; Baltkrievija;
Lietuva; sadarbības līgumi""".replace("\n", " ")
TAGS = [tag.strip() for tag in TAGS.split(";")]

WORDS = """reģions attīstība pašvaldība iedzīvotāji uzņēmējs projekts finansējums līdzfinansējums
programma sadarbība partneris mērķis rezultāts pasākums tikšanās padome sēde lēmums
plānošana stratēģija ieguldījums darbavieta pakalpojums iespēja izaicinājums risinājums
Latgale Daugavpils Rēzekne Ludza Krāslava Preiļi Balvi Līvāni Viļaka Dagda Kārsava Aglona
ezers mežs ceļš tilts skola bibliotēka muzejs amatnieks tirgus gadatirgus svētki
jaunietis ģimene bērns skolēns skolotājs speciālists eksperts vadītājs priekšsēdētājs
nozīmīgs būtisks jauns vietējs reģionāls pārrobežu kopīgs ilgtspējīgs digitāls zaļš
ūdens siltums enerģija transports autobuss maršruts satiksme pieejamība drošība veselība
izglītība kultūra mantojums valoda tradīcija kopiena sabiedrība brīvprātīgais darbnīca
apmācība seminārs konference forums konkurss grants atbalsts pieteikums līgums vienošanās
ziņojums pārskats rādītājs dati analīze pētījums novērtējums uzraudzība kontrole kvalitāte
īstenot atbalstīt veicināt stiprināt attīstīt uzlabot nodrošināt izvērtēt apspriest
apstiprināt plānot sagatavot organizēt iesaistīt aicināt informēt piedāvāt sasniegt
šogad pērn nākamgad tagad drīz vēlāk kopā turpmāk īpaši vienlaikus tāpat joprojām
ar par uz no pie pēc līdz bez starp caur""".split()
TABLE_HEADERS = ["Pašvaldība", "Dalībnieki", "Finansējums, EUR", "Īstenošanas gads"]
TOWNS = ["Daugavpils", "Rēzekne", "Ludza", "Krāslava", "Preiļi", "Balvi", "Līvāni", "Viļaka"]


def generate(target: Path, count: int, seed: int = 2017) -> Path:
    """Write the archive's content folder under ``target`` and return it."""
    content = Path(target) / "content"
    _copy_real_content(content)
    rng = random.Random(seed)
    images = _write_images(content / "images" / "bench", rng)
    projects = available_projects(content)
    dates = sorted(_random_date(rng) for _ in range(count))
    for index, date in enumerate(dates):
        _write_article(content, rng, index, date, images, projects)
    return content


def available_projects(content: Path) -> list[str]:
    """The portal's project slugs that have a project page (posts may link only those)."""
    return [slug for slug in PROJECTS if (content / "projects" / f"{slug}.md").is_file()]


def add_article(content: Path, seed: int = 2017, index: int | None = None) -> Path:
    """Write one new post dated REFERENCE_DATE (the newest), as the PR specialist would."""
    rng = random.Random(f"new-{seed}-{index}")
    images = sorted((content / "images" / "bench").glob("*.png"))
    index = index if index is not None else len(list((content / "news").rglob("*.md")))
    return _write_article(content, rng, index, REFERENCE_DATE, [p.name for p in images],
                          available_projects(content))


def _copy_real_content(content: Path) -> None:
    content.mkdir(parents=True, exist_ok=True)
    for folder in ("news", "images"):
        (content / folder).mkdir(exist_ok=True)
    if not REAL_CONTENT.is_dir():
        return
    for entry in REAL_CONTENT.iterdir():
        if entry.name in ("news", "images"):
            continue
        copy = shutil.copytree if entry.is_dir() else shutil.copy2
        copy(entry, content / entry.name)
    # Images of the real pages and projects; the real news images stay out.
    for entry in (REAL_CONTENT / "images").iterdir():
        if entry.name != "news":
            (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, content / "images" / entry.name)


def _random_date(rng: random.Random) -> datetime:
    span = (REFERENCE_DATE - FIRST_DATE).days
    day = FIRST_DATE + timedelta(days=rng.randrange(span))
    return day.replace(hour=rng.randint(8, 17), minute=rng.choice((0, 15, 30, 45)))


def _write_article(content: Path, rng: random.Random, index: int, date: datetime,
                   images: list[str], projects: list[str]) -> Path:
    title = _title(rng)
    slug = f"{_ascii(title)[:48].strip('-')}-{index}"
    lines = [f"Title: {title}", f"Date: {date:%Y-%m-%d %H:%M}",
             f"Category: {rng.choice(CATEGORIES)}",
             f"Tags: {', '.join(rng.sample(TAGS, rng.randint(2, 4)))}", f"Slug: {slug}"]
    if rng.random() < 0.8:
        lines.append(f"Summary: {_sentence(rng, 18, 30)}")
    # Drawn even without project pages, so the rest of the archive is the same either way.
    linked = rng.sample(PROJECTS, rng.randint(1, 2)) if rng.random() < 0.35 else []
    linked = [slug for slug in linked if slug in projects]
    if linked:
        lines.append(f"Projects: {', '.join(linked)}")
    if rng.random() < 0.2:
        lines.append(f"Image: images/bench/{rng.choice(images)}")
        lines.append(f"Image_alt: {_sentence(rng, 8, 14)}")
    lines.append("Author: LPR sabiedrisko attiecību speciālists")
    path = content / "news" / f"{date:%Y}" / f"{date:%m-%d}-{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n\n" + _body(rng) + "\n", encoding="utf-8")
    return path


def _title(rng: random.Random) -> str:
    return _sentence(rng, 5, 9).rstrip(".")


def _sentence(rng: random.Random, shortest: int, longest: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(shortest, longest))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 900)} {rng.choice(('EUR', 'dalībnieki', '%'))}")
    return words[0][:1].upper() + " ".join(words)[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, 8, 16) for _ in range(rng.randint(2, 4)))


def _body(rng: random.Random) -> str:
    target = rng.randint(350, 600)
    blocks, words = [_paragraph(rng)], 0
    with_table = rng.random() < 0.25
    while words < target:
        kind = rng.random()
        if kind < 0.15:
            blocks.append("## " + _title(rng))
        elif kind < 0.3:
            blocks.append("\n".join(f"- {_sentence(rng, 4, 10)}" for _ in range(rng.randint(3, 6))))
        elif with_table and kind < 0.36:
            blocks.append(_table(rng))
            with_table = False
        else:
            blocks.append(_paragraph(rng))
        words = sum(len(block.split()) for block in blocks)
    return "\n\n".join(blocks)


def _table(rng: random.Random) -> str:
    rows = ["| " + " | ".join(TABLE_HEADERS) + " |", "| --- | ---: | ---: | ---: |"]
    for town in rng.sample(TOWNS, rng.randint(3, 6)):
        money = f"{rng.randint(1000, 900000):,}".replace(",", " ") + f",{rng.randint(0, 99):02d}"
        rows.append(f"| {town} | {rng.randint(5, 400)} | {money} | {rng.randint(2017, 2026)} |")
    return "\n".join(rows)


_ASCII = str.maketrans("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ", "acegiklnsuzACEGIKLNSUZ")


def _ascii(text: str) -> str:
    plain = text.translate(_ASCII).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def _write_images(folder: Path, rng: random.Random) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for number in range(IMAGE_COUNT):
        name = f"attels-{number:02d}.png"
        colour = bytes(rng.randrange(256) for _ in range(3))
        (folder / name).write_bytes(_png(64, 40, colour))
        names.append(name)
    return names


def _png(width: int, height: int, colour: bytes) -> bytes:
    """A small solid-colour PNG, written without an image library (deterministic bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + colour * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
