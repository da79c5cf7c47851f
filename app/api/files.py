"""Sending generated files (exports): the spreadsheet type, a download name in Chinese, never cached.

Every export builds its sheets through `ExportWorkbook` (app/exports/workbook.py), which makes user text
inert (no formulas)."""
from __future__ import annotations

import tempfile
from urllib.parse import quote

from flask import Response, send_file

from app.exports.workbook import ExportWorkbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BINARY_SCHEMA = {"type": "string", "format": "binary"}


def content_disposition(filename: str, fallback: str) -> str:
    """RFC 6266 / RFC 5987: an ASCII fallback for old clients, the Chinese name for the rest."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(workbook: ExportWorkbook, filename: str, fallback: str) -> Response:
    # Not a `with`: send_file closes the spool when the response is closed.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    response = send_file(spool, mimetype=XLSX, max_age=0)
    response.headers["Content-Disposition"] = content_disposition(filename, fallback)
    # Exports carry personal information or figures for staff only: never in a shared cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response
