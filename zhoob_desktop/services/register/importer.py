"""Import of resident lists (xlsx, CSV): preview first, then one all-or-nothing transaction.

    preview = preview_import(store, path)            # nothing written
    # show preview.headers / preview.mapping / preview.rows (issues per row)
    result = apply_import(store, preview)            # valid rows only; backup first

``progress(done, total)`` is called between chunks; ``cancel()`` returning
True stops the work: a cancelled import leaves the database unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.register import RegisterChange, Settlement
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.register import changelog
from zhoob_desktop.services.register.bulk import gc_paused
from zhoob_desktop.services.register.errors import RegisterError
from zhoob_desktop.services.register.importer_cells import is_blank, is_totals_line, text
from zhoob_desktop.services.register.importer_columns import (
    FIELDS,
    HEADER_SCAN_ROWS,
    detect_header,
    propose_mapping,
    remember_mapping,
    remembered_mapping,
    remembered_signatures,
    signature,
)
from zhoob_desktop.services.register.importer_plan import (
    ImportedValues,
    ParsedRow,
    Parser,
    PreviewRow,
    RowIssue,
    load_existing,
    plan,
    status_lookup,
)
from zhoob_desktop.services.register.importer_read import open_sheet
from zhoob_desktop.services.register.importer_write import Writer
from zhoob_desktop.services.register.search import fold
from zhoob_desktop.services.store import Store

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
CHUNK = 1000

__all__ = [
    "FIELDS",
    "HeaderNotFound",
    "ImportCancelled",
    "ImportPreview",
    "ImportResult",
    "ImportedValues",
    "MappingIncomplete",
    "PreviewRow",
    "RowIssue",
    "apply_import",
    "preview_import",
    "remember_mapping",
]


class HeaderNotFound(RegisterError):
    template = N_(
        "No header row was found in the first rows of {path}: a header names the columns, e.g. "
        '"Тегі Аты Әкесінің аты", "ЖСН", "Туған күні" or "ФИО", "ИИН", "Дата рождения".'
    )


class MappingIncomplete(RegisterError):
    """Raised with ``headers``, ``header_row`` and the proposed ``mapping`` so the caller can ask."""

    headers: tuple[str, ...] = ()
    header_row: int = 0
    mapping: dict[str, int] | None = None
    template = N_("Choose the column with the full name, or the columns with the surname and the given name.")


class ImportCancelled(RegisterError):
    template = N_("The import was cancelled; nothing was changed.")


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, computed without writing.

    ``mapping`` is {field: column index} (fields in ``FIELDS``); ``mapping_source``
    is "remembered", "detected" or "given". ``header_row`` is numbered as in the file.
    """

    path: Path
    sheet: str
    header_row: int
    headers: tuple[str, ...]
    mapping: dict[str, int]
    mapping_source: str
    signature: str
    merge: bool
    rows: tuple[PreviewRow, ...]
    today: date
    seq: int = 0  # the register's last change when the preview was made
    totals_lines: tuple[int, ...] = ()  # rows left out as the list's totals lines ("Итого: ...")

    def counts(self) -> dict[str, int]:
        """Rows per action: new, update, unchanged, combined, duplicate, error."""
        found = Counter(r.action for r in self.rows)
        return {a: found.get(a, 0) for a in ("new", "update", "unchanged", "combined", "duplicate", "error")}

    @property
    def issues(self) -> list[RowIssue]:
        return [i for r in self.rows for i in r.issues]

    @property
    def error_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.action == "error"]

    @property
    def has_errors(self) -> bool:
        return any(r.action == "error" for r in self.rows)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    combined: int
    skipped: int  # refused rows and flagged duplicates
    backup: Path | None


def _check(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise ImportCancelled()


def preview_import(
    store: Store,
    path: str | Path,
    *,
    mapping: dict[str, int] | None = None,
    header_row: int | None = None,
    sheet: str | None = None,
    merge: bool = True,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    today: date | None = None,
) -> ImportPreview:
    """Read a list and say, row by row, what importing it would do. Writes nothing.

    The header row is found by itself (``header_row`` forces one); the column
    mapping is the one remembered for this header, else the detected one,
    unless ``mapping`` is given. ``merge=False`` flags duplicates instead of
    merging them.
    """
    with gc_paused():  # tens of thousands of rows are built and kept: see gc_paused
        return _preview(
            store, Path(path), mapping, header_row, sheet, merge, progress, cancel, today or date.today()
        )


def _preview(
    store: Store,
    path: Path,
    mapping: dict[str, int] | None,
    header_row: int | None,
    sheet: str | None,
    merge: bool,
    progress: Progress | None,
    cancel: Cancel | None,
    today: date,
) -> ImportPreview:
    opened = open_sheet(path, sheet)
    try:
        rows = _filled_rows(opened, progress, cancel)
        # Only the first rows are kept to find the header; the rest are parsed as they are read,
        # so a list of 200,000 rows is never held twice (as read and as understood).
        head: list[tuple[int, tuple[Any, ...]]] = []
        for item in rows:
            head.append(item)
            if item[0] == header_row if header_row is not None else len(head) >= HEADER_SCAN_ROWS:
                break
        if header_row is not None:
            at = len(head) - 1 if head and head[-1][0] == header_row else None
        else:
            at = detect_header(head, remembered_signatures(store))
            if at is None and mapping is not None and head:
                at = 0  # the caller chose the columns: the first filled row is their header
        if at is None:
            raise HeaderNotFound(path=str(path))
        header_number, header_values = head[at]
        headers = tuple(text(h) for h in header_values)
        sig = signature(headers)
        source = "given"
        if mapping is None:
            mapping = remembered_mapping(store, sig)
            source = "remembered"
            if mapping is None:
                mapping, source = propose_mapping(headers), "detected"
        mapping = {k: v for k, v in mapping.items() if k in FIELDS}
        if "full_name" not in mapping and not {"surname", "given_name"} <= mapping.keys():
            error = MappingIncomplete()
            error.headers, error.header_row, error.mapping = (
                headers,
                header_number,
                mapping,
            )  # for the mapping step
            raise error
        totals: list[int] = []
        parsed: list[ParsedRow] = []
        with store.session() as s:
            parser = Parser(headers, mapping, status_lookup(s), _known_settlements(s), today)
            for number, values in chain(head[at + 1 :], rows):
                if is_totals_line(values):
                    totals.append(number)
                else:
                    parsed.append(parser.parse(number, values))
            by_iin, by_name = load_existing(s)
            seq = s.scalar(select(func.max(RegisterChange.seq))) or 0
    finally:
        if opened.close:
            opened.close()
    planned = plan(parsed, by_iin, by_name, merge=merge, column=parser.column)
    del parsed
    return ImportPreview(
        path,
        opened.name,
        header_number,
        headers,
        mapping,
        source,
        sig,
        merge,
        tuple(planned),
        today,
        seq,
        tuple(totals),
    )


def _filled_rows(opened, progress: Progress | None, cancel: Cancel | None):
    """The sheet's rows that are not blank, as (number, values); progress and cancel every chunk."""
    estimate = max(opened.estimated_rows, 1)
    number = 0
    for number, values in opened.rows:
        if number % CHUNK == 0:
            _check(cancel)
            if progress:
                progress(min(number, estimate), estimate)
        if not is_blank(values):
            yield number, values
    if progress:
        progress(max(number, 1), max(number, 1))


def _known_settlements(s: Session) -> set[str]:
    return {fold(name) for name in s.scalars(select(Settlement.name))}


def apply_import(
    store: Store,
    preview: ImportPreview,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    actor: str | None = None,
    now: Callable[[], datetime] = utcnow,
    backup: bool = True,
) -> ImportResult:
    """Import the valid rows of a preview in one transaction, after a backup.

    Rows are matched again against the register as it is now, so a change
    made since the preview is not overwritten blindly. Refused rows are left
    out; to import none of them, do not call this. The column mapping is
    remembered for the next file with the same header.
    """
    actor = actor if actor is not None else changelog.actor_of(store)
    taken = store.backup("pre-import") if backup else None
    at = now()
    with store.session() as s, gc_paused():
        if (s.scalar(select(func.max(RegisterChange.seq))) or 0) == preview.seq:
            rows = list(preview.rows)  # nothing changed since the preview: its plan stands
        else:
            by_iin, by_name = load_existing(s)
            parsed = [
                ParsedRow(r.row, r.values if r.action != "error" else None, r.issues) for r in preview.rows
            ]
            rows = plan(parsed, by_iin, by_name, merge=preview.merge, column=lambda _f: "")
        writer = Writer(s, actor, at)
        total = len(rows)
        deferred = writer.defers_indexes(sum(1 for r in rows if r.action == "new"))
        with writer.page_cache(deferred, total), writer.indexes_deferred(deferred):
            for start in range(0, total, CHUNK):
                _check(cancel)
                if progress:
                    progress(start, total)
                writer.write(rows[start : start + CHUNK])
            _check(cancel)
            writer.flush_log()
    remember_mapping(store, preview.signature, preview.mapping)
    if progress:
        progress(total, total)
    counts = Counter(r.action for r in rows)
    return ImportResult(
        counts["new"],
        counts["update"],
        counts["unchanged"],
        counts["combined"],
        counts["error"] + counts["duplicate"],
        taken.path if taken else None,
    )
