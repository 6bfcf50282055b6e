"""Indicator datasets: read a data file, check every key, column and cell, and say what to fix.

A dataset file (YAML, documented in docs/autoriem/saturs.md, "Datu kopas") has metadata,
typed columns and rows. `load_dataset` returns the Dataset, or None and the list
of problems, each naming the file, the line, the row and column, and the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from portalbuild.shared.errors import ContentProblem

from .values import LABEL_TYPES, NUMERIC_TYPES, TYPES, CellProblem, parse_value
from .yamldoc import Located, YamlProblem, parse

DATASET_KEYS = ("id", "title", "description", "unit", "period", "source", "source_url",
                "topic", "keywords", "license", "issued", "modified",
                "notes", "columns", "rows", "row_header", "chart")
REQUIRED_KEYS = ("id", "title", "source", "columns", "rows")
TEXT_KEYS = ("id", "title", "description", "unit", "period", "source", "source_url", "topic", "license")
DATE_KEYS = ("issued", "modified")  # when the dataset was first published, and last changed
COLUMN_KEYS = ("id", "label", "type", "unit", "decimals", "unit_column")
CHART_KEYS = ("type", "x", "y", "title")
CHART_TYPES = ("bar", "line")
MAX_SERIES = 4
DATASET_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLUMN_ID = re.compile(r"^[a-z][a-z0-9_]*$")
EMPTY_CELL_HINT = "write ~ for an empty cell"


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    type: str
    unit: str | None = None
    decimals: int | None = None
    unit_column: str | None = None  # a text column that holds each row's unit

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES


@dataclass(frozen=True)
class Chart:
    type: str
    x: str
    y: tuple[str, ...]
    title: str | None = None


@dataclass
class Dataset:
    id: str
    title: str
    source: str
    columns: list[Column]
    rows: list[tuple]
    path: str
    description: str | None = None
    unit: str | None = None
    period: str | None = None
    source_url: str | None = None
    notes: list[str] = field(default_factory=list)
    row_header: str | None = None
    chart: Chart | None = None
    line: int = 1  # where the `id:` stands, for messages about the whole dataset
    # For the catalogue (checked against INDICATOR_TABLES' topics and licences by catalogue.py).
    topic: str | None = None
    license: str | None = None
    keywords: list[str] = field(default_factory=list)
    issued: dt.date | None = None
    modified: dt.date | None = None
    key_lines: dict[str, int] = field(default_factory=dict)  # line of each top-level key

    def index(self, column_id: str) -> int:
        return [column.id for column in self.columns].index(column_id)

    def column(self, column_id: str) -> Column:
        return self.columns[self.index(column_id)]

    def values(self, column_id: str) -> list:
        position = self.index(column_id)
        return [row[position] for row in self.rows]


def load_dataset(path: str | Path) -> tuple[Dataset | None, list[ContentProblem]]:
    """The dataset in one file, or None and every problem found in it."""
    check = _Checker(str(path))
    root = check.read_root()
    dataset = check.dataset(root) if root is not None else None
    if check.problems:
        return None, check.problems
    return dataset, []


class _Checker:
    """Walks one data file, collecting every problem instead of stopping at the first."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[ContentProblem] = []

    def add(self, problem: str, fix: str, line: int | None = None, field: str | None = None) -> None:
        self.problems.append(ContentProblem(self.path, problem, fix, line=line, field=field))

    # --- the file and its top level -----------------------------------------------------

    def read_root(self) -> dict[str, Located] | None:
        try:
            text = Path(self.path).read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            self.add(f"the file is not UTF-8 text (byte {error.start})",
                     "save the file with UTF-8 encoding in your editor")
            return None
        try:
            root = parse(text)
        except YamlProblem as error:
            self.add(f"the file is not valid YAML: {error.message}",
                     "check the indentation and quoting on this line; a value that contains "
                     "': ' or starts with a quote must be put in quotes", line=error.line)
            return None
        if root is None or root.kind != "mapping":
            self.add("the file does not describe a dataset",
                     "start the file with 'id:', 'title:', 'source:', 'columns:' and 'rows:' "
                     "(see docs/autoriem/saturs.md, 'Datu kopas')", line=root.line if root else 1)
            return None
        return root.value

    def dataset(self, root: dict[str, Located]) -> Dataset | None:
        texts = self.metadata(root)
        columns = self.columns(root.get("columns"))
        rows = root.get("rows")
        if columns is None or rows is None or rows.value is None:
            return None
        dataset = Dataset(
            id=texts["id"], title=texts["title"], source=texts["source"], columns=columns,
            rows=self.rows(rows, columns), path=self.path, description=texts["description"],
            unit=texts["unit"], period=texts["period"], source_url=texts["source_url"],
            notes=self.notes(root.get("notes")), line=root["id"].line if "id" in root else 1,
            topic=texts["topic"], license=texts["license"], keywords=self.keywords(root.get("keywords")),
            key_lines={key: value.line for key, value in root.items()})
        dataset.issued, dataset.modified = (self.date(root, key) for key in DATE_KEYS)
        if dataset.issued and dataset.modified and dataset.modified < dataset.issued:
            self.add(f"'modified' ({dataset.modified.isoformat()}) is before 'issued' ({dataset.issued.isoformat()})",
                     "'issued' is the day the dataset was first published, 'modified' the day its "
                     "figures last changed; check both", line=root["modified"].line, field="modified")
        dataset.row_header = self.row_header(root.get("row_header"), columns)
        self.repeated_rows(dataset.rows, rows)
        self.contradicting_units(dataset, root)
        dataset.chart = self.chart(root.get("chart"), dataset)
        return dataset

    def metadata(self, root: dict[str, Located]) -> dict[str, str | None]:
        """The one-line texts of the dataset (id, title, source, …), after checking the keys."""
        self.unknown_keys(root, DATASET_KEYS, "the dataset")
        for key in REQUIRED_KEYS:
            if key not in root or root[key].value is None:
                self.add(f"the dataset has no '{key}'", f"add a line '{key}: …' (see docs/autoriem/saturs.md, 'Datu kopas')", field=key)
        texts = {key: self.text(root, key) for key in TEXT_KEYS}
        if texts["id"] and not DATASET_ID.match(texts["id"]):
            self.add(f"'{texts['id']}' is not a usable dataset id",
                     "use lowercase ASCII letters, digits and hyphens, e.g. portala-apmekletaji",
                     line=root["id"].line, field="id")
        return texts

    def unknown_keys(self, mapping: dict[str, Located], known: tuple[str, ...], where: str) -> None:
        for key, value in mapping.items():
            if key not in known:
                self.add(f"'{key}' is not a key of {where}", f"use one of: {', '.join(known)}",
                         line=value.line, field=key)

    def text(self, root: dict[str, Located], key: str) -> str | None:
        value = root.get(key)
        if value is None or value.value is None:
            return None
        if value.kind != "scalar":
            self.add(f"'{key}' must be one line of text", f"write '{key}: …' with the text after the colon",
                     line=value.line, field=key)
            return None
        return value.value.strip()

    def date(self, root: dict[str, Located], key: str) -> dt.date | None:
        text = self.text(root, key)
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.add(f"'{text}' is not a date", f"write the day as YYYY-MM-DD, e.g. {key}: 2021-05-31",
                     line=root[key].line, field=key)
            return None

    def keywords(self, keywords: Located | None) -> list[str]:
        if keywords is None or keywords.value is None:
            return []
        if keywords.kind == "list" and all(item.kind == "scalar" and item.value for item in keywords.value):
            return [item.value.strip() for item in keywords.value]
        self.add("'keywords' must be a list of words", "write them as 'keywords: [budžets, personāls]'",
                 line=keywords.line, field="keywords")
        return []

    def notes(self, notes: Located | None) -> list[str]:
        if notes is None or notes.value is None:
            return []
        if notes.kind == "scalar":
            return [notes.value.strip()]
        if notes.kind == "list" and all(item.kind == "scalar" and item.value for item in notes.value):
            return [item.value.strip() for item in notes.value]
        self.add("'notes' must be a text or a list of texts", "write each note as a line '  - …'",
                 line=notes.line, field="notes")
        return []

    # --- columns ------------------------------------------------------------------------

    def columns(self, columns: Located | None) -> list[Column] | None:
        if columns is None or columns.value is None:
            return None
        if columns.kind != "list" or not columns.value:
            self.add("'columns' must be a list of columns",
                     "write each column as '  - {id: gads, label: Gads, type: year}'",
                     line=columns.line, field="columns")
            return None
        result = [self.column(number, item) for number, item in enumerate(columns.value, start=1)]
        if None in result:
            return None
        self.duplicate_columns(result, columns)
        self.unit_columns(result, columns)
        return result

    def column(self, number: int, item: Located) -> Column | None:
        if item.kind != "mapping":
            self.add(f"column {number} is not a mapping",
                     "write it as '  - {id: …, label: …, type: …}'", line=item.line, field="columns")
            return None
        spec = item.value
        self.unknown_keys(spec, COLUMN_KEYS, f"column {number}")
        texts = {key: self.text(spec, key) for key in COLUMN_KEYS}
        checks = [self.column_id(number, texts["id"], item), self.column_label(number, texts, item),
                  self.column_type(number, texts, item)]  # a list, so that every check reports
        decimals = self.decimals(number, texts, item)
        if not all(checks) or decimals is False:
            return None
        return Column(id=texts["id"], label=texts["label"], type=texts["type"], unit=texts["unit"],
                      decimals=decimals, unit_column=texts["unit_column"])

    def column_id(self, number: int, column_id: str | None, item: Located) -> bool:
        if column_id and COLUMN_ID.match(column_id):
            return True
        self.add(f"column {number} has no usable id" + (f" ('{column_id}')" if column_id else ""),
                 "give it an id of lowercase ASCII letters, digits and _, starting with a letter, "
                 "e.g. id: apmekletaji", line=item.line, field="columns")
        return False

    def column_label(self, number: int, texts: dict, item: Located) -> bool:
        if texts["label"]:
            return True
        self.add(f"column {number} has no label", "add 'label: …', the column heading readers see",
                 line=item.line, field="columns")
        return False

    def column_type(self, number: int, texts: dict, item: Located) -> bool:
        if texts["type"] in TYPES:
            return True
        given = f"the type '{texts['type']}', which is not a known type" if texts["type"] else "no type"
        self.add(f"column {number} ('{texts['id']}') has {given}", f"use one of: {', '.join(TYPES)}",
                 line=item.line, field="columns")
        return False

    def decimals(self, number: int, texts: dict, item: Located) -> int | None | bool:
        given = texts["decimals"]
        if given is None:
            return None
        if texts["type"] in ("decimal", "money", "percent") and given.isdigit() and int(given) <= 10:
            return int(given)
        self.add(f"column {number} ('{texts['id']}') has decimals: {given}",
                 "give a whole number from 0 to 10, and only for decimal, money or percent columns",
                 line=item.line, field="columns")
        return False

    def duplicate_columns(self, columns: list[Column], where: Located) -> None:
        seen = set()
        for column in columns:
            if column.id in seen:
                self.add(f"two columns have the id '{column.id}'", "give every column its own id",
                         line=where.line, field="columns")
            seen.add(column.id)

    def unit_columns(self, columns: list[Column], where: Located) -> None:
        types = {column.id: column.type for column in columns}
        for column in columns:
            if column.unit_column and types.get(column.unit_column) != "text":
                self.add(f"column '{column.id}' takes its unit from '{column.unit_column}', "
                         "which is not a text column of this dataset",
                         "name a text column whose cells hold each row's unit (e.g. ha, EUR)",
                         line=where.line, field="columns")
            elif column.unit_column and not column.numeric:
                self.add(f"column '{column.id}' has a unit_column but is not a number column",
                         "use unit_column only on integer, decimal, money or percent columns",
                         line=where.line, field="columns")

    # --- rows ---------------------------------------------------------------------------

    def rows(self, rows: Located, columns: list[Column]) -> list[tuple]:
        if rows.kind != "list" or not rows.value:
            self.add("'rows' must be a list of rows",
                     "write each row as '  - [value, value, …]', one value per column",
                     line=rows.line, field="rows")
            return []
        return [self.row(number, row, columns) for number, row in enumerate(rows.value, start=1)]

    def row(self, number: int, row: Located, columns: list[Column]) -> tuple:
        ids = ", ".join(column.id for column in columns)
        if row.kind != "list":
            self.add(f"row {number} is not a list of cells",
                     f"write it as '  - [value, value, …]' with one value per column ({ids})",
                     line=row.line)
            return ()
        if len(row.value) != len(columns):
            self.add(f"row {number} has {len(row.value)} cells, but the dataset has "
                     f"{len(columns)} columns ({ids})",
                     f"give the row one value per column, in the order of 'columns'; {EMPTY_CELL_HINT}",
                     line=row.line)
            return ()
        return tuple(self.cell(number, cell, column) for cell, column in zip(row.value, columns))

    def cell(self, number: int, cell: Located, column: Column):
        where = f"row {number}, column '{column.id}' ({column.label})"
        if cell.kind != "scalar":
            self.add(f"{where}: the cell holds a {cell.kind}, not a value",
                     f"write one value; put text that contains commas or brackets in quotes; "
                     f"{EMPTY_CELL_HINT}", line=cell.line)
            return None
        if cell.value is None:
            return None
        try:
            return parse_value(cell.value, column.type)
        except CellProblem as problem:
            self.add(f"{where}: {problem.problem} (the column's type is {column.type})",
                     f"{problem.fix}; {EMPTY_CELL_HINT}", line=cell.line)
            return None

    def repeated_rows(self, parsed: list[tuple], rows: Located) -> None:
        """A row copied twice would be counted twice by whoever sums the open data."""
        first: dict[tuple, int] = {}
        for number, (row, item) in enumerate(zip(parsed, rows.value), start=1):
            if not row or all(cell is None for cell in row):
                continue
            key = tuple(str(cell) for cell in row)
            if key in first:
                self.add(f"row {number} repeats row {first[key]} cell for cell",
                         "delete one of the two rows, or correct the one that was meant to differ",
                         line=item.line)
            else:
                first[key] = number

    def contradicting_units(self, dataset: Dataset, root: dict[str, Located]) -> None:
        """A number column that counts in another unit of measure (its own, or EUR for money and
        % for percent) than the dataset names ('unit: EUR', 'unit: ha; %'). A dataset unit that
        is a description ('unikālie apmeklētāji', 'dažādas') contradicts nothing."""
        named = {_unit_key(unit) for unit in re.split(r"[;,]", dataset.unit or "") if unit.strip()}
        if not named or not named <= set(UNITS.values()):
            return
        for column in dataset.columns:
            unit = column.unit or {"money": "EUR", "percent": "%"}.get(column.type)
            key = _unit_key(unit or "")
            if column.numeric and not column.unit_column and key in UNITS.values() and key not in named:
                self.add(f"column '{column.id}' counts in '{unit}', but the dataset's unit is '{dataset.unit}'",
                         f"correct one of the two, or name both in the dataset: 'unit: {dataset.unit}; {unit}'",
                         line=root["unit"].line, field="unit")

    # --- row headers and the chart ------------------------------------------------------

    def row_header(self, given: Located | None, columns: list[Column]) -> str | None:
        if given is None or given.value is None:
            first = columns[0]
            return first.id if first.type in LABEL_TYPES else None
        if given.kind == "scalar" and given.value == "none":
            return None
        if given.kind == "scalar" and given.value in [column.id for column in columns]:
            return given.value
        self.add(f"row_header names '{given.value}', which is not a column of this dataset",
                 f"name one of the columns ({', '.join(c.id for c in columns)}) or write 'none'",
                 line=given.line, field="row_header")
        return None

    def chart(self, given: Located | None, dataset: Dataset) -> Chart | None:
        if given is None or given.value is None:
            return None
        if given.kind != "mapping":
            self.add("'chart' must be a block with type, x and y",
                     "write 'chart:' and below it '  type: bar', '  x: gads', '  y: apmekletaji'",
                     line=given.line, field="chart")
            return None
        if self.problems:
            # Rows already reported as wrong (a row with too few cells) cannot be charted;
            # checking the chart too would only crash or repeat the same mistake.
            return None
        spec = given.value
        self.unknown_keys(spec, CHART_KEYS, "the chart")
        chart_type = self.text(spec, "type")
        if chart_type not in CHART_TYPES:
            self.add(f"the chart type '{chart_type}' is not known", f"use one of: {', '.join(CHART_TYPES)}",
                     line=given.line, field="chart")
        x = self.chart_x(spec, dataset, given.line)
        y = self.chart_y(spec, dataset, given.line)
        if len(dataset.rows) < 2:
            self.add("a chart needs at least two rows", "add rows, or remove the 'chart' block",
                     line=given.line, field="chart")
        if chart_type not in CHART_TYPES or x is None or not y:
            return None
        return Chart(type=chart_type, x=x, y=y, title=self.text(spec, "title"))

    def chart_x(self, spec: dict, dataset: Dataset, line: int) -> str | None:
        x = self.text(spec, "x")
        ids = [column.id for column in dataset.columns]
        if x not in ids:
            self.add(f"the chart's x '{x}' is not a column of this dataset",
                     f"name the column with the years, months or names, one of: {', '.join(ids)}",
                     line=line, field="chart")
            return None
        labels = dataset.values(x)
        if None in labels or len(set(labels)) != len(labels):
            self.add(f"the chart's x column '{x}' has empty or repeated values, so it is not a series",
                     "give every row its own year, month or name, or remove the 'chart' block",
                     line=line, field="chart")
            return None
        return x

    def chart_y(self, spec: dict, dataset: Dataset, line: int) -> tuple[str, ...]:
        given = spec.get("y")
        if given is not None and given.kind == "list":
            names = [item.value for item in given.value]
        else:
            names = [given.value] if given is not None else []
        numeric = [column.id for column in dataset.columns if column.numeric]
        bad = [name for name in names if name not in numeric]
        if not names or bad or len(names) > MAX_SERIES:
            self.add(f"the chart's y must name 1 to {MAX_SERIES} number columns, not {names or 'nothing'}",
                     f"name number columns of this dataset: {', '.join(numeric) or 'there are none'}",
                     line=line, field="chart")
            return ()
        return tuple(names)


# Units of measure, by the names a data file may give them.
UNITS = {"eur": "eur", "euro": "eur", "eiro": "eur", "€": "eur", "usd": "usd", "$": "usd",
         "%": "%", "procenti": "%", "ha": "ha", "m2": "m²", "m²": "m²", "km2": "km²", "km²": "km²",
         "km": "km", "m": "m", "t": "t", "kg": "kg", "mwh": "mwh", "kwh": "kwh"}


def _unit_key(unit: str) -> str:
    key = " ".join(unit.lower().split())
    return UNITS.get(key, key)


def dataset_files(folder: str | Path) -> list[Path]:
    """The dataset files in a folder and its subfolders, in a stable order."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*")
                  if path.suffix in (".yaml", ".yml") and not path.name.startswith("."))


def load_datasets(folder: str | Path) -> tuple[dict[str, Dataset], list[ContentProblem]]:
    """Every dataset in a folder by id, and every problem in every file."""
    datasets: dict[str, Dataset] = {}
    problems: list[ContentProblem] = []
    for path in dataset_files(folder):
        dataset, found = load_dataset(path)
        problems += found
        if dataset is None:
            continue
        if dataset.id in datasets:
            problems.append(ContentProblem(
                str(path), f"the id '{dataset.id}' is already used by {Path(datasets[dataset.id].path).name}",
                "give each dataset its own id (the file name without .yaml is a good choice)",
                line=dataset.line, field="id"))
            continue
        datasets[dataset.id] = dataset
    return datasets, problems
