"""Writing planned import rows with bulk statements, inside the import's one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from zhoob_desktop.models.register import House, Resident, Settlement, SocialStatus, Street, resident_status
from zhoob_desktop.services.register import changelog
from zhoob_desktop.services.register.bulk import bulk_insert, new_id_hex
from zhoob_desktop.services.register.importer_plan import ImportedValues, PreviewRow
from zhoob_desktop.services.register.residents import LOGGED_FIELDS
from zhoob_desktop.services.register.search import address_key, fold, name_key
from zhoob_desktop.services.register.structure import okrug_id

LOG_CHUNK = 1000
PlaceKey = tuple[str, ...]


def house_key(number: str) -> str:
    return name_key(number).replace(" ", "")


@lru_cache(maxsize=4096)  # the few places of a file, named in thousands of entries
def _uuid_text(value: uuid.UUID) -> str:
    return str(value)


def _created(cols: dict[str, Any], statuses: tuple[str, ...]) -> dict[str, list[Any]]:
    """``changelog.created`` for an imported resident, written out for speed."""
    out: dict[str, list[Any]] = {}
    for name in LOGGED_FIELDS:
        if name == "statuses":
            if statuses:
                out[name] = [None, sorted(statuses)]
            continue
        value = cols.get(name)
        kind = type(value)
        if kind is str:
            if value:
                out[name] = [None, value]
        elif value is None:
            continue
        elif kind is uuid.UUID:
            out[name] = [None, _uuid_text(value)]
        else:
            out[name] = [None, value.isoformat()]
    return out


class Writer:
    """Creates residents, updates merged ones and creates the places a file names.

    Settlements, streets and houses are looked up by their folded keys (so
    case, trailing spaces and Kazakh/Russian look-alikes make no duplicates)
    and created in bulk on first use, each with its change-log entry.
    """

    def __init__(self, s: Session, actor: str, at: datetime):
        self.s, self.actor, self.at = s, actor, at
        self.status_ids = {code: sid for code, sid in s.execute(select(SocialStatus.code, SocialStatus.id))}
        self.log: list[dict[str, Any]] = []
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

    @contextmanager
    def large_cache(self) -> Iterator[None]:
        """A 64 MB SQLite page cache while writing: tens of thousands of rows go into eight indexes."""
        if self.s.get_bind().dialect.name != "sqlite":
            yield
            return
        conn = self.s.connection()
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql("PRAGMA cache_size=-65536")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")

    def _new_place(
        self, model: type, key: PlaceKey, values: dict[str, Any], logged: dict[str, Any]
    ) -> uuid.UUID:
        pid = uuid.uuid4()  # a UUID object: residents' change-log entries name their place by it
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
        settlement_id, street_id, house_id = self._place(v)
        search_key, given_key = v.name_key[0], fold(f"{v.given_name} {v.patronymic}")  # name_key is cached
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

    def write(self, rows: list[PreviewRow]) -> None:
        """Write one chunk: new residents in bulk, merged ones one by one."""
        new_rows: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        updates = []
        for r in rows:
            if r.action == "new" and r.target is not None:
                rid = new_id_hex()  # 32 hex digits: 50,000 UUID objects cost more than the insert
                cols = self.columns(r.target)
                new_rows.append({"id": rid, "created_at": self.at, "updated_at": self.at, **cols})
                links += [{"resident_id": rid, "status_id": self.status_ids[c]} for c in r.target.statuses]
                self._log("resident", rid, "import", _created(cols, r.target.statuses))
            elif r.action == "update" and r.target is not None and r.match_id is not None:
                updates.append((r.match_id, r.target, self.columns(r.target)))
        self._flush_places()
        if new_rows:
            bulk_insert(self.s, Resident.__table__, new_rows)
        for rid, target, cols in updates:
            self._update(rid, target, cols, links)
        if links:
            bulk_insert(self.s, resident_status, links)

    def _update(
        self, rid: uuid.UUID, v: ImportedValues, cols: dict[str, Any], links: list[dict[str, Any]]
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
            links += [{"resident_id": rid, "status_id": self.status_ids[c]} for c in sorted(added)]
        if not changes:
            return
        self.s.execute(
            update(Resident).where(Resident.id == rid).values(**cols, deleted_at=None, updated_at=self.at)
        )
        self._log("resident", rid, "merge", changes)

    def _log(self, entity: str, entity_id: uuid.UUID | str, action: str, changes: dict[str, Any]) -> None:
        self.log.append(
            {"entity": entity, "entity_id": entity_id, "action": action, "changes": changes,
             "actor": self.actor, "at": self.at}
        )  # fmt: skip
        if len(self.log) >= LOG_CHUNK:
            self.flush_log()

    def flush_log(self) -> None:
        changelog.record_many(self.s, self.log)
        self.log = []
