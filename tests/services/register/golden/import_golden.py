"""What an import does today, as a canonical dump: the golden answers of ``test_import_golden``.

``run(data_dir)`` imports the stored lists of golden/import/ one after another into a new store
(a base list into an empty register, then lists over it) and returns, per step, the preview in
kk, ru and en, the import's result, what it wrote to the change log and the audit, and the
register after it. Ids are replaced by labels made from what they name (an IIN, a place's
name), timestamps by the step whose clock wrote them, so the dump is the same on every run.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from zhoob_desktop.services import i18n
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register import structure
from zhoob_desktop.services.register.bulk import timestamp_text
from zhoob_desktop.services.register.importer import (
    HeaderNotFound,
    ImportPreview,
    MappingIncomplete,
    apply_import,
    preview_import,
)
from zhoob_desktop.services.register.importer_columns import MAPPINGS_KEY
from zhoob_desktop.services.register.importer_plan import ImportedValues
from zhoob_desktop.services.register.residents import (
    ResidentInput,
    create_resident,
    delete_resident,
    mark_left,
)
from zhoob_desktop.services.store import Store, open_store

INPUTS = Path(__file__).parent / "import"
GOLDEN = Path(__file__).parent / "import_golden.json"
TODAY = date(2026, 11, 25)
LANGUAGES = ("kk", "ru", "en")
_START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
_UUID = re.compile(r"^[0-9a-f]{32}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class Clocks:
    """One fixed moment per step; a stored timestamp is shown as the step that wrote it."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def at(self, step: str) -> datetime:
        moment = _START + timedelta(minutes=len(self.names))
        self.names[timestamp_text(moment)] = step
        self.names[moment.isoformat()] = step
        return moment

    def name(self, value: Any) -> str | None:
        if value is None:
            return None
        text = value if isinstance(value, str) else timestamp_text(value)
        return f"clock:{self.names[text]}" if text in self.names else "<another time>"


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _values(v: ImportedValues | None) -> dict[str, Any] | None:
    if v is None:
        return None
    fields = ImportedValues.__slots__  # in declaration order
    return {f: list(getattr(v, f)) if f == "statuses" else _iso(getattr(v, f)) for f in fields}


class Dumper:
    """Reads the store raw (as SQLite holds it) and replaces ids by labels."""

    def __init__(self, store: Store, clocks: Clocks):
        self.store, self.clocks = store, clocks
        self.labels: dict[str, str] = {}
        operator = getattr(store, "operator", None)
        self.operator_ids = [operator.id, operator.id[:8]] if operator is not None else []

    def _rows(self, sql: str) -> list[dict[str, Any]]:
        with self.store.engine.connect() as conn:
            result = conn.exec_driver_sql(sql)
            names = list(result.keys())
            return [dict(zip(names, row, strict=True)) for row in result.all()]

    def _add(self, raw_id: str, label: str) -> None:
        hex_id = raw_id.replace("-", "").lower()
        text = f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"
        assert self.labels.get(hex_id, label) == label, (hex_id, label)
        self.labels[hex_id] = self.labels[text] = label

    def refresh(self) -> None:
        """Labels of every row id in the store as it is now."""
        self.labels = {}
        for row in self._rows("SELECT id FROM okrug"):
            self._add(row["id"], "okrug")
        for row in self._rows("SELECT id, code FROM social_status"):
            self._add(row["id"], f"status:{row['code']}")
        for row in self._rows("SELECT id, login FROM operator"):
            self._add(row["id"], f"operator:{row['login']}")
        settlements = {r["id"]: r["name"] for r in self._rows("SELECT id, name FROM settlement")}
        for sid, name in settlements.items():
            self._add(sid, f"S:{name}")
        streets = {}
        for r in self._rows("SELECT id, settlement_id, name FROM street"):
            streets[r["id"]] = f"{settlements[r['settlement_id']]}/{r['name']}"
            self._add(r["id"], f"St:{streets[r['id']]}")
        for r in self._rows("SELECT id, street_id, number FROM house"):
            self._add(r["id"], f"H:{streets[r['street_id']]}/{r['number']}")
        seen: set[str] = set()
        for r in self._rows("SELECT id, iin, surname, given_name, patronymic, birth_date FROM resident"):
            label = (
                f"R:{r['iin']}"
                if r["iin"]
                else (
                    f"R:{r['surname']} {r['given_name']} {r['patronymic']} {r['birth_date']}".replace(
                        "  ", " "
                    )
                )
            )
            assert label not in seen, f"two residents would share the label {label}"
            seen.add(label)
            self._add(r["id"], label)

    def norm(self, value: Any) -> Any:
        """Ids replaced by labels, inside lists and dicts too; operator ids inside text."""
        if isinstance(value, list | tuple):
            return [self.norm(v) for v in value]
        if isinstance(value, dict):
            return {k: self.norm(v) for k, v in value.items()}
        if isinstance(value, str):
            if value.lower() in self.labels:
                return self.labels[value.lower()]
            if _UUID.match(value.lower()):
                return "<unknown id>"
            for oid in self.operator_ids:
                value = value.replace(oid, "<operator>")
        return value

    def marks(self) -> tuple[int, int]:
        """(last change-log seq, last audit seq): what a step writes comes after them."""
        with self.store.engine.connect() as conn:
            change = conn.exec_driver_sql("SELECT max(seq) FROM register_change").scalar() or 0
            audit = conn.exec_driver_sql("SELECT max(seq) FROM audit_event").scalar() or 0
        return change, audit

    def written(self, marks: tuple[int, int]) -> dict[str, Any]:
        """The change-log entries and audit entries written after ``marks``, in order."""
        changes = []
        for r in self._rows(f"SELECT * FROM register_change WHERE seq > {marks[0]} ORDER BY seq"):
            pairs = json.loads(r["changes"], object_pairs_hook=lambda p: [[k, v] for k, v in p])
            changes.append(
                {
                    "entity": r["entity"],
                    "entity_id": self.norm(r["entity_id"]),
                    "action": r["action"],
                    "actor": self.norm(r["actor"]),
                    "at": self.clocks.name(r["at"]),
                    "changes": self.norm(pairs),
                }
            )
        audit = []
        for r in self._rows(f"SELECT * FROM audit_event WHERE seq > {marks[1]} ORDER BY seq"):
            detail = r["detail"]
            audit.append(
                {
                    "kind": r["kind"],
                    "target": self.norm(r["target"]),
                    "operator_id": self.norm(r["operator_id"]),
                    "operator": self.norm(r["operator"]),
                    "detail": self.norm(json.loads(detail) if isinstance(detail, str) else detail),
                }
            )
        return {"register_change": changes, "audit": audit}

    def register(self) -> dict[str, Any]:
        """Residents (every column; timestamps as the step that wrote them), places, status links."""
        stamps = ("created_at", "updated_at", "deleted_at")
        residents = []
        for r in self._rows("SELECT * FROM resident"):
            row = {k: (self.clocks.name(v) if k in stamps else self.norm(v)) for k, v in r.items()}
            row["id"] = self.norm(r["id"])
            residents.append(row)
        residents.sort(key=lambda r: r["id"])
        places = {}
        for table in ("settlement", "street", "house"):
            rows = [
                {k: (self.clocks.name(v) if k == "created_at" else self.norm(v)) for k, v in r.items()}
                for r in self._rows(f"SELECT * FROM {table}")
            ]
            places[table] = sorted(rows, key=lambda r: r["id"])
        links = sorted(self.norm([list(r.values()) for r in self._rows("SELECT * FROM resident_status")]))
        mappings = self.store.get_setting(MAPPINGS_KEY, {}) or {}
        return {
            "residents": residents,
            **places,
            "resident_status": links,
            "remembered_mappings": {k: mappings[k] for k in sorted(mappings)},
        }


def _preview_dump(dumper: Dumper, previews: dict[str, ImportPreview]) -> dict[str, Any]:
    """One preview, its messages in every language (the rest is the same in each)."""
    shapes = {}
    for lang, p in previews.items():
        rows = []
        for r in p.rows:
            rows.append(
                {
                    "row": r.row,
                    "action": r.action,
                    "name": r.name,
                    "iin": r.iin,
                    "values": _values(r.values),
                    "target": _values(r.target),
                    "same_as_row": r.same_as_row,
                    "changes": list(r.changes),
                    "match": dumper.norm(r.match_id.hex) if r.match_id is not None else None,
                    "issues": [
                        {
                            "row": i.row,
                            "column": i.column,
                            "field": i.field,
                            "severity": i.severity,
                            "message": None,
                        }
                        for i in r.issues
                    ],
                }
            )
        shapes[lang] = {
            "sheet": p.sheet,
            "header_row": p.header_row,
            "headers": list(p.headers),
            "mapping": p.mapping,
            "mapping_source": p.mapping_source,
            "signature": p.signature,
            "merge": p.merge,
            "seq": p.seq,
            "today": p.today.isoformat(),
            "totals_lines": list(p.totals_lines),
            "counts": p.counts(),
            "rows": rows,
        }
    first = shapes[LANGUAGES[0]]
    for lang in LANGUAGES[1:]:
        assert shapes[lang] == first, f"the preview in {lang} differs from {LANGUAGES[0]} beyond its messages"
    for r_index, row in enumerate(first["rows"]):
        for i_index, issue in enumerate(row["issues"]):
            issue["message"] = {
                lang: previews[lang].rows[r_index].issues[i_index].message for lang in LANGUAGES
            }
    return first


def _previews(store: Store, name: str, **options: Any) -> dict[str, ImportPreview]:
    out = {}
    for lang in LANGUAGES:
        i18n.set_language(lang)
        out[lang] = preview_import(store, INPUTS / name, today=TODAY, **options)
    i18n.set_language("en")
    return out


def _error_dump(store: Store, name: str, **options: Any) -> dict[str, Any]:
    """The refusal a list gets, in every language."""
    found: dict[str, Any] = {"messages": {}}
    for lang in LANGUAGES:
        i18n.set_language(lang)
        try:
            preview_import(store, INPUTS / name, today=TODAY, **options)
        except (HeaderNotFound, MappingIncomplete) as exc:
            found["error"] = type(exc).__name__
            found["messages"][lang] = exc.message().replace(str(INPUTS), "<inputs>")
            if isinstance(exc, MappingIncomplete):
                found.update(headers=list(exc.headers), header_row=exc.header_row, mapping=exc.mapping)
        else:
            found["error"] = None
    i18n.set_language("en")
    return found


def _step(
    dumper: Dumper, clocks: Clocks, name: str, file: str, *, between=None, **options: Any
) -> dict[str, Any]:
    """Preview ``file`` (kk, ru, en), run ``between`` if given, import the English preview."""
    store = dumper.store
    dumper.refresh()
    previews = _previews(store, file, **options)
    out: dict[str, Any] = {"step": name, "file": file, "options": dict(options)}
    out["preview"] = _preview_dump(dumper, previews)
    if between is not None:
        between()
    marks = dumper.marks()
    result = apply_import(store, previews["en"], now=lambda: clocks.at(name))
    dumper.refresh()
    out["result"] = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "combined": result.combined,
        "skipped": result.skipped,
        "backup": result.backup is not None,
    }
    out["written"] = dumper.written(marks)
    out["register"] = dumper.register()
    return out


def run(data_dir: Path) -> dict[str, Any]:
    """Every step's dump, from a new store opened in ``data_dir`` (the test operator's)."""
    store = open_store(data_dir)
    try:
        return _run(store)
    finally:
        store.close(backup=False)
        i18n.set_language("en")


def _run(store: Store) -> dict[str, Any]:
    clocks = Clocks()
    dumper = Dumper(store, clocks)
    save_okrug(store, "Қарағайлы ауылдық округі", "Карагайлинский сельский округ")
    store.set_setting("user.name", "tester")
    village = structure.create_settlement(store, "Қарағайлы")
    street = structure.create_street(store, village.id, "Абай көшесі")
    structure.create_house(store, street.id, "12")
    structure.create_settlement(store, "Көктөбе")
    steps = []

    steps.append(_step(dumper, clocks, "base", "base.xlsx"))

    def find(iin: str):
        from zhoob_desktop.services.register.query import ResidentFilter, query_residents

        return query_residents(store, ResidentFilter(text=iin), limit=2, today=TODAY)[0].id

    from .import_inputs import KIM, MURATOVA, SERIKBAEV, STALE_B

    delete_resident(store, find(MURATOVA), now=lambda: clocks.at("removed"))
    mark_left(store, find(SERIKBAEV), "moved", date(2024, 1, 10), now=lambda: clocks.at("left"))
    steps.append(_step(dumper, clocks, "update", "update_ru_cp1251.csv"))
    steps.append(_step(dumper, clocks, "duplicates merged", "dups_utf8_bom.csv"))
    steps.append(_step(dumper, clocks, "duplicates flagged", "dups_tab.txt", merge=False))
    steps.append(_step(dumper, clocks, "remembered mapping", "update_ru_cp1251.csv"))

    def change_register() -> None:
        # After the preview: one of its people is entered by hand, another leaves; the import plans again.
        create_resident(
            store,
            ResidentInput("Brown", "Tom", iin=STALE_B, birth_date=date(1977, 7, 7), sex="M"),
            today=TODAY,
        )
        mark_left(store, find(KIM), "other", date(2026, 11, 1), now=lambda: clocks.at("left again"))

    steps.append(_step(dumper, clocks, "stale preview", "stale_en.csv", between=change_register))
    refusals = {
        "no_header": _error_dump(store, "no_header.csv"),
        "odd_columns": _error_dump(store, "odd_columns.csv"),
        "iin_only": _error_dump(store, "iin_only.csv"),
        "other_sheet": _error_dump(store, "base.xlsx", sheet="Басқа"),
        "unnamed": _error_dump(store, "unnamed.csv"),
    }
    steps.append(
        _step(
            dumper,
            clocks,
            "chosen mapping",
            "odd_columns.csv",
            mapping={"surname": 0, "given_name": 1, "iin": 2, "birth_date": 3},
            header_row=2,
        )
    )
    steps.append(
        _step(
            dumper,
            clocks,
            "first row as header",
            "unnamed.csv",
            mapping={"surname": 0, "given_name": 1, "birth_date": 2},
        )
    )
    return {"today": TODAY.isoformat(), "steps": steps, "refusals": refusals}


def dumps(dump: dict[str, Any]) -> str:
    """The golden file's text: one value per line, so a difference reads as a short diff."""
    return json.dumps(dump, ensure_ascii=False, indent=1) + "\n"
