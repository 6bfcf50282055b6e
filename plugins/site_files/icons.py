"""Draw the portal's icons (favicon.ico, PNG icons) from its mark, theme/static/img/mark.svg.

The icons are static files of the theme, drawn once and committed; run this again
after changing the mark:

    .venv/bin/python plugins/site_files/icons.py

Pillow cannot read SVG, so the mark's few shapes are drawn here with the same
coordinates (a 64×64 view box): a white rounded square, green hills, a red river
line and "LPR" in DejaVu Sans Bold. Below 48 px the letters are left out: they
would be a grey smudge.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "theme" / "static" / "img"
FONT = ROOT / "theme" / "fonts" / "DejaVuSans-Bold.ttf"
GREEN, RED, WHITE = "#1f5f3a", "#b00d28", "#ffffff"
SUPERSAMPLE = 4
# The outlines of mark.svg: quadratic Béziers as (start, control, end); `T` segments
# have their control point mirrored, as SVG does.
HILLS = [((8, 46), (20, 36), (32, 44)), ((32, 44), (44, 52), (56, 42))]
RIVER = [((8, 52), (22, 44), (34, 50)), ((34, 50), (46, 56), (56, 48))]


def draw_mark(size: int, rounded: bool = True, letters: bool | None = None) -> Image.Image:
    """The mark at ``size`` px; ``rounded=False`` fills the corners (Apple touch icons)."""
    scale = size * SUPERSAMPLE / 64
    canvas = Image.new("RGBA", (size * SUPERSAMPLE,) * 2, (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    box = (0, 0, canvas.width - 1, canvas.height - 1)
    if rounded:
        draw.rounded_rectangle(box, radius=10 * scale, fill=WHITE)
    else:
        draw.rectangle(box, fill=WHITE)
    hills = _curve(HILLS, scale) + [(56 * scale, 56 * scale), (8 * scale, 56 * scale)]
    draw.polygon(hills, fill=GREEN)
    draw.line(_curve(RIVER, scale), fill=RED, width=max(1, round(3 * scale)), joint="curve")
    if letters if letters is not None else size >= 48:
        font = ImageFont.truetype(str(FONT), round(20 * scale))
        draw.text((32 * scale, 33 * scale), "LPR", font=font, fill=GREEN, anchor="ms")
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def _curve(segments, scale: float, steps: int = 24) -> list[tuple[float, float]]:
    points = []
    for (x0, y0), (cx, cy), (x1, y1) in segments:
        for step in range(steps + 1):
            t = step / steps
            x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t ** 2 * x1
            y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t ** 2 * y1
            points.append((x * scale, y * scale))
    return points


def write_icons(folder: Path = OUTPUT) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    ico_sizes = (48, 32, 16)
    # The largest first: Pillow drops the sizes larger than the image it saves.
    largest, *smaller = [draw_mark(size) for size in ico_sizes]
    largest.save(folder / "favicon.ico", format="ICO", sizes=[(s, s) for s in ico_sizes], append_images=smaller)
    written.append(folder / "favicon.ico")
    for name, size, rounded in (("icon-192.png", 192, True), ("icon-512.png", 512, True),
                                ("apple-touch-icon.png", 180, False)):
        image = draw_mark(size, rounded=rounded)
        if not rounded:
            image = image.convert("RGB")  # iOS draws its own corners on an opaque square
        image.save(folder / name, optimize=True)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write_icons(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
