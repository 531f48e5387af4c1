"""`zhoob bundle ...` (the okrug side) and `zhoob district ...` (the district importer)."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from zhoob_desktop.commands import cli_store, lazy_module, sync_net
from zhoob_desktop.services.datadir import ensure_writable, resolve_data_dir
from zhoob_desktop.services.i18n import _, format_date, format_datetime, format_number
from zhoob_desktop.services.sync.errors import SyncError
from zhoob_desktop.services.sync.labels import (
    conflict_text,
    decision_text,
    kind_label,
    state_label,
    status_label,
    verdict_text,
)

dist = lazy_module("zhoob_desktop.services.sync.district")
ex = lazy_module("zhoob_desktop.services.sync.export")
ov = lazy_module("zhoob_desktop.services.sync.overview")
receipts = lazy_module("zhoob_desktop.services.sync.receipts")
district_db = lazy_module("zhoob_desktop.services.sync.district_db")
keystore = lazy_module("zhoob_desktop.services.sync.keys")
conflicts = lazy_module("zhoob_desktop.services.sync.conflicts")
many = lazy_module("zhoob_desktop.services.sync.many")
netq = lazy_module("zhoob_desktop.services.sync.net.queue")

CONFLICT_ACTIONS = ("accept", "reject", "settle")  # as services.sync.conflicts.ACTIONS

DISTRICT_KEYS_DIR = "district-keys"


def register(sub) -> None:
    p = sub.add_parser("bundle", help=_("sync bundles for the district (okrug side)"))
    bsub = p.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    b = bsub.add_parser(
        "export", help=_("write a signed bundle of what changed since the district's last receipt")
    )
    b.add_argument("--out", required=True, metavar="FILE", help=_("bundle file to write"))
    seal = b.add_mutually_exclusive_group()
    seal.add_argument(
        "--seal", action="store_true", help=_("seal personal data to the district key (the default)")
    )
    seal.add_argument(
        "--no-seal",
        action="store_true",
        help=_("write personal data in clear (the file name says so); only when asked for explicitly"),
    )
    b.set_defaults(func=cmd_bundle_export)
    b = bsub.add_parser("key", help=_("write the okrug's public key file for the district"))
    b.add_argument("--out", required=True, metavar="FILE")
    b.set_defaults(func=cmd_bundle_key)
    b = bsub.add_parser("district-key", help=_("import the district's public key file"))
    b.add_argument("file", metavar="FILE")
    b.add_argument(
        "--fingerprint",
        metavar="TEXT",
        help=_("the key's fingerprint as the district reads it over the telephone: the file must match it"),
    )
    b.set_defaults(func=cmd_bundle_district_key)
    b = bsub.add_parser("receipt", help=_("import a receipt from the district"))
    b.add_argument("file", metavar="FILE")
    b.set_defaults(func=cmd_bundle_receipt)
    b = bsub.add_parser("status", help=_("keys, bundles written and acknowledged"))
    b.set_defaults(func=cmd_bundle_status)
    sync_net.add_bundle(bsub)

    p = sub.add_parser("district", help=_("the district's store of okrug bundles"))
    dsub = p.add_subparsers(dest="district_command", metavar="ACTION", required=True)

    def common(q) -> None:
        q.add_argument(
            "--db", metavar="URL", help=_("district database: a SQLite file or postgresql+psycopg://...")
        )
        q.add_argument("--keys", metavar="DIR", help=_("folder of the district's keys"))

    d = dsub.add_parser("import", help=_("verify and import bundles, each all or nothing"))
    d.add_argument("files", nargs="+", metavar="FILE")
    common(d)
    d.set_defaults(func=cmd_district_import)
    d = dsub.add_parser("register-okrug", help=_("register an okrug's public key file"))
    d.add_argument("file", metavar="PUBKEYFILE")
    d.add_argument(
        "--replace",
        metavar="FINGERPRINT",
        help=_("replace the key of an okrug already registered: the fingerprint of the key it has now"),
    )
    common(d)
    d.set_defaults(func=cmd_district_register)
    d = dsub.add_parser("receipt", help=_("write a signed receipt for an okrug"))
    d.add_argument("okrug", metavar="OKRUG", help=_("okrug id or name"))
    d.add_argument("--out", required=True, metavar="FILE")
    common(d)
    d.set_defaults(func=cmd_district_receipt)
    d = dsub.add_parser("key", help=_("write the district's public key file for the okrugs"))
    d.add_argument("--out", required=True, metavar="FILE")
    d.add_argument("--name", default="", help=_("name of the district shown to the okrugs"))
    common(d)
    d.set_defaults(func=cmd_district_key)
    d = dsub.add_parser("overview", help=_("okrugs, bundles, sittings, quorum, decisions, protocols"))
    common(d)
    d.set_defaults(func=cmd_district_overview)
    d = dsub.add_parser("conflicts", help=_("conflicts found by the imports that wait for a decision"))
    d.add_argument("--all", action="store_true", help=_("also the decided ones, with who, when and why"))
    d.add_argument("--okrug", metavar="OKRUG", help=_("okrug id or name"))
    common(d)
    d.set_defaults(func=cmd_district_conflicts)
    d = dsub.add_parser(
        "audit",
        help=_(
            "who did what at the okrug: the audit a bundle carries, verified; "
            "without FILE, who imported what into the district store"
        ),
    )
    d.add_argument("file", metavar="FILE", nargs="?")
    common(d)
    d.set_defaults(func=cmd_district_audit)
    d = dsub.add_parser("conflict", help=_("accept, reject or settle a conflict"))
    d.add_argument("action", choices=CONFLICT_ACTIONS, metavar="ACTION", help=_("accept, reject or settle"))
    d.add_argument("conflict", metavar="CONFLICT", help=_("conflict id or its first characters"))
    d.add_argument("--by", required=True, metavar="NAME", help=_("who decides"))
    d.add_argument("--reason", required=True, metavar="TEXT", help=_("why"))
    common(d)
    d.set_defaults(func=cmd_district_conflict)
    d = dsub.add_parser("moves", help=_("residents who moved between okrugs, linked by the IIN"))
    common(d)
    d.set_defaults(func=cmd_district_moves)
    sync_net.add_district(dsub, common)


# -- okrug side ---------------------------------------------------------------------------------


def cmd_bundle_export(args) -> int:
    with cli_store(args) as store:
        result = ex.export_bundle(store, Path(args.out), seal=False if args.no_seal else True)
        queued = netq.after_export(store, result)
    kind = _("full") if result.full else _("changes only")
    print(
        _("Bundle number {seq} ({kind}) written to {path}: {size} bytes, SHA-256 {digest}.").format(
            seq=result.seq, kind=kind, path=result.path, size=format_number(result.size), digest=result.sha256
        )
    )
    if result.sealed:
        print(_("Personal data is sealed to the district key."))
    else:
        print(
            _(
                "WARNING: personal data is NOT sealed: anyone who holds {path} can read every name and IIN "
                "in it. Hand it over in person and delete the copies afterwards."
            ).format(path=result.path)
        )
    if result.resent:
        print(
            _("Records sent again because the district has not taken them yet: {count}.").format(
                count=format_number(result.resent)
            )
        )
    for name, count in result.counts.items():
        print(f"  {kind_label(name)}: {format_number(count)}")
    if queued:
        print(_("The bundle also waits in the outbox for the district service."))
    return 0


def cmd_bundle_key(args) -> int:
    with cli_store(args) as store:
        key = ex.export_public_key(store, Path(args.out))
    print(_("Public key of okrug {okrug} written to {path}.").format(okrug=key.okrug_name, path=args.out))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=key.fingerprint))
    return 0


def cmd_bundle_district_key(args) -> int:
    with cli_store(args) as store:
        key = ex.import_district_key(store, Path(args.file), fingerprint=args.fingerprint)
    print(
        _("District key registered: {name}, fingerprint {fingerprint}.").format(
            name=key.name, fingerprint=key.fingerprint
        )
    )
    if args.fingerprint:
        print(_("The fingerprint matches the one the district read to you."))
    else:
        print(
            _(
                "Compare this fingerprint with the district by telephone, or import the file again "
                "with --fingerprint as they read it."
            )
        )
    return 0


def cmd_bundle_receipt(args) -> int:
    with cli_store(args) as store:
        marked = receipts.import_receipt(store, Path(args.file))
    if marked:
        print(_("The district acknowledged bundles {numbers}.").format(numbers=", ".join(map(str, marked))))
    else:
        print(_("The receipt acknowledges no new bundle."))
    return 0


def cmd_bundle_status(args) -> int:
    with cli_store(args) as store:
        status = ex.sync_status(store)
        network = sync_net.queue_lines(netq.queue_status(store))
    print(_("Okrug key fingerprint: {fingerprint}").format(fingerprint=status.key_fingerprint))
    if status.district_fingerprint:
        print(
            _("District key: {name}, fingerprint {fingerprint}").format(
                name=status.district_name, fingerprint=status.district_fingerprint
            )
        )
        if not status.district_key_confirmed:
            print(_("  not yet confirmed by its fingerprint over the telephone"))
    else:
        print(_("No district key is registered yet: bundles cannot be sealed."))
    print(
        _("Register changes not yet acknowledged: {count}").format(
            count=format_number(status.pending_register_changes)
        )
    )
    for e in status.exports:
        acked = format_datetime(e.acked_at) if e.acked_at else _("not acknowledged")
        sealed = _("sealed") if e.sealed else _("not sealed")
        print(f"  #{e.seq}\t{format_datetime(e.created_at)}\t{e.file_name}\t{sealed}\t{acked}")
    if status.verdicts:
        print(_("The district's answers on what the bundles carried:"))
    for v in status.verdicts:
        print("  " + verdict_text(v))
    for line in network:
        print(line)
    return 0


# -- district side ------------------------------------------------------------------------------


def _data_dir(args) -> Path:
    return ensure_writable(resolve_data_dir(args.data_dir))


class _Login:
    """Who runs a district command: the operator logged in to the data folder, its data key and folder."""

    def __init__(self, operator, key, data_dir):
        self.operator, self.key, self.data_dir = operator, key, data_dir

    def seal(self):
        """What seals the district's private key files: a key derived from the data key (None: plain)."""
        return keystore.KeySeal.from_data_key(self.key) if self.key is not None else None


def _login(args, right: str = "district.read") -> _Login:
    """Log in to the data folder (as every command does) and check ``right``; the folder's store is
    closed again, the district store is another database."""
    from zhoob_desktop.services.security import roles

    with cli_store(args) as store:
        login = _Login(store.operator, store.key, store.data_dir)
        refused = roles.denial(login.operator, right)
        if refused is not None:
            raise refused
        if getattr(args, "keys", None):
            # A key folder given with --keys (the data folder's own is sealed at log-in): its plain key
            # files are sealed now, their copies kept in the encrypted store.
            _sealed, problems = keystore.seal_plain_files(
                Path(args.keys), keystore.store_seal(store), prefix=str(Path(args.keys).resolve()) + "/"
            )
            for problem in problems:
                print(problem, file=sys.stderr)
            keystore.keep_copies(store, Path(args.keys))  # a copy of each key, for `zhoob keys restore`
    args.zhoob_login = login
    return login


def _db(args):
    login = _login(args)
    return district_db.open_district(args.db or (_data_dir(args) / district_db.DEFAULT_DB_NAME), store=login)


def _keys(args):
    """The district's private keys, sealed with the logged-in data folder's key."""
    login = getattr(args, "zhoob_login", None) or _login(args)
    folder = Path(args.keys) if args.keys else _data_dir(args) / DISTRICT_KEYS_DIR
    return keystore.DistrictKeys(folder, getattr(args, "name", "") or "", seal=login.seal()).ensure()


def cmd_district_import(args) -> int:
    dstore = _db(args)
    keys = _keys(args)
    try:
        outcomes = many.import_many(dstore, [Path(f) for f in args.files], keys)
    finally:
        dstore.close()
    for outcome in outcomes:
        if outcome.result is None:
            line = (
                outcome.message if outcome.already else _("REJECTED: {reason}").format(reason=outcome.message)
            )
            print(line, file=sys.stdout if outcome.already else sys.stderr)
            continue
        result = outcome.result
        print(
            _("Imported {path}: bundle number {seq} of okrug {okrug}.").format(
                path=outcome.path, seq=result.seq, okrug=result.okrug_name
            )
        )
        for line in many.result_lines(result):
            print(line)
    if len(outcomes) > 1:
        for line in many.summary_lines(outcomes):
            print(line, file=sys.stderr if any(o.refused for o in outcomes) else sys.stdout)
    return 4 if any(o.refused for o in outcomes) else 0


def cmd_district_register(args) -> int:
    dstore = _db(args)
    try:
        reg = dist.register_okrug(dstore, Path(args.file), replace=args.replace)
    finally:
        dstore.close()
    print(
        _("Okrug {okrug} registered with key fingerprint {fingerprint}.").format(
            okrug=reg.name, fingerprint=reg.fingerprint
        )
    )
    if reg.replaced:
        print(
            _(
                "The okrug's previous key (fingerprint {fingerprint}) was replaced; the change is recorded."
            ).format(fingerprint=reg.old_fingerprint)
        )
    return 0


def _find_okrug(dstore, text: str) -> uuid.UUID:
    rows = ov.district_overview(dstore).okrugs
    for row in rows:
        if str(row.okrug_id) == text or row.name == text:
            return row.okrug_id
    raise receipts.OkrugUnknown(okrug_id=text)


def cmd_district_receipt(args) -> int:
    dstore = _db(args)
    try:
        info = receipts.make_receipt(dstore, _keys(args), _find_okrug(dstore, args.okrug), Path(args.out))
    finally:
        dstore.close()
    print(
        _("Receipt for okrug {okrug} written to {path}: {count} bundles.").format(
            okrug=info.okrug_name, path=args.out, count=len(info.bundles)
        )
    )
    return 0


def cmd_district_key(args) -> int:
    _login(args, "district.write")
    keys = _keys(args)
    data = keys.public()
    from zhoob_desktop.services.sync.atomic import write_atomic

    write_atomic(Path(args.out), data.to_json())
    print(
        _("District key written to {path}; fingerprint {fingerprint}.").format(
            path=args.out, fingerprint=data.fingerprint
        )
    )
    return 0


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def cmd_district_overview(args) -> int:
    dstore = _db(args)
    try:
        o = ov.district_overview(dstore)
    finally:
        dstore.close()
    if not o.okrugs:
        print(_("No okrug is registered yet."))
        return 0
    for r in o.okrugs:
        last = format_datetime(r.last_created_at) if r.last_created_at else "—"
        print(
            _(
                "{okrug}: bundles {bundles} (last number {seq}, made {made}); residents {residents}; "
                "sittings {sittings}, quorum met in {quorum}; decisions {decisions}; "
                "protocols to open {protocols}; conflicts {conflicts}"
            ).format(
                okrug=r.name,
                bundles=r.bundles,
                seq=r.last_seq or "—",
                made=last,
                residents=format_number(r.residents),
                sittings=r.sittings,
                quorum=_pct(r.quorum_rate),
                decisions=r.decisions,
                protocols=r.protocols_to_open,
                conflicts=r.conflicts,
            )
        )
    if o.quarters:
        print(_("Sittings per quarter:"))
        for q in o.quarters:
            print(
                _("  {okrug}, {year} quarter {quarter}: {sittings} sittings, {quorum} with quorum").format(
                    okrug=q.okrug_name,
                    year=q.year,
                    quarter=q.quarter,
                    sittings=q.sittings,
                    quorum=q.with_quorum,
                )
            )
    if o.decision_states:
        print(
            _("Decisions by state: {states}").format(
                states=", ".join(f"{state_label(k)} {v}" for k, v in sorted(o.decision_states.items()))
            )
        )
    unopened = [p for p in o.protocols if p.opened_at is None]
    if unopened:
        print(_("Protocols to open: {count}").format(count=len(unopened)))
    _print_representation(args)
    return 0


def _print_representation(args) -> None:
    """Per okrug: each village's representatives (or none), and the initiatives waiting for a decision."""
    from zhoob_desktop.services.sync.representation_part import representation_overview

    dstore = _db(args)
    try:
        rows = representation_overview(dstore)
    finally:
        dstore.close()
    for o in rows:
        if not o.units and not o.initiatives:
            continue
        print(_("{okrug}: representatives elected at separate gatherings").format(okrug=o.name))
        for u in o.units:
            name = f"{u.settlement}, {u.name}" if u.settlement else u.name
            if u.elected:
                print(f"  {name}: {len(u.elected)}" + (f"/{u.quota}" if u.quota is not None else ""))
            elif u.quota is not None:
                print(
                    _("  {village}: no representatives elected ({due} due)").format(village=name, due=u.quota)
                )
            else:
                print(_("  {village}: no representatives elected").format(village=name))
        for p in o.initiatives:
            print(
                _("  initiative ({status}): {title}, {count} signatures").format(
                    status=_("filed, waiting for the decision")
                    if p.status == "filed"
                    else _("collecting signatures"),
                    title=p.title,
                    count=p.signatures,
                )
            )


def cmd_district_conflicts(args) -> int:
    dstore = _db(args)
    try:
        okrug = _find_okrug(dstore, args.okrug) if args.okrug else None
        rows = dist.list_conflicts(dstore, okrug, include_resolved=args.all)
    finally:
        dstore.close()
    waiting = [c for c in rows if c.status == "open"]
    if not waiting:
        print(_("No conflicts wait for a decision."))
    for c in rows:
        what = conflict_text(c.kind, c.entity, c.subject or c.record_id, c.detail)
        print(
            f"{str(c.id)[:8]}\t{status_label(c.status)}\t{format_datetime(c.detected_at)}\t"
            f"{c.okrug_name}\t#{c.bundle_seq}\t{what}"
        )
        if c.resolved_at is not None:
            print("\t" + decision_text(c.status, c.resolved_by, c.resolved_at, c.resolution))
    return 1 if waiting else 0


def cmd_district_conflict(args) -> int:
    dstore = _db(args)
    try:
        row = conflicts.resolve(dstore, args.conflict, args.action, by=args.by, reason=args.reason)
    finally:
        dstore.close()
    print(
        _("Conflict {id} ({what}) is {status}.").format(
            id=str(row.id)[:8],
            what=conflict_text(row.kind, row.entity, row.subject or row.record_id, row.detail),
            status=status_label(row.status),
        )
    )
    print(decision_text(row.status, row.resolved_by, row.resolved_at, row.resolution))
    return 0


def cmd_district_moves(args) -> int:
    dstore = _db(args)
    try:
        moves = ov.list_moves(dstore)
    finally:
        dstore.close()
    if not moves:
        print(_("No resident has moved between okrugs."))
    for m in moves:
        print(
            _("{iin}: left {from_okrug} on {left_on}, registered in {to_okrug} on {registered_on}").format(
                iin=m.iin,
                from_okrug=m.from_okrug,
                left_on=format_date(m.left_on, "short") if m.left_on else "—",
                to_okrug=m.to_okrug,
                registered_on=format_date(m.registered_on, "short") if m.registered_on else "—",
            )
        )
    return 0


__all__ = ["SyncError", "register"]


def cmd_district_audit(args) -> int:
    """The audit carried by a bundle: its chain verified, then listed by operator and kind."""
    from collections import Counter

    from zhoob_desktop.services.security.audit import KIND_NAMES
    from zhoob_desktop.services.sync import audit_part

    if not args.file:
        return _district_store_audit(args)
    _login(args)
    keys = _keys(args)
    items = audit_part.bundle_audit(Path(args.file), keys.seal_private)
    per: dict[str, Counter] = {}
    for item in items:
        per.setdefault(item.get("operator") or "-", Counter())[item["kind"]] += 1
    print(_("The audit is intact: {count} entries.").format(count=len(items)))
    for who, kinds in per.items():
        print(who)
        for kind, count in sorted(kinds.items()):
            print(f"    {_(KIND_NAMES.get(kind, kind))}: {count}")
    return 0


def _district_store_audit(args) -> int:
    """The district store's own audit: each bundle imported and okrug registered, with its operator."""
    from datetime import datetime

    from zhoob_desktop.services.i18n import format_datetime
    from zhoob_desktop.services.security import audit

    dstore = _db(args)
    try:
        count = audit.verify(dstore)
        items = audit.entries(dstore)
    finally:
        dstore.close()
    print(_("The audit is intact: {count} entries.").format(count=count))
    for item in items:
        when = format_datetime(datetime.fromisoformat(item.at))
        detail = ", ".join(f"{k}={v}" for k, v in item.detail.items() if k in ("seq", "file", "fingerprint"))
        kind = _(audit.KIND_NAMES.get(item.kind, item.kind))
        print(f"{item.seq}\t{when}\t{item.operator or '-'}\t{kind}\t{detail}")
    return 0
