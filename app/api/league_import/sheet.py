"""Reading an uploaded league spreadsheet (.xlsx or .csv) into rows of plain text.

Nothing in the file is evaluated: formulas are read as their text, never as computed values, and any text
that a spreadsheet would take for a formula (= + - @ ...) is stored neutralised like an export's cells
(app/api/files.inert), so an imported name cannot run when it is later exported or copied. The file is
bounded before it is opened (bytes sent, bytes unpacked) and while it is read (rows), and whatever a broken
file makes the readers raise becomes one 422."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from app.core.errors import DomainError, InvalidInput
from app.core.sheets import first_sheet_values
from app.exports.workbook import inert
from app.needs.league_import import COLUMNS, MAX_ROWS, REQUIRED_COLUMNS

MAX_BYTES = 2 * 1024 * 1024
# An .xlsx is a zip: a small file may unpack to gigabytes (a zip bomb). 500 rows need well under 1 MB.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 30
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


def unreadable() -> InvalidInput:
    return InvalidInput("无法读取该文件，请下载模板填写后上传 .xlsx 或 .csv 文件", error="unreadable_sheet")


def _text(value) -> str:
    """A cell as the text the admin typed: 13800001111 typed as a number stays 13800001111, not 1.38e10."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise InvalidInput("文件解压后过大，请删除多余内容或拆分后分批导入", error="sheet_too_large")
    for row in first_sheet_values(data, MAX_COLUMNS):
        yield [_text(value) for value in row]


def _csv_rows(data: bytes):
    if b"\x00" in data:
        raise unreadable()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")  # Excel and WPS in China save CSV in the local code page
        except UnicodeDecodeError as exc:
            raise unreadable() from exc
    for row in csv.reader(io.StringIO(text, newline="")):
        yield [cell.strip() for cell in row[:MAX_COLUMNS]]


def _header(cells: list[str]) -> dict[int, str]:
    """Column index -> row field, from the header row; the template's columns in any order."""
    positions = {}
    for index, title in enumerate(cells):
        title = title.strip().lstrip("*").strip()  # "*组织名称": a required mark some templates add
        if title in COLUMNS and COLUMNS[title] not in positions.values():
            positions[index] = COLUMNS[title]
    missing = [title for title in REQUIRED_COLUMNS if COLUMNS[title] not in positions.values()]
    if missing:
        raise InvalidInput(f"表头缺少列：{'、'.join(missing)}（请使用导入模板）", error="bad_header",
                           errors={"file": [f"缺少列：{'、'.join(missing)}"]})
    return positions


def read_rows(data: bytes) -> list[dict]:
    """The data rows under the header (blank rows skipped), each {"line": sheet row number, field: text}."""
    if not data:
        raise InvalidInput("文件为空", error="empty_file")
    if data.startswith(_OLE_MAGIC):
        raise InvalidInput("不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv 后上传", error="unreadable_sheet")
    rows: list[dict] = []
    positions = None
    try:
        source = _xlsx_rows(data) if data.startswith(_XLSX_MAGIC) else _csv_rows(data)
        for line, cells in enumerate(source, start=1):
            if not any(cells):
                continue
            if positions is None:
                positions = _header(cells)
                continue
            if len(rows) == MAX_ROWS:
                raise InvalidInput(f"一次最多导入 {MAX_ROWS} 行，请拆分文件后分批导入", error="too_many_rows")
            rows.append({"line": line} | {name: inert(cells[index]) if index < len(cells) else ""
                                          for index, name in positions.items()})
    except DomainError:
        raise
    except Exception as exc:  # zip, XML and CSV readers fail in many ways; all mean "unreadable"
        raise unreadable() from exc
    if positions is None:
        raise InvalidInput("文件中没有表头和数据，请使用导入模板", error="empty_sheet")
    return rows
