"""Writing planned import rows with bulk statements, inside the import's one transaction.

New residents and the change-log entries go to SQLite as prepared rows (its
storage formats: UUIDs as 32 hex digits, dates as ISO text, JSON as text), one
executemany per table and chunk: at 50,000 rows, building a dict per row and
converting it value by value was most of an import's time.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from zhoob_desktop.models.db import json_text
from zhoob_desktop.models.ids import new_uuid
from zhoob_desktop.models.register import (
    House,
    RegisterChange,
    Resident,
    Settlement,
    SocialStatus,
    Street,
    resident_status,
)
from zhoob_desktop.services.register import changelog
from zhoob_desktop.services.register.bulk import bulk_insert, id_source, insert_prepared, timestamp_text
from zhoob_desktop.services.register.importer_plan import ImportedValues, PreviewRow
from zhoob_desktop.services.register.residents import LOGGED_FIELDS
from zhoob_desktop.services.register.search import address_key, fold_cached, fold_parts, name_key
from zhoob_desktop.services.register.structure import okrug_id

PlaceKey = tuple[str, ...]
RESIDENT_COLUMNS = (
    "id", "surname", "given_name", "patronymic", "iin", "birth_date", "sex", "settlement_id", "street_id",
    "house_id", "apartment", "phone", "registered_on", "search_key", "given_key", "address_key",
    "created_at", "updated_at",
)  # fmt: skip
LOG_COLUMNS = ("id", "entity", "entity_id", "action", "changes", "actor", "at")
# Page cache while an import writes (see ``Writer.page_cache``): up to WHOLE_ROWS rows 128 MB, up to
# CACHE_ROWS 64 MB, more 16 MB (when the indexes are built at the end).
WHOLE_ROWS = 60_000
CACHE_ROWS = 100_000
# The change log is written this many entries at a time (and at the end), not a chunk at a time: each
# write of it is an entry of the audit, whose chain costs about 1.5 ms an entry on an encrypted store
# (5,000 queued entries hold about 4 MB).
LOG_ROWS = 5_000
BULK_ROWS = (
    10_000  # from this many new residents, an import that doubles the register builds its indexes after
)


def name_keys(v: ImportedValues) -> tuple[str, str]:
    """(search_key, given_key): the folded full name and given name with patronymic (``fold_parts``)."""
    surname, given = fold_cached(v.surname), fold_parts(v.given_name, v.patronymic)
    return (f"{surname} {given}" if surname and given else surname or given), given


def house_key(number: str) -> str:
    return name_key(number).replace(" ", "")


@dataclass(frozen=True)
class Address:
    """An address as a new resident's row stores it and its change-log entry records it."""

    ids: tuple[str | None, str | None, str | None]  # settlement, street, house as 32 hex digits
    logged: str  # '"settlement_id": [null, "uuid text"], ...' as json_text writes it, in log order
    apartment: str
    key: str  # address_key


_json_string = json.encoder.encode_basestring  # json_text's own writer of one string (letters as they are)


def _json_pairs(pairs: list[tuple[str, Any]]) -> str:
    """'"name": [null, value], ...': the inside of a creation's JSON object, as json_text writes it."""
    return ", ".join(f"{_json_string(name)}: [null, {json_text(value)}]" for name, value in pairs)


@lru_cache(maxsize=1024)  # a list has a few combinations of statuses
def _statuses_json(statuses: tuple[str, ...]) -> str:
    return f'"statuses": [null, {json_text(sorted(statuses))}]'


def created_json(v: ImportedValues, address: Address) -> str:
    """``changelog.created`` of an imported resident as ``json_text`` (the store's JSON) writes it (fields in
    ``LOGGED_FIELDS`` order), put together from the row and its address for speed."""
    text = (
        f'"surname": [null, {_json_string(v.surname)}], "given_name": [null, {_json_string(v.given_name)}]'
        if v.surname and v.given_name  # as every imported row has them
        else ", ".join(
            f'"{name}": [null, {_json_string(value)}]'
            for name, value in (("surname", v.surname), ("given_name", v.given_name))
            if value
        )
    )
    if v.patronymic:
        text += f', "patronymic": [null, {_json_string(v.patronymic)}]'
    if v.iin:
        text += f', "iin": [null, {_json_string(v.iin)}]'
    if v.birth_date is not None:
        text += f', "birth_date": [null, "{v.birth_date.isoformat()}"]'
    if v.sex:
        text += f', "sex": [null, {_json_string(v.sex)}]'
    if address.logged:
        text += ", " + address.logged  # settlement_id, street_id, house_id, apartment
    if v.phone:
        text += f', "phone": [null, {_json_string(v.phone)}]'
    if v.registered_on is not None:
        text += f', "registered_on": [null, "{v.registered_on.isoformat()}"]'
    if v.statuses:
        text += ", " + _statuses_json(v.statuses)
    return "{" + text.removeprefix(", ") + "}"


class Writer:
    """Creates residents, updates merged ones and creates the places a file names.

    Settlements, streets and houses are looked up by their folded keys (so
    case, trailing spaces and Kazakh/Russian look-alikes make no duplicates)
    and created in bulk on first use, each with its change-log entry.
    """

    def __init__(self, s: Session, actor: str, at: datetime):
        self.s, self.actor, self.at = s, actor, at
        self.status_ids = {
            code: sid.hex for code, sid in s.execute(select(SocialStatus.code, SocialStatus.id))
        }
        self.at_text = timestamp_text(at)
        self.new_id = id_source()  # ids as 32 hex digits: 50,000 UUID objects cost more than the insert
        self.log: list[tuple[Any, ...]] = []  # prepared register_change rows, in order
        self.addresses: dict[tuple[str, str, str, str], Address] = {}  # households share one
        self.places: dict[PlaceKey, uuid.UUID] = {}
        self.pending: dict[type, list[dict[str, Any]]] = {Settlement: [], Street: [], House: []}
        self._okrug_id: uuid.UUID | None = None
        settlement_keys: dict[uuid.UUID, str] = {}
        for sid, key in s.execute(select(Settlement.id, Settlement.key)):
            self.places[(key,)] = sid
            settlement_keys[sid] = key
        street_keys: dict[uuid.UUID, PlaceKey] = {}
        for stid, sid, key in s.execute(select(Street.id, Street.settlement_id, Street.key)):
            street_keys[stid] = (settlement_keys[sid], key)
            self.places[street_keys[stid]] = stid
        for hid, stid, key in s.execute(select(House.id, House.street_id, House.key)):
            self.places[(*street_keys[stid], key)] = hid

    def defers_indexes(self, new_residents: int) -> bool:
        """Whether an import of so many new residents builds the indexes at the end (see below)."""
        if self.s.get_bind().dialect.name != "sqlite" or new_residents < BULK_ROWS:
            return False
        conn = self.s.connection()
        return new_residents >= (conn.exec_driver_sql("SELECT max(rowid) FROM resident").scalar() or 0)

    @contextmanager
    def page_cache(self, deferred: bool, rows: int) -> Iterator[None]:
        """SQLite's page cache while writing: 128 MB up to ``WHOLE_ROWS`` rows, 64 MB up to
        ``CACHE_ROWS``, and 16 MB for a larger import that builds its indexes at the end.

        The store is encrypted: every page that leaves the cache is encrypted, and read back
        decrypted. The file grows about 1.9 KB per new resident (its row, its change-log entry,
        their indexes): with 128 MB an import of 50,000 keeps every page it writes in memory
        until the commit, so each is encrypted once, and each index is built from the table
        without reading it back from the file (with 64 MB that import spent about 0.1 s more,
        with 16 MB about 0.5 s more). The cache is a ceiling, not an allocation: a small
        import uses what it writes. An import of more rows holds a larger report from its
        preview (about 0.8 KB a row), so it keeps to less: its peak stays under 300 MB.
        """
        if self.s.get_bind().dialect.name != "sqlite":
            yield
            return
        conn = self.s.connection()
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        kib = 131072 if rows <= WHOLE_ROWS else 16384 if deferred and rows > CACHE_ROWS else 65536
        conn.exec_driver_sql(f"PRAGMA cache_size=-{kib}")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")

    @contextmanager
    def indexes_deferred(self, deferred: bool) -> Iterator[None]:
        """Build the resident and change-log indexes after a large import instead of row by row.

        When an import at least doubles the register (``BULK_ROWS`` or more),
        inserting every key into eight indexes one row at a time costs more
        than building each index once from the sorted keys. The unique indexes
        stay (they check as rows come). Dropping and building are part of the
        import's transaction: a cancel or an error leaves them as they were.
        """
        if not deferred:
            yield
            return
        conn = self.s.connection()
        if not conn.connection.driver_connection.in_transaction:
            # Python's sqlite3 begins a transaction only before a write: without this the drops
            # would be committed at once, and a cancelled import would leave the indexes dropped.
            conn.exec_driver_sql("BEGIN")
        indexes = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('resident', 'register_change') ORDER BY name"
        ).all()
        for name, _sql in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        yield
        for _name, sql in indexes:
            conn.exec_driver_sql(sql)

    def _new_place(
        self, model: type, key: PlaceKey, values: dict[str, Any], logged: dict[str, Any]
    ) -> uuid.UUID:
        pid = new_uuid()  # a UUID object: residents' change-log entries name their place by it
        self.places[key] = pid
        self.pending[model].append({"id": pid, "key": key[-1], "created_at": self.at, **values})
        entity = {Settlement: "settlement", Street: "street", House: "house"}[model]
        self._log(entity, pid, "create", changelog.created(logged))
        return pid

    def _place(self, v: ImportedValues) -> tuple[uuid.UUID | None, uuid.UUID | None, uuid.UUID | None]:
        if not v.settlement:
            return None, None, None
        key: PlaceKey = (name_key(v.settlement),)
        settlement_id = self.places.get(key)
        if settlement_id is None:
            if self._okrug_id is None:
                self._okrug_id = okrug_id(self.s)
            values = {"okrug_id": self._okrug_id, "name": v.settlement}
            settlement_id = self._new_place(Settlement, key, values, {"name": v.settlement})
        if not v.street:
            return settlement_id, None, None
        key = (*key, name_key(v.street))
        street_id = self.places.get(key)
        if street_id is None:
            values = {"settlement_id": settlement_id, "name": v.street}
            street_id = self._new_place(Street, key, values, values)
        if not v.house:
            return settlement_id, street_id, None
        key = (*key, house_key(v.house))
        house_id = self.places.get(key)
        if house_id is None:
            values = {"street_id": street_id, "number": v.house, "apartment_building": False}
            house_id = self._new_place(House, key, values, {"street_id": street_id, "number": v.house})
        return settlement_id, street_id, house_id

    def _flush_places(self) -> None:
        for model in (Settlement, Street, House):  # parents first: the foreign keys are checked
            if self.pending[model]:
                bulk_insert(self.s, model.__table__, self.pending[model])
                self.pending[model] = []

    def columns(self, v: ImportedValues) -> dict[str, Any]:
        """A merged resident's columns as ``update(Resident)`` takes them."""
        settlement_id, street_id, house_id = self._place(v)
        search_key, given_key = name_keys(v)
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
            "address_key": address_key(v.settlement, v.street, v.house, v.apartment) if settlement_id else "",
        }

    def address(self, v: ImportedValues) -> Address:
        """The stored form of a row's address, creating its places on first use."""
        raw = (v.settlement, v.street, v.house, v.apartment)
        found = self.addresses.get(raw)
        if found is None:
            found = self.addresses[raw] = self._read_address(v)
        return found

    def _read_address(self, v: ImportedValues) -> Address:
        raw = (v.settlement, v.street, v.house, v.apartment)
        ids = self._place(v)
        names = ("settlement_id", "street_id", "house_id")
        logged = [(name, str(pid)) for name, pid in zip(names, ids, strict=True) if pid is not None]
        if v.apartment:
            logged.append(("apartment", v.apartment))
        hex_ids = tuple(pid.hex if pid is not None else None for pid in ids)
        return Address(
            hex_ids, _json_pairs(logged), v.apartment, address_key(*raw) if ids[0] is not None else ""
        )

    def write(self, rows: list[PreviewRow]) -> None:
        """Write one chunk: new residents in bulk, merged ones one by one; the log once ``LOG_ROWS`` are queued."""
        new_rows: list[tuple[Any, ...]] = []
        links: list[tuple[str, str]] = []  # (resident, status) as 32 hex digits each
        updates = []
        for r in rows:
            if r.action == "new" and r.target is not None:
                new_rows.append(self._new_resident(r.target, links))
            elif r.action == "update" and r.target is not None and r.match_id is not None:
                updates.append((r.match_id, r.target, self.columns(r.target)))
        self._flush_places()
        insert_prepared(self.s, Resident.__table__, RESIDENT_COLUMNS, new_rows)
        for rid, target, cols in updates:
            self._update(rid, target, cols, links)
        insert_prepared(self.s, resident_status, ("resident_id", "status_id"), links)
        if len(self.log) >= LOG_ROWS:
            self.flush_log()

    def _new_resident(self, v: ImportedValues, links: list[tuple[str, str]]) -> tuple[Any, ...]:
        """A new resident's row in storage format; its status links and log entry are queued."""
        rid = self.new_id()
        address = self.address(v)  # before the log entry: a place is logged before its first resident
        for code in v.statuses:
            links.append((rid, self.status_ids[code]))
        self._queue_log("resident", rid, "import", created_json(v, address))
        born, registered = v.birth_date, v.registered_on
        return (
            rid, v.surname, v.given_name, v.patronymic, v.iin, born.isoformat() if born else None, v.sex,
            *address.ids, address.apartment, v.phone, registered.isoformat() if registered else None,
            *name_keys(v), address.key, self.at_text, self.at_text,
        )  # fmt: skip

    def _update(
        self, rid: uuid.UUID, v: ImportedValues, cols: dict[str, Any], links: list[tuple[str, str]]
    ) -> None:
        row = self.s.get(Resident, rid)
        assert row is not None  # matched inside this transaction
        before = {k: getattr(row, k) for k in LOGGED_FIELDS if k != "statuses"}
        before["deleted"] = row.deleted_at is not None
        old_codes = set(
            self.s.scalars(
                select(SocialStatus.code)
                .join(resident_status, resident_status.c.status_id == SocialStatus.id)
                .where(resident_status.c.resident_id == rid)
            )
        )
        after = {k: cols.get(k, getattr(row, k)) for k in before if k != "deleted"}
        after["deleted"] = False
        changes = changelog.diff(before, after)
        added = set(v.statuses) - old_codes
        if added:
            changes["statuses"] = [sorted(old_codes), sorted(old_codes | added)]
            links += [(rid.hex, self.status_ids[c]) for c in sorted(added)]
        if not changes:
            return
        self.s.execute(
            update(Resident).where(Resident.id == rid).values(**cols, deleted_at=None, updated_at=self.at)
        )
        self._log("resident", rid, "merge", changes)

    def _log(self, entity: str, entity_id: uuid.UUID, action: str, changes: dict[str, Any]) -> None:
        """Queue a change-log entry (written with the chunk, in the order queued)."""
        self._queue_log(entity, entity_id.hex, action, json_text(changes))

    def _queue_log(self, entity: str, entity_id: str, action: str, changes: str) -> None:
        """Queue a change-log entry whose id and changes are already text (32 hex digits, JSON)."""
        self.log.append((self.new_id(), entity, entity_id, action, changes, self.actor, self.at_text))

    def flush_log(self) -> None:
        """Write the queued change-log entries: one row per change, numbered in order by ``seq``."""
        insert_prepared(self.s, RegisterChange.__table__, LOG_COLUMNS, self.log)
        self.log = []
