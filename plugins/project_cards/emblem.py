"""The EU emblem drawn to its official construction, for the funding statement of EU projects.

The Council of Europe's and the EU's graphical specification: a blue rectangle one and a
half times as wide as it is high; twelve gold stars, upright (one point straight up), at the
hours of a clock on an invisible circle centred where the diagonals cross, whose radius is a
third of the height; each star's five points on a circle of radius one eighteenth of the
height. Colours: Reflex Blue #003399, Yellow #FFCC00.

``STARS_PATH`` is the twelve stars as one SVG path in a box of HEIGHT × 1.5·HEIGHT units:
every star is the same relative outline after a move to its top point, so the path stays
short enough to repeat on every card of a page (no shared ids needed between cards).
"""

from __future__ import annotations

import math

HEIGHT = 54  # units of the viewBox: radius of the ring 18, radius of a star 3
WIDTH = HEIGHT * 3 // 2
BLUE, YELLOW = "#003399", "#FFCC00"
RING_RADIUS = HEIGHT / 3
STAR_RADIUS = HEIGHT / 18
# A regular five-pointed star: its inner corners lie at this fraction of the outer radius.
INNER_RATIO = math.cos(math.radians(72)) / math.cos(math.radians(36))


def star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """The ten corners of an upright star, clockwise from its top point."""
    points = []
    for corner in range(10):
        r = radius if corner % 2 == 0 else radius * INNER_RATIO
        angle = math.radians(-90 + 36 * corner)
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def star_centres() -> list[tuple[float, float]]:
    """The twelve centres, at the hours of a clock from twelve o'clock."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    return [(cx + RING_RADIUS * math.sin(math.radians(30 * hour)),
             cy - RING_RADIUS * math.cos(math.radians(30 * hour))) for hour in range(12)]


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def stars_path() -> str:
    outline = star_points(0, 0, STAR_RADIUS)
    steps = " ".join(f"{_number(x2 - x1)} {_number(y2 - y1)}"
                     for (x1, y1), (x2, y2) in zip(outline, outline[1:]))
    return "".join(f"M{_number(cx + outline[0][0])} {_number(cy + outline[0][1])}l{steps}z"
                   for cx, cy in star_centres())


STARS_PATH = stars_path()
