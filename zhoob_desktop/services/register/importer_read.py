"""Reading the lists akimats keep: xlsx (openpyxl, read-only) and CSV of any usual encoding."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.register.errors import RegisterError

Row = tuple[Any, ...]


class UnreadableFile(RegisterError):
    template = N_("The file {path} could not be read: {reason}.")


class UnknownFileType(RegisterError):
    template = N_("The file {path} is neither an Excel workbook (.xlsx) nor a CSV file (.csv).")


@dataclass
class Sheet:
    """The rows of one sheet: ``rows`` yields (row number as in the file, cell values)."""

    name: str
    rows: Iterator[tuple[int, Row]]
    estimated_rows: int
    close: Any = None


def open_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """Open an .xlsx (first sheet unless named) or .csv file for reading row by row."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(path, sheet)
    if suffix in (".csv", ".txt"):
        return _csv(path)
    raise UnknownFileType(path=str(path))


def _xlsx(path: Path, sheet: str | None) -> Sheet:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, xml, key errors) for a damaged file
        raise UnreadableFile(path=str(path), reason=str(exc) or type(exc).__name__) from exc
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
    except KeyError as exc:
        wb.close()
        raise UnreadableFile(path=str(path), reason=str(exc)) from exc
    estimated = ws.max_row or 0
    # The stored dimension is sometimes wrong (files written by other programs): read to the end.
    ws.reset_dimensions()

    def rows() -> Iterator[tuple[int, Row]]:
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, tuple(values)

    return Sheet(ws.title, rows(), estimated, wb.close)


def decode_text(raw: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), else Windows-1251 (Excel in Russian)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace")


def sniff_delimiter(text: str) -> str:
    """ ";" (Excel in Russian/Kazakh), "," or tab: whichever splits the first lines most evenly."""
    lines = [line for line in text.splitlines()[:SNIFF_LINES] if line.strip()]
    best, best_score = ";", -1
    for delim in (";", ",", "\t"):
        counts = [len(next(csv.reader([line], delimiter=delim))) - 1 for line in lines]
        useful = [c for c in counts if c > 0]
        score = sum(useful) if useful else 0
        if score > best_score:
            best, best_score = delim, score
    return best


def _csv(path: Path) -> Sheet:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path=str(path), reason=exc.strerror or str(exc)) from exc
    # Decoded as it is read, so the file's text is never held whole beside its bytes:
    # the encoding as decode_text chooses it, the delimiter from the first lines.
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    encoding = "utf-8" if start or _is_utf8(raw) else "cp1251"
    body = io.BytesIO(raw)
    body.seek(start)
    head = raw[start : start + HEAD_BYTES]
    if len(raw) - start > HEAD_BYTES:
        head = head[: head.rfind(b"\n") + 1]
    lines = head.decode(encoding, errors="replace").splitlines()
    if len(lines) < SNIFF_LINES and len(raw) - start > len(head):
        lines = decode_text(raw).splitlines()  # very long lines: read them all
    delimiter = sniff_delimiter("\n".join(lines[:SNIFF_LINES]))
    reader = csv.reader(
        io.TextIOWrapper(body, encoding=encoding, errors="replace", newline=""), delimiter=delimiter
    )

    def rows() -> Iterator[tuple[int, Row]]:
        for values in reader:
            yield reader.line_num, tuple(values)

    return Sheet(path.name, rows(), raw.count(b"\n") + 1)


HEAD_BYTES = 64 * 1024
SNIFF_LINES = 30


def _is_utf8(raw: bytes) -> bool:
    """Whether the whole file is valid UTF-8, checked a megabyte at a time (nothing kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    try:
        for at in range(0, len(raw), 1 << 20):
            decoder.decode(view[at : at + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
