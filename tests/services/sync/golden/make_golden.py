"""Make the stored bundles of ``test_golden.py`` and what importing them gave.

    .venv/bin/python -m tests.services.sync.golden.make_golden

Two okrugs write a history of bundles (full and incremental, sealed and in
clear, a resident moving from one to the other, an IIN two okrugs claim, a
journal and a record forged with the okrug's own key, a street removed while
lived on, a street made and removed between two bundles, bundles arriving out
of order, an accepted conflict), each file stored here with the keys. The
importer of the time imported them in a fixed order into a SQLite and a
PostgreSQL district; ``expected.json`` keeps what each import answered, every
row of the district store at the end and what the receipts carried.
``test_golden.py`` imports the same files with the importer of today and must
get exactly that. The files were made once, before the importer planned and
wrote in chunks; running this again would replace them with what today's
code gives (and so prove nothing): do it only when the bundle format changes.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The imports in this order (each file one stored bundle); "accept" takes the open record conflict.
ORDER = [
    "a1.zip",
    "b1.zip",
    "a2.zip",
    "b2.zip",
    "a1.zip",
    "a3-forged.zip",
    "accept",
    "a4-street-removed.zip",
    "a6.zip",
    "a5.zip",
    "b3.zip",
    "b4-journal-forged.zip",
]
START = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def when(step: int) -> datetime:
    return START + timedelta(minutes=step)


def make_bundles(folder: Path) -> None:
    """Both okrugs' stores and their bundles, with the same keys every time (stored here)."""
    from tests.services.sync import helpers as h
    from tests.services.sync.okrug_data import Clock, add_residents, hold_sitting, make_okrug
    from zhoob_desktop.services.decisions.register import list_decisions, record_step
    from zhoob_desktop.services.documents.issue import finalise_protocol
    from zhoob_desktop.services.register.iin import make_iin
    from zhoob_desktop.services.register.residents import (
        ResidentInput,
        create_resident,
        delete_resident,
        mark_left,
        update_resident,
    )
    from zhoob_desktop.services.register.structure import create_house, create_street, delete_street
    from zhoob_desktop.services.store import open_store
    from zhoob_desktop.services.sync import export as ex
    from zhoob_desktop.services.sync import receipts
    from zhoob_desktop.services.sync.district import import_bundle, register_okrug
    from zhoob_desktop.services.sync.district_db import open_district
    from zhoob_desktop.services.sync.keys import DistrictKeys

    keys = DistrictKeys(folder / "district-keys", "Іле ауданы").ensure()
    (folder / "district.key").write_bytes(keys.public().to_json())
    work = Path(tempfile.mkdtemp(prefix="golden-"))
    bundles = folder / "bundles"
    bundles.mkdir(exist_ok=True)
    # A district of the okrug side's own, for the receipts that make later bundles incremental.
    scratch = open_district(work / "scratch.sqlite")

    a = open_store(work / "a")
    make_okrug(a)
    people = add_residents(a, 12)
    clock = Clock()
    settlement, street = people[0].settlement_id, people[0].street_id
    houses = [create_house(a, street, str(n), actor="t").id for n in (1, 2, 3)]
    born = [date(1970 + i, 1 + i, 2 + i) for i in range(8)]
    iins = [make_iin(b, "M" if i % 2 else "F", 40 + i) for i, b in enumerate(born)]
    with_iin = [
        create_resident(
            a,
            ResidentInput(
                surname=f"Жсннов{i}",
                given_name="Берік",
                iin=iins[i],
                birth_date=born[i],
                settlement_id=settlement,
                street_id=street,
                house_id=houses[i % 3],
                phone=f"+7 701 000 00 0{i}",
                registered_on=date(2019, 3, 1),
            ),
            actor="t",
        )
        for i in range(8)
    ]
    first = hold_sitting(a, clock, people[:6])
    (decision,) = list_decisions(a)
    record_step(a, decision.id, "protocol_handed", on=decision.held_on, actor="t", today=date(2026, 10, 9))
    finalise_protocol(a, first, "kk", signed_on=date(2026, 10, 6), actor="t")
    doomed = create_street(a, settlement, "Уақытша көшесі").id
    ex.import_district_key(a, folder / "district.key")
    ex.export_public_key(a, folder / "okrug-a.key")
    register_okrug(scratch, folder / "okrug-a.key")
    a1 = ex.export_bundle(a, bundles / "a1.zip").path
    import_bundle(scratch, a1, keys)
    receipts.make_receipt(scratch, keys, _okrug_id(a), work / "ra.json")
    receipts.import_receipt(a, work / "ra.json")

    b = open_store(work / "b")
    make_okrug(b, "Жаңаауыл ауылдық округі")
    b_people = add_residents(b, 5, settlement_name="Жаңаауыл")
    claimant = create_resident(  # claims an IIN okrug A holds: a conflict, not a move
        b,
        ResidentInput(surname="Талапов", given_name="Нұрлан", iin=iins[0], birth_date=born[0]),
        actor="t",
    )
    ex.import_district_key(b, folder / "district.key")
    ex.export_public_key(b, folder / "okrug-b.key")
    register_okrug(scratch, folder / "okrug-b.key")
    b1 = clear(b, "b1.zip", bundles)
    import_bundle(scratch, b1, keys)
    receipts.make_receipt(scratch, keys, _okrug_id(b), work / "rb.json")
    receipts.import_receipt(b, work / "rb.json")

    # A2: renames, a departure, an entry removed in error, a street removed, a new step, a new sitting.
    for p in people[6:9]:
        update_resident(
            a,
            p.id,
            ResidentInput(
                surname=p.surname + "ұлы",
                given_name=p.given_name,
                patronymic=p.patronymic,
                birth_date=p.birth_date,
                settlement_id=p.settlement_id,
                street_id=p.street_id,
                registered_on=p.registered_on,
            ),
            actor="t",
        )
    mark_left(a, with_iin[3].id, "moved", date(2026, 10, 20), actor="t")
    delete_resident(a, people[11].id, actor="t")
    delete_street(a, doomed, actor="t")
    gone = create_street(a, settlement, "Бір күндік көшесі").id  # made and removed between two bundles
    delete_street(a, gone, actor="t")
    record_step(a, decision.id, "agreed", on=date(2026, 10, 12), actor="t", today=date(2026, 10, 12))
    hold_sitting(a, clock, people[:6], on=date(2026, 10, 26))
    clear(a, "a2.zip", bundles)

    # B2: the resident who left A registers in B with the same IIN.
    create_resident(
        b,
        ResidentInput(
            surname=with_iin[3].surname,
            given_name=with_iin[3].given_name,
            iin=iins[3],
            birth_date=born[3],
            settlement_id=b_people[0].settlement_id,
            registered_on=date(2026, 10, 25),
        ),
        actor="t",
    )
    update_resident(
        b,
        claimant.id,
        ResidentInput(surname="Талапұлы", given_name="Нұрлан", iin=iins[0], birth_date=born[0]),
        actor="t",
    )
    ex.export_bundle(b, bundles / "b2.zip")

    # A3 forged with A's own key: the same revision of a resident with other content.
    a_sign = ex.okrug_keys(a).sign
    real = clear(a, "a3.zip", work)
    victim = str(people[6].id)  # renamed in A2: every bundle since carries it

    def rename(items):
        lines = h.jsonl_lines(items["register/resident.jsonl"])
        for line in lines:
            if line["id"] == victim:
                line["data"]["surname"] = "Жалғанов"
        items["register/resident.jsonl"] = h.to_jsonl(lines)

    h.resign(real, bundles / "a3-forged.zip", a_sign, edit_members=rename)

    # A4 forged: the street everyone lives on removed (a tombstone), nothing else.
    real = clear(a, "a4.zip", work)
    manifest4 = json.loads(h.members(real)["manifest.json"])
    lived_on = str(street)

    def tombstone(items):
        for name in [n for n in items if n.startswith(("sittings/", "protocols"))]:
            del items[name]
        for name in [n for n in items if n.startswith(("register/", "decisions/"))]:
            items[name] = b""
        items["register/street.jsonl"] = h.to_jsonl([{"id": lived_on, "rev": 10_000, "deleted": True}])

    def only_street(m):
        m["counts"] = {k: 0 for k in m["counts"]}
        m["counts"].update(okrug=1, street=1, tombstones=1)

    h.resign(
        real, bundles / "a4-street-removed.zip", a_sign, edit_members=tombstone, edit_manifest=only_street
    )
    assert manifest4["seq"] == 4

    # A5 and A6: more changes; the district receives A6 first (a gap), then A5.
    extra = create_street(a, settlement, "Жаңа көше").id
    create_resident(
        a,
        ResidentInput(
            surname="Кейінгі", given_name="Асқар", birth_date=date(2001, 5, 5), settlement_id=settlement,
            street_id=extra, registered_on=date(2026, 11, 1),
        ),
        actor="t",
    )  # fmt: skip
    ex.export_bundle(a, bundles / "a5.zip")
    update_resident(
        a,
        with_iin[5].id,
        ResidentInput(
            surname=with_iin[5].surname, given_name="Бекзат", iin=iins[5], birth_date=born[5],
            settlement_id=settlement, street_id=street, house_id=houses[1], registered_on=date(2019, 3, 1),
        ),
        actor="t",
    )  # fmt: skip
    ex.export_bundle(a, bundles / "a6.zip")

    # B3 with B's first sitting; B4 forged with B's own key: that journal rewritten after it was sent.
    hold_sitting(b, Clock(START), b_people[:4], on=date(2026, 11, 2))
    ex.export_bundle(b, bundles / "b3.zip")
    real = clear(b, "b4.zip", work)
    b_sign = ex.okrug_keys(b).sign
    from zhoob_desktop.services.meeting import journal as mj

    def rewrite_last_event(items):
        name = next(n for n in items if n.endswith("journal.jsonl"))
        lines = h.jsonl_lines(items[name])
        lines[-1]["recorded_at"] = lines[-1]["recorded_at"].replace("2026", "2025")
        lines[-1]["hash"] = mj.event_hash({k: v for k, v in lines[-1].items() if k != "hash"})
        items[name] = h.to_jsonl(lines)

    h.resign(real, bundles / "b4-journal-forged.zip", b_sign, edit_members=rewrite_last_event)
    b_sittings = json.loads(h.members(real)["manifest.json"])["counts"]["sitting"]
    assert b_sittings == 1
    for store in (a, b):
        store.close(backup=False)
    scratch.close()
    shutil.rmtree(work, ignore_errors=True)


def clear(store, name: str, folder: Path) -> Path:
    """A bundle with personal data in clear, stored under ``name`` (export marks the name itself)."""
    from zhoob_desktop.services.sync import export as ex

    written = ex.export_bundle(store, folder / name, seal=False).path
    return written.rename(folder / name)


def _okrug_id(store) -> uuid.UUID:
    from zhoob_desktop.services.okrug import get_okrug

    return get_okrug(store).id


def keys_of(folder: Path, work: Path):
    """The district's keys, copied where their files may be private (git keeps them readable)."""
    from zhoob_desktop.services.sync.keys import DistrictKeys

    target = work / "district-keys"
    shutil.copytree(folder / "district-keys", target, dirs_exist_ok=True)
    for path in target.iterdir():
        path.chmod(0o600)
    target.chmod(0o700)
    return DistrictKeys(target).ensure()


def _value(v):
    if isinstance(v, datetime):
        if v.tzinfo is not None:
            v = v.astimezone(UTC).replace(tzinfo=None)
        return v.isoformat()
    if isinstance(v, bytes | bytearray | memoryview):
        import hashlib

        return "sha256:" + hashlib.sha256(bytes(v)).hexdigest()
    if isinstance(v, uuid.UUID | date):
        return str(v)
    return v


# Values the district sets itself when something happens (ids it makes, times it reads from the
# clock): left out of the comparison.
VOLATILE = {
    ("sync_conflict", "id"),
    ("district_move", "id"),
    ("district_move", "linked_at"),
    ("district_okrug", "registered_at"),
    ("district_document", "opened_at"),
}


def dump(dstore) -> dict[str, list]:
    """Every row of every table, normalised (UTC times, texts for ids), sorted."""
    from sqlalchemy import select

    from zhoob_desktop.models import Base

    out = {}
    with dstore.engine.connect() as conn:
        for tbl in Base.metadata.sorted_tables:
            cols = [c for c in tbl.columns if (tbl.name, c.name) not in VOLATILE]
            rows = [
                json.dumps([_value(v) for v in r], ensure_ascii=False, sort_keys=True, default=str)
                for r in conn.execute(select(*cols))
            ]
            if rows:
                out[tbl.name] = sorted(rows)
    return out


def run_imports(folder: Path, dstore, keys, *, accept_by: str = "Оператор") -> dict:
    """Import the stored bundles in ``ORDER``; what each answered, the accepted conflict, the end state."""
    from zhoob_desktop.services import i18n
    from zhoob_desktop.services.sync import conflicts, district
    from zhoob_desktop.services.sync.errors import SyncError

    i18n.set_language("en")  # the subjects of conflicts are in the program's language
    district.register_okrug(dstore, folder / "okrug-a.key")
    district.register_okrug(dstore, folder / "okrug-b.key")
    answers = []
    for step, name in enumerate(ORDER):
        if name == "accept":
            record = next(c for c in district.list_conflicts(dstore) if c.kind == "record")
            row = conflicts.resolve(
                dstore, record.id, "accept", by=accept_by, reason="Телефон арқылы келісілді",
                now=lambda step=step: when(step),
            )  # fmt: skip
            answers.append({"accepted": [row.kind, row.entity, str(row.record_id), row.status]})
            continue
        try:
            r = district.import_bundle(
                dstore, folder / "bundles" / name, keys, now=lambda step=step: when(step)
            )
        except SyncError as exc:
            answers.append({"file": name, "refused": type(exc).__name__, "params": _params(exc)})
            continue
        answers.append(answer_of(name, r))
    with dstore.session() as s:
        from zhoob_desktop.models.sync import DistrictOkrug

        receipts = {
            o.name: [_receipt_line(c) for c in conflicts.for_receipt(s, o.id)]
            for o in s.query(DistrictOkrug).order_by(DistrictOkrug.name)
        }
    return {"imports": answers, "receipts": receipts, "store": dump(dstore)}


def _receipt_line(c: dict) -> dict:
    """A conflict as a receipt carries it, without its id (made at random) and with its time in UTC."""
    out = _plain({k: v for k, v in c.items() if k != "id"})
    if out.get("resolved_at"):
        out["resolved_at"] = _value(datetime.fromisoformat(out["resolved_at"]))
    return out


def answer_of(name: str, r) -> dict:
    """What the importer answered for the bundle ``name`` (its result ``r``), as the golden files keep it."""
    return {
        "file": name,
        "seq": r.seq,
        "added": r.added,
        "updated": r.updated,
        "unchanged": r.unchanged,
        "conflicts": [
            [c.kind, c.entity, str(c.record_id) if c.record_id else None, _plain(c.detail), c.subject]
            for c in r.conflicts
        ],
        "moves": r.moves,
        "closed": r.closed,
    }


def _params(exc) -> dict:
    return {k: str(v) for k, v in sorted(getattr(exc, "params", {}).items()) if k != "path"}


def _plain(value):
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def main() -> None:
    from tests.services.sync.pg import PgServer, PgUnavailable
    from zhoob_desktop.services.sync.district_db import open_district

    for old in ("bundles", "district-keys"):
        shutil.rmtree(HERE / old, ignore_errors=True)
    make_bundles(HERE)
    work = Path(tempfile.mkdtemp(prefix="golden-run-"))
    keys = keys_of(HERE, work)
    lite = open_district(work / "district.sqlite")
    expected = run_imports(HERE, lite, keys)
    lite.close()
    try:
        server = PgServer().start()
    except PgUnavailable as exc:
        raise SystemExit(f"PostgreSQL is needed to check both databases agree: {exc}") from exc
    try:
        pg = open_district(server.url(server.create_database()))
        on_pg = run_imports(HERE, pg, keys)
        pg.close()
    finally:
        server.stop()
    if on_pg != expected:
        raise SystemExit("SQLite and PostgreSQL districts differ after the same imports")
    (HERE / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )
    shutil.rmtree(work, ignore_errors=True)
    print(f"{len(ORDER)} imports; {sum(len(v) for v in expected['store'].values())} rows")


if __name__ == "__main__":
    main()
