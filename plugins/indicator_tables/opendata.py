"""A dataset as open data: CSV (RFC 4180, UTF-8) and JSON, numbers as plain numbers.

CSV: one header line of column ids, then one line per row; numbers with a point
before the decimals and no grouping (`66793813.90`), dates as YYYY-MM-DD, empty
cells empty. JSON: the metadata (with the licence, topic and dates), the columns (id, label, type, unit) and the rows
as objects keyed by column id; numbers are JSON numbers written with exactly the
digits of the data file, empty cells are null.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from .dataset import Column, Dataset
from .values import json_value, plain_value


def header_unit(column: Column) -> str | None:
    """The unit a column's heading shows: its own, EUR for money, none where cells carry it."""
    if column.unit_column or column.type == "percent":
        return None
    if column.unit:
        return column.unit
    return "EUR" if column.type == "money" else None


def csv_text(dataset: Dataset) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.id for column in dataset.columns])
    for row in dataset.rows:
        writer.writerow([plain_value(value, column.type) for value, column in zip(row, dataset.columns)])
    return out.getvalue()


def json_document(dataset: Dataset, licence=None) -> dict:
    """``licence``: the dataset's licence (catalogue.License), stated in the data as on the page."""
    return {
        "id": dataset.id,
        "title": dataset.title,
        "description": dataset.description,
        "unit": dataset.unit,
        "period": dataset.period,
        "source": dataset.source,
        "source_url": dataset.source_url,
        "license": {"id": licence.id, "name": licence.name, "url": licence.url} if licence else None,
        "topic": dataset.topic,
        "keywords": dataset.keywords,
        "issued": dataset.issued.isoformat() if dataset.issued else None,
        "modified": dataset.modified.isoformat() if dataset.modified else None,
        "notes": dataset.notes,
        "columns": [_column_document(column) for column in dataset.columns],
        "rows": [{column.id: json_value(value, column.type) for value, column in zip(row, dataset.columns)}
                 for row in dataset.rows],
    }


def _column_document(column: Column) -> dict:
    document = {"id": column.id, "label": column.label, "type": column.type, "unit": header_unit(column)}
    if column.type == "percent":
        document["unit"] = "%"
    if column.unit_column:
        document["unit_column"] = column.unit_column
    return document


def json_text(dataset: Dataset, licence=None) -> str:
    return dumps_exact(json_document(dataset, licence))


def dumps_exact(document) -> str:
    """JSON text in which every Decimal is a number with exactly its own digits.

    The json module knows only float, which would round very large or very precise
    numbers; each Decimal goes out as a unique placeholder string that is then
    replaced by the number's text.
    """
    numbers: list[str] = []

    def placeholder(value):
        if isinstance(value, Decimal):
            numbers.append(f"{value:f}")
            return f"\u0000decimal{len(numbers) - 1}\u0000"
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")

    text = json.dumps(document, ensure_ascii=False, indent=2, default=placeholder)
    for index, number in enumerate(numbers):
        text = text.replace(f'"\\u0000decimal{index}\\u0000"', number, 1)
    return text + "\n"
