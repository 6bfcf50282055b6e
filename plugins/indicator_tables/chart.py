"""Bar and line charts of a series, laid out at build time for an SVG without JavaScript.

`chart_view` turns a dataset and its `chart:` block into plain shapes (bars,
polylines, grid lines, labels) in a fixed 420×260 coordinate system; the theme's
components/indicator_chart.html writes them as SVG, which scales to the screen.
The coordinate system is small on purpose: a 15-unit label still reads as about
12 px on a 360 px phone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from babel.dates import format_date

from portalbuild.shared import lvformat

from .dataset import Dataset
from .values import format_value

WIDTH, HEIGHT = 420, 260
TOP, BOTTOM, RIGHT = 26, 46, 8  # the bottom holds x labels of up to two lines
LEGEND_ROW = 22
CHAR_WIDTH = 8.5  # average width of a 15-unit label: room for axis labels, spacing of values
TICKS = 5
# Series colours (contrast ≥ 3:1 on white) and line dash patterns, so series differ without colour too.
COLOURS = ("#1f5f3a", "#b00d28", "#2c5c8a", "#7a5a00")
DASHES = ("", "6 4", "2 3", "10 3 2 3")


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    value: str
    label_x: float
    label_y: float


@dataclass
class Line:
    series: int
    points: str
    markers: list[tuple[float, float, str]]


@dataclass
class ChartView:
    uid: str
    type: str
    title: str
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    zero_y: float
    ticks: list[tuple[float, str]] = field(default_factory=list)
    x_labels: list[tuple[float, list[str]]] = field(default_factory=list)  # x, lines of text
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    legend: list[tuple[str, str, str, float]] = field(default_factory=list)  # name, colour, dash, y
    show_values: bool = True
    colours: tuple[str, ...] = COLOURS
    dashes: tuple[str, ...] = DASHES


def chart_view(dataset: Dataset, uid: str) -> ChartView | None:
    spec = dataset.chart
    if spec is None:
        return None
    columns = [dataset.column(name) for name in spec.y]
    series = [[_number(value) for value in dataset.values(column.id)] for column in columns]
    view, scale_y = _frame(dataset, uid, columns, series)
    band = (view.right - view.left) / len(dataset.rows)
    view.x_labels = _x_positions(view, band, _x_labels(dataset, spec.x))
    if spec.type == "bar":
        view.bars = _bars(view, series, columns, band, scale_y)
    else:
        view.lines = _lines(view, series, columns, band, scale_y)
    texts = [bar.value for bar in view.bars] + [m[2] for line in view.lines for m in line.markers]
    # Values are written on the chart for one series, when they fit; the table always has them.
    view.show_values = len(columns) == 1 and band >= CHAR_WIDTH * max(map(len, texts), default=0) + 4
    if len(columns) > 1:
        view.legend = [(column.label, COLOURS[i], DASHES[i], HEIGHT + LEGEND_ROW * i + 6)
                       for i, column in enumerate(columns)]
    return view


def _frame(dataset: Dataset, uid: str, columns, series) -> tuple[ChartView, object]:
    """The drawing area and y axis: round ticks, room on the left for their labels."""
    low, high, step = _scale([v for values in series for v in values if v is not None])
    percent = all(column.type == "percent" for column in columns)
    tick_labels = _tick_labels(low, high, step, percent)
    legend_height = LEGEND_ROW * len(columns) if len(columns) > 1 else 0
    view = ChartView(
        uid=uid, type=dataset.chart.type, title=dataset.chart.title or dataset.title, width=WIDTH,
        height=HEIGHT + legend_height, left=12 + CHAR_WIDTH * max(len(t) for _, t in tick_labels),
        top=TOP, right=WIDTH - RIGHT, bottom=HEIGHT - BOTTOM, zero_y=0)
    scale_y = _y_scaler(view, low, high)
    view.zero_y = scale_y(Decimal(0) if low <= 0 <= high else low)
    view.ticks = [(scale_y(value), text) for value, text in tick_labels]
    return view, scale_y


def _x_positions(view: ChartView, band: float, labels: list[str]) -> list[tuple[float, list[str]]]:
    """Each label under its bar or point, on two lines if it is long; on a crowded axis
    only every n-th label is written, so that none overlap."""
    fits = int((band - 6) / CHAR_WIDTH)
    lines = [_wrap(label, fits) for label in labels]
    widest = max(len(line) for label in lines for line in label)
    every = max(1, math.ceil((CHAR_WIDTH * widest + 6) / band))
    return [(round(view.left + band * (i + 0.5), 1), label)
            for i, label in enumerate(lines) if i % every == 0]


def _wrap(label: str, fits: int) -> list[str]:
    if len(label) <= fits or " " not in label:
        return [label]
    middle = len(label) / 2
    cut = min((i for i, char in enumerate(label) if char == " "), key=lambda i: abs(i - middle))
    return [label[:cut], label[cut + 1:]]


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _scale(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """Axis bounds that include zero and the data, on round steps (1, 2, 2.5 or 5 × 10ⁿ)."""
    low, high = min([Decimal(0), *values]), max([Decimal(0), *values])
    if low == high:
        high = low + 1
    step = _nice_step((high - low) / TICKS)
    return (low / step).to_integral_value(rounding="ROUND_FLOOR") * step, \
        (high / step).to_integral_value(rounding="ROUND_CEILING") * step, step


def _nice_step(raw: Decimal) -> Decimal:
    magnitude = Decimal(10) ** math.floor(math.log10(raw))
    for factor in ("1", "2", "2.5", "5", "10"):
        if Decimal(factor) * magnitude >= raw:
            return Decimal(factor) * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _tick_labels(low: Decimal, high: Decimal, step: Decimal, percent: bool) -> list[tuple[Decimal, str]]:
    decimals = max(0, -step.normalize().as_tuple().exponent)
    write = lvformat.format_percent if percent else lvformat.format_number
    count = int((high - low) / step)
    return [(low + step * i, write(low + step * i, decimals)) for i in range(count + 1)]


def _y_scaler(view: ChartView, low: Decimal, high: Decimal):
    span = float(high - low)

    def scale(value: Decimal) -> float:
        return round(view.bottom - (float(value - low) / span) * (view.bottom - view.top), 1)
    return scale


def _x_labels(dataset: Dataset, x: str) -> list[str]:
    column = dataset.column(x)
    values = dataset.values(x)
    if column.type == "date" and all(value.day == 1 for value in values):
        return [format_date(value, format="LLL yyyy", locale=lvformat.LOCALE) for value in values]
    return [format_value(value, column.type, column.decimals) for value in values]


def _bars(view: ChartView, series: list[list], columns, band: float, scale_y) -> list[Bar]:
    width = band * 0.7 / len(series)
    bars = []
    for s, values in enumerate(series):
        for i, value in enumerate(values):
            if value is None:
                continue
            x = view.left + band * i + band * 0.15 + width * s
            y = scale_y(value)
            top, height = min(y, view.zero_y), abs(view.zero_y - y)
            label_y = top - 6 if value >= 0 else top + height + 14
            bars.append(Bar(round(x, 1), top, round(width, 1), round(height, 1), s,
                            _value_text(value, columns[s]), round(x + width / 2, 1), label_y))
    return bars


def _lines(view: ChartView, series: list[list], columns, band: float, scale_y) -> list[Line]:
    lines = []
    for s, values in enumerate(series):
        markers = [(round(view.left + band * (i + 0.5), 1), scale_y(value), _value_text(value, columns[s]))
                   for i, value in enumerate(values) if value is not None]
        points = " ".join(f"{x},{y}" for x, y, _ in markers)
        lines.append(Line(s, points, markers))
    return lines


def _value_text(value: Decimal, column) -> str:
    shown = int(value) if column.type == "integer" else value
    return format_value(shown, column.type, column.decimals)
