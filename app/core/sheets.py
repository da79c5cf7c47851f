"""Reading uploaded workbooks (imports of league accounts, region files): the one place that opens one.

Streamed in openpyxl's read-only mode, and a formula cell gives its formula text, never the value cached
by whoever saved the file (data_only=False): what is imported is what the file says, and a formula is
just text that the importer's own checks then refuse."""
from __future__ import annotations

import io
from collections.abc import Iterator

from openpyxl import load_workbook


def first_sheet_values(data: bytes, max_col: int | None = None) -> Iterator[tuple]:
    """The cell values of an .xlsx's first sheet, row by row."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if workbook.worksheets:
            yield from workbook.worksheets[0].iter_rows(max_col=max_col, values_only=True)
    finally:
        workbook.close()
