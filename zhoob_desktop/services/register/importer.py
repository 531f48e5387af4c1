"""Import of resident lists (xlsx, CSV): preview first, then one all-or-nothing transaction.

    preview = preview_import(store, path)            # nothing written
    # show preview.headers / preview.mapping / preview.rows (issues per row)
    result = apply_import(store, preview)            # valid rows only; backup first

``progress(done, total)`` is called between chunks; ``cancel()`` returning
True stops the work: a cancelled import leaves the database unchanged.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.register import Resident, Settlement, SocialStatus, resident_status
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.register import changelog, structure
from zhoob_desktop.services.register.errors import RegisterError
from zhoob_desktop.services.register.importer_cells import is_blank, text
from zhoob_desktop.services.register.importer_columns import (
    FIELDS,
    detect_header,
    propose_mapping,
    remember_mapping,
    remembered_mapping,
    remembered_signatures,
    signature,
)
from zhoob_desktop.services.register.importer_plan import (
    ImportedValues,
    Parser,
    PreviewRow,
    RowIssue,
    _Parsed,
    load_existing,
    plan,
    status_lookup,
)
from zhoob_desktop.services.register.importer_read import open_sheet
from zhoob_desktop.services.register.residents import LOGGED_FIELDS
from zhoob_desktop.services.register.search import fold, name_key, resident_keys
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
    mapping: dict[str, int] = {}  # noqa: RUF012 - replaced per instance
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
    path = Path(path)
    today = today or date.today()
    opened = open_sheet(path, sheet)
    try:
        raw: list[tuple[int, tuple[Any, ...]]] = []
        estimate = max(opened.estimated_rows, 1)
        for number, values in opened.rows:
            raw.append((number, values))
            if number % CHUNK == 0:
                _check(cancel)
                if progress:
                    progress(min(number, estimate), estimate * 2)
    finally:
        if opened.close:
            opened.close()
    nonblank = [(n, v) for n, v in raw if not is_blank(v)]
    if header_row is not None:
        at = next((i for i, (n, _v) in enumerate(nonblank) if n == header_row), None)
    else:
        at = detect_header(nonblank, remembered_signatures(store))
        if at is None and mapping is not None and nonblank:
            at = 0  # the caller chose the columns: the first filled row is their header
    if at is None:
        raise HeaderNotFound(path=str(path))
    header_number, header_values = nonblank[at]
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
    data = nonblank[at + 1 :]
    with store.session() as s:
        parser = Parser(headers, mapping, status_lookup(s), _known_settlements(s), today)
        parsed: list[_Parsed] = []
        total = len(data)
        for i, (number, values) in enumerate(data):
            if i % CHUNK == 0:
                _check(cancel)
                if progress:
                    progress(total + i, total * 2)
            parsed.append(parser.parse(number, values))
        by_iin, by_name = load_existing(s)
    rows = plan(parsed, by_iin, by_name, merge=merge, column=parser.column)
    if progress:
        progress(total * 2, total * 2)
    return ImportPreview(
        path, opened.name, header_number, headers, mapping, source, sig, merge, tuple(rows), today
    )


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
    with store.session() as s:
        by_iin, by_name = load_existing(s)
        parsed = [
            _Parsed(r.row, r.values if r.action != "error" else None, list(r.issues)) for r in preview.rows
        ]
        rows = plan(parsed, by_iin, by_name, merge=preview.merge, column=lambda _f: "")
        writer = _Writer(s, actor, at)
        total = len(rows)
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


class _Writer:
    """Writes planned rows with bulk statements; places are created on first use."""

    def __init__(self, s: Session, actor: str, at: datetime):
        self.s, self.actor, self.at = s, actor, at
        self.places: dict[tuple[str, ...], uuid.UUID] = {}
        self.status_ids = {code: sid for code, sid in s.execute(select(SocialStatus.code, SocialStatus.id))}
        self.log: list[dict[str, Any]] = []

    def _place(self, v: ImportedValues) -> tuple[uuid.UUID | None, uuid.UUID | None, uuid.UUID | None]:
        if not v.settlement:
            return None, None, None
        key = (name_key(v.settlement),)
        if key not in self.places:
            self.places[key] = structure.ensure_settlement(self.s, v.settlement, actor=self.actor).id
        settlement_id = self.places[key]
        if not v.street:
            return settlement_id, None, None
        key = (*key, name_key(v.street))
        if key not in self.places:
            self.places[key] = structure.ensure_street(self.s, settlement_id, v.street, actor=self.actor).id
        street_id = self.places[key]
        if not v.house:
            return settlement_id, street_id, None
        key = (*key, name_key(v.house).replace(" ", ""))
        if key not in self.places:
            self.places[key] = structure.ensure_house(self.s, street_id, v.house, actor=self.actor).id
        return settlement_id, street_id, self.places[key]

    def _columns(self, v: ImportedValues) -> dict[str, Any]:
        settlement_id, street_id, house_id = self._place(v)
        search_key, given_key = resident_keys(v.surname, v.given_name, v.patronymic)
        return {
            "surname": v.surname,
            "given_name": v.given_name,
            "patronymic": v.patronymic,
            "iin": v.iin,
            "birth_date": v.birth_date,
            "sex": v.sex,
            "settlement_id": settlement_id,
            "street_id": street_id,
            "house_id": house_id,
            "apartment": v.apartment,
            "phone": v.phone,
            "registered_on": v.registered_on,
            "search_key": search_key,
            "given_key": given_key,
        }

    def write(self, rows: list[PreviewRow]) -> None:
        new_rows, links = [], []
        for r in rows:
            if r.action == "new" and r.target is not None:
                rid = uuid.uuid4()
                cols = self._columns(r.target)
                new_rows.append({"id": rid, "created_at": self.at, "updated_at": self.at, **cols})
                links += [{"resident_id": rid, "status_id": self.status_ids[c]} for c in r.target.statuses]
                logged = {k: cols.get(k) for k in LOGGED_FIELDS if k != "statuses"}
                logged["statuses"] = r.target.statuses
                self._log(rid, "import", changelog.created(logged))
            elif r.action == "update" and r.target is not None and r.match_id is not None:
                self._update(r.match_id, r.target, links)
        if new_rows:
            self.s.execute(insert(Resident), new_rows)
        if links:
            self.s.execute(insert(resident_status), links)

    def _update(self, rid: uuid.UUID, v: ImportedValues, links: list[dict[str, Any]]) -> None:
        row = self.s.get(Resident, rid)
        assert row is not None  # matched inside this transaction
        before = {k: getattr(row, k) for k in LOGGED_FIELDS if k not in ("statuses",)}
        before["deleted"] = row.deleted_at is not None
        old_codes = set(
            self.s.scalars(
                select(SocialStatus.code)
                .join(resident_status, resident_status.c.status_id == SocialStatus.id)
                .where(resident_status.c.resident_id == rid)
            )
        )
        cols = self._columns(v)
        after = {k: cols.get(k, getattr(row, k)) for k in before if k != "deleted"}
        after["deleted"] = False
        changes = changelog.diff(before, after)
        added = set(v.statuses) - old_codes
        if added:
            changes["statuses"] = [sorted(old_codes), sorted(old_codes | added)]
            links += [{"resident_id": rid, "status_id": self.status_ids[c]} for c in sorted(added)]
        if not changes:
            return
        self.s.execute(
            update(Resident).where(Resident.id == rid).values(**cols, deleted_at=None, updated_at=self.at)
        )
        self._log(rid, "merge", changes)

    def _log(self, rid: uuid.UUID, action: str, changes: dict[str, Any]) -> None:
        self.log.append(
            {
                "entity": "resident",
                "entity_id": rid,
                "action": action,
                "changes": changes,
                "actor": self.actor,
                "at": self.at,
            }
        )
        if len(self.log) >= CHUNK:
            self.flush_log()

    def flush_log(self) -> None:
        changelog.record_many(self.s, self.log)
        self.log = []
