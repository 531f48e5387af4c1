"""Building messy xlsx and CSV lists for the import tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def csv_file(path: Path, rows: list[list[object]], *, encoding="utf-8", delimiter=";") -> Path:
    lines = [delimiter.join("" if v is None else str(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path
