"""What a reader sees of a dataset: the table (and chart) as a view for the theme's macro.

The Python side decides the content (Latvian number formats, which cells are
row headers, units, download links); the theme's components/indicator_table.html
and components/indicator_chart.html decide the markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from portalbuild.shared import lvformat

from .chart import ChartView, chart_view
from .config import Config
from .dataset import Column, Dataset
from .opendata import header_unit
from .values import NBSP, format_value


@dataclass
class HeadCell:
    label: str
    unit: str | None
    numeric: bool


@dataclass
class Cell:
    text: str
    header: bool
    numeric: bool
    empty: bool
    datetime: str | None = None


@dataclass
class TableView:
    id: str
    dom_id: str
    title: str
    description: str | None
    period: str | None
    source: str
    source_url: str | None
    notes: list[str]
    head: list[HeadCell]
    rows: list[list[Cell]]
    csv_url: str
    json_url: str
    chart: ChartView | None


def table_view(dataset: Dataset, config: Config, dom_id: str) -> TableView:
    shown = visible_columns(dataset)
    tie = lvformat.tie_numbers  # "(85 %)" in a header, "30 %" in a note: never split
    return TableView(
        id=dataset.id, dom_id=dom_id, title=tie(dataset.title),
        description=dataset.description and tie(dataset.description),
        period=dataset.period and tie(dataset.period), source=tie(dataset.source),
        source_url=dataset.source_url, notes=[tie(note) for note in dataset.notes],
        head=[HeadCell(tie(column.label), header_unit(column), column.numeric) for column in shown],
        rows=[_row(dataset, row, shown) for row in dataset.rows],
        csv_url=config.url(f"{dataset.id}.csv"), json_url=config.url(f"{dataset.id}.json"),
        chart=chart_view(dataset, f"{dom_id}-diagramma"))


def visible_columns(dataset: Dataset) -> list[Column]:
    """Every column but those that only hold another column's units (shown in its cells)."""
    unit_columns = {column.unit_column for column in dataset.columns if column.unit_column}
    return [column for column in dataset.columns if column.id not in unit_columns]


def _row(dataset: Dataset, row: tuple, shown: list[Column]) -> list[Cell]:
    values = dict(zip((column.id for column in dataset.columns), row))
    return [_cell(values, column, column.id == dataset.row_header) for column in shown]


def _cell(values: dict, column: Column, header: bool) -> Cell:
    value = values[column.id]
    if value is None:
        return Cell("", header, column.numeric, empty=True)
    text = format_value(value, column.type, column.decimals)
    unit = values.get(column.unit_column) if column.unit_column else None
    if unit:
        text = f"{text}{NBSP}{unit}"
    stamp = value.isoformat() if column.type == "date" else None
    return Cell(text, header, column.numeric, empty=False, datetime=stamp)


def render_table(env, config: Config, dataset: Dataset, dom_id: str) -> str:
    """The HTML of one dataset from the theme's macro `indicator_table(table)`."""
    macros = env.get_template(config.table_template).module
    return str(macros.indicator_table(table_view(dataset, config, dom_id))).strip()
