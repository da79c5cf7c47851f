"""The one place that writes spreadsheets: write-only workbooks whose cells are made inert (no formulas).
(Uploaded workbooks are read by app/core/sheets.py.)

Both the synchronous export endpoints and the export jobs build their sheets through `ExportWorkbook`."""
from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
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

