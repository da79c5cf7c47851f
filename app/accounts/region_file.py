"""A city's region file (区域文件): reading a .csv or .xlsx and checking every row, with the errors per row.

The format (README "Regions"): a header row and one row per region, in any order, with four columns

    code         the region's code: a city 6 digits ending in 00 (GB/T 2260, 320300), a district 6 digits
                 sharing the city's first four (320303), a street 9 digits starting with its district's code
                 (320303001), a community 12 digits starting with its street's code (320303001001);
    name         its name (at most 50 characters);
    level        city / district / street / community (or 市 / 区 / 街道 / 社区; 县 and 镇 / 乡 and 村 too);
    parent_code  the code of its parent, which must be in the same file; empty for the city.

The header may also be written in Chinese (代码, 名称, 级别, 上级代码). One file holds one city and its regions.
A .csv is UTF-8 (with or without BOM) or GBK (what Excel saves in Chinese Windows); of an .xlsx the first sheet
is read, and codes typed as numbers are read as their digits.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from app.accounts.models import REGION_CHILD, RegionLevel
from app.core.errors import InvalidInput
from app.core.sheets import first_sheet_values

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
NAME_MAX = 50
LEVEL_LABELS = {RegionLevel.CITY: "市", RegionLevel.DISTRICT: "区", RegionLevel.STREET: "街道",
                RegionLevel.COMMUNITY: "社区"}
CODE_LENGTHS = {RegionLevel.CITY: 6, RegionLevel.DISTRICT: 6, RegionLevel.STREET: 9, RegionLevel.COMMUNITY: 12}
PARENT_LEVEL = {child: parent for parent, child in REGION_CHILD.items()}
_LEVEL_ALIASES = {"city": RegionLevel.CITY, "市": RegionLevel.CITY,
                  "district": RegionLevel.DISTRICT, "区": RegionLevel.DISTRICT, "县": RegionLevel.DISTRICT,
                  "区县": RegionLevel.DISTRICT,
                  "street": RegionLevel.STREET, "街道": RegionLevel.STREET, "镇": RegionLevel.STREET,
                  "乡": RegionLevel.STREET, "街镇": RegionLevel.STREET,
                  "community": RegionLevel.COMMUNITY, "社区": RegionLevel.COMMUNITY, "村": RegionLevel.COMMUNITY}
COLUMNS = ("code", "name", "level", "parent_code")
_HEADER_ALIASES = {"code": "code", "代码": "code", "区域代码": "code", "name": "name", "名称": "name",
                   "区域名称": "name", "level": "level", "级别": "level", "层级": "level",
                   "parent_code": "parent_code", "上级代码": "parent_code", "上级区域代码": "parent_code"}
_XLSX_MAGIC, _XLS_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


class RegionFileInvalid(InvalidInput):
    error = "invalid_region_file"
    message = "区域文件有误，请按每行的提示修改后重新上传"


@dataclass(frozen=True)
class RegionRow:
    line: int  # the row's line in the file (the header is line 1)
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: the file as a whole
    code: str
    message: str


def _refuse(message: str) -> RegionFileInvalid:
    return RegionFileInvalid(message, errors={"file": [message]})


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed into Excel as a number
    return str(value).strip()


def _csv_lines(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _refuse("无法识别文件编码，请保存为 UTF-8 编码的 CSV")
    if "\x00" in text:
        raise _refuse("文件不是文本格式的 CSV，请上传 .csv 或 .xlsx 文件")
    try:
        return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:  # a cell past the csv module's field limit, and the like
        raise _refuse("无法读取该 CSV 文件，请检查格式") from exc


def _xlsx_lines(data: bytes) -> list[list[str]]:
    try:
        lines = []
        for row in first_sheet_values(data):
            lines.append([_cell(v) for v in row])
            if len(lines) > MAX_ROWS + 1:
                break
        return lines
    except Exception as exc:  # a damaged workbook can fail anywhere inside openpyxl
        raise _refuse("无法读取该 .xlsx 文件，请确认文件未损坏") from exc


def read_lines(data: bytes) -> list[list[str]]:
    """The file's rows as lists of text cells: an .xlsx (told by its content, not its name) or a CSV."""
    if not data.strip():
        raise _refuse("文件是空的")
    if len(data) > MAX_BYTES:
        raise _refuse(f"文件不能超过 {MAX_BYTES // 1024 // 1024} MB")
    if data.startswith(_XLS_MAGIC):
        raise _refuse("不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv")
    return _xlsx_lines(data) if data.startswith(_XLSX_MAGIC) else _csv_lines(data)


def _header(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = _HEADER_ALIASES.get(cell.strip().lower())
        if column and column not in found:
            found[column] = index
    missing = [c for c in COLUMNS if c not in found]
    if missing:
        raise _refuse(f"表头应包含 {','.join(COLUMNS)} 四列（或 代码,名称,级别,上级代码），缺少：{','.join(missing)}")
    return found


def _code_error(code: str, level: RegionLevel) -> str | None:
    length = CODE_LENGTHS[level]
    if not (code.isascii() and code.isdigit() and len(code) == length):
        return f"代码格式有误：{LEVEL_LABELS[level]}级代码应为 {length} 位数字"
    if level is RegionLevel.CITY and not code.endswith("00"):
        return "代码格式有误：市级代码应以 00 结尾（如 320300）"
    return None


def _prefix(parent: RegionRow) -> str:
    # A district's code shares its city's first four digits; below that each code extends its parent's.
    return parent.code[:4] if parent.level is RegionLevel.CITY else parent.code


def parse(data: bytes) -> tuple[list[RegionRow], list[RowError]]:
    """Every region row of the file and every error found, per row. Raises RegionFileInvalid only when the
    file as a whole cannot be read (not a table, no header)."""
    lines = read_lines(data)
    start = next((i for i, cells in enumerate(lines) if any(cells)), None)
    if start is None:
        raise _refuse("文件是空的")
    columns = _header(lines[start])
    if len(lines) - start - 1 > MAX_ROWS:
        raise _refuse(f"一个文件最多 {MAX_ROWS} 行")
    rows: list[RegionRow] = []
    errors: list[RowError] = []
    refused: dict[str, int] = {}  # code -> line of the rows refused above, so a child names the real cause
    for offset, cells in enumerate(lines[start + 1:], start=start + 2):
        if not any(cells):
            continue
        value = {c: cells[i] if i < len(cells) else "" for c, i in columns.items()}
        level = _LEVEL_ALIASES.get(value["level"].lower())
        problems = []
        if level is None:
            problems.append(f"级别无效：{value['level'] or '（空）'}"
                            "（应为 市/区/街道/社区 或 city/district/street/community）")
        elif problem := _code_error(value["code"], level):
            problems.append(problem)
        if not value["name"]:
            problems.append("名称不能为空")
        elif len(value["name"]) > NAME_MAX:
            problems.append(f"名称不能超过 {NAME_MAX} 个字")
        errors.extend(RowError(offset, value["code"], p) for p in problems)
        if not problems:
            rows.append(RegionRow(offset, value["code"], value["name"], level, value["parent_code"] or None))
        elif value["code"]:
            refused.setdefault(value["code"], offset)
    return _check_tree(rows, errors, refused)


def _check_tree(rows: list[RegionRow], errors: list[RowError],
                refused: dict[str, int]) -> tuple[list[RegionRow], list[RowError]]:
    by_code: dict[str, RegionRow] = {}
    for row in rows:
        if row.code in by_code:
            errors.append(RowError(row.line, row.code, f"代码 {row.code} 与第 {by_code[row.code].line} 行重复"))
        else:
            by_code[row.code] = row
    cities = [r for r in by_code.values() if r.level is RegionLevel.CITY]
    for extra in cities[1:]:
        errors.append(RowError(extra.line, extra.code,
                               f"一个文件只能有一个市：第 {cities[0].line} 行已是 {cities[0].name}"))
    if not cities and not any(e.line is None for e in errors):
        errors.append(RowError(None, "", "文件中没有市级区域（级别为 city 的一行）"))
    for row in by_code.values():
        if row.parent_code in refused and row.parent_code not in by_code:
            errors.append(RowError(row.line, row.code,
                                   f"上级区域（第 {refused[row.parent_code]} 行）有误，请先修改该行"))
        elif (message := _parent_error(row, by_code)) is not None:
            errors.append(RowError(row.line, row.code, message))
    errors.sort(key=lambda e: (e.line or 0, e.message))
    return list(by_code.values()), errors


def _parent_error(row: RegionRow, by_code: dict[str, RegionRow]) -> str | None:
    if row.level is RegionLevel.CITY:
        return "市级区域不应填写上级代码" if row.parent_code else None
    if not row.parent_code:
        return "请填写上级代码"
    parent = by_code.get(row.parent_code)
    if parent is None:
        return f"上级代码 {row.parent_code} 不在文件中"
    expected = PARENT_LEVEL[row.level]
    if parent.level is not expected:
        return (f"级别不符：{LEVEL_LABELS[row.level]}的上级应为{LEVEL_LABELS[expected]}，"
                f"{parent.code} 是{LEVEL_LABELS[parent.level]}")
    if not row.code.startswith(_prefix(parent)):
        return f"代码格式有误：{row.code} 应以上级代码的 {_prefix(parent)} 开头"
    return None
