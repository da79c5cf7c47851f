"""The one place that touches openpyxl: write-only workbooks whose cells are made inert (no formulas),
and the streamed reading of an uploaded workbook (`first_sheet_values`, for imports).

Both the synchronous export endpoints and the export jobs build their sheets through `ExportWorkbook`."""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A cell whose text starts with one of these is read as a formula by Excel, WPS or LibreOffice (or after
# a round trip through CSV): "=HYPERLINK(...)" in a title would run on the staff member's machine.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A cell value that no spreadsheet evaluates; numbers and other typed values stay as they are.

    OWASP's fix: a leading apostrophe. It is kept in the stored text itself (not only as the quotePrefix
    style or an explicit string type, which openpyxl and Excel honour but a CSV re-save drops), so the
    text stays inert in every reader and every copy; the price is a visible ' before such text."""
    if not isinstance(value, str):
        return value
    # Control characters XML cannot hold would make openpyxl raise mid-export (a 500): drop them.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


class ExportSheet:
    """A write-only sheet that takes rows only through `inert`."""

    def __init__(self, sheet) -> None:
        self._sheet = sheet

    def append(self, values: Iterable) -> None:
        self._sheet.append([inert(value) for value in values])


class ExportWorkbook:
    """A write-only workbook (rows stream to the file, constant memory) whose sheets are `ExportSheet`s."""

    def __init__(self) -> None:
        self._workbook = Workbook(write_only=True)

    def sheet(self, title: str) -> ExportSheet:
        return ExportSheet(self._workbook.create_sheet(title))

    def save(self, target) -> None:
        self._workbook.save(target)


def first_sheet_values(data: bytes, max_col: int) -> Iterator[tuple]:
    """The cell values of an uploaded .xlsx's first sheet, row by row, streamed (read-only mode). A formula
    cell gives its formula text, never a value computed by whoever saved the file (data_only=False)."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if workbook.worksheets:
            yield from workbook.worksheets[0].iter_rows(max_col=max_col, values_only=True)
    finally:
        workbook.close()
