"""Spreadsheet exports: the row-producing code both paths share (the synchronous `…/export` endpoints and the
export jobs a Celery worker runs), the export-job aggregate, and the workbook writer."""
