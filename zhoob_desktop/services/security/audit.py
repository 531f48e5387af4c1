"""Who did what: every write to the records that matter is checked against the operator's
rights and entered in a hash-chained audit, in the same transaction as the write.

The hook sits on the store's engine (``install_guard``), below every service:
the ORM's flushes and the journal's own inserts pass through it alike, so a
service added later is audited without knowing it. One audit entry sums up one
statement: a journal event, a register change, or an import of 50,000 rows as
one entry with its count. The entries carry ids, never personal data.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, event, insert, select, text
from sqlalchemy.sql.dml import Delete, Insert, Update
from sqlalchemy.sql.elements import TextClause

from zhoob_desktop.models.security import AuditEvent
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.security import roles

# The store is passed in (``services.store`` imports this package, not the other way round).
Store = Any

GENESIS = "0" * 64
CHAIN_LOCK = 0x7A686F6F62  # PostgreSQL's advisory lock on the end of the audit chain

#: Audit kinds written by the hook, per table: what an insert (or update) there means.
KINDS = {
    "sitting_event": "journal.event",
    "register_change": "register.change",
    "issued_document": "paper.finalised",
    "sync_export": "bundle.exported",
    "decision_step": "decision.step",
    "monitoring_report": "monitoring.report",
    "sitting": "sitting.prepared",
    "operator": "operator.changed",
    "okrug": "okrug.changed",
    "representation_procedure": "procedure.recorded",
    "initiative": "initiative.changed",
    "initiative_signer": "initiative.signature",
}

#: Kinds recorded by services themselves (not a table write): log-ins, exports, restores.
KIND_NAMES = {
    "journal.event": N_("journal event"),
    "register.change": N_("register change"),
    "paper.finalised": N_("paper finalised"),
    "bundle.exported": N_("bundle exported"),
    "bundle.imported": N_("bundle imported"),
    "okrug.registered": N_("okrug registered at the district"),
    "decision.step": N_("decision step"),
    "monitoring.report": N_("monitoring report"),
    "sitting.prepared": N_("sitting prepared"),
    "operator.changed": N_("operator changed"),
    "okrug.changed": N_("okrug details changed"),
    "procedure.recorded": N_("procedure of separate gatherings recorded"),
    "initiative.changed": N_("members' initiative changed"),
    "initiative.signature": N_("initiative signature entered"),
    "login": N_("log-in"),
    "login.recovery": N_("log-in with the recovery key"),
    "lock": N_("window locked"),
    "unlock": N_("window unlocked"),
    "register.exported": N_("register exported"),
    "backup.restored": N_("backup restored"),
    "store.encrypted": N_("data folder encrypted"),
    "passphrase.changed": N_("passphrase changed"),
    "recovery.renewed": N_("recovery key renewed"),
    "settings.idle": N_("idle lock changed"),
    "pin.set": N_("PIN set"),
    "pin.cleared": N_("PIN removed"),
    "pin.blocked": N_("PIN turned off after wrong tries"),
    "keys.sealed": N_("private key files sealed"),
    "keys.restored": N_("private key file restored from its copy"),
    "recovery.confirmed": N_("recovery key written down (confirmed)"),
}

#: Why a window was locked (``lock`` and ``unlock`` entries, ``detail["reason"]``).
LOCK_IDLE = "idle"
LOCK_NOW = "lock-now"
LOCK_REASONS = {
    LOCK_IDLE: N_("after {minutes} minutes without use"),
    LOCK_NOW: N_("the Lock now command"),
}
#: How a person proved who they are (``login`` and ``unlock`` entries, ``detail["with"]``).
UNLOCK_PIN = "pin"
UNLOCK_PASSPHRASE = "passphrase"
UNLOCK_RECOVERY = "recovery"
UNLOCK_METHODS = {
    UNLOCK_PIN: N_("with the PIN"),
    UNLOCK_PASSPHRASE: N_("with the passphrase"),
    UNLOCK_RECOVERY: N_("with the recovery key"),
}


class AuditChainBroken(ZhoobError):
    template = N_("The audit is broken at entry {seq}: {detail}.")

    def message(self, gettext=None) -> str:
        from zhoob_desktop.services.i18n import _

        tr = gettext or _
        return tr(self.template).format(
            seq=self.params.get("seq"), detail=tr(str(self.params.get("detail", "")))
        )


PREVIOUS_MISMATCH = N_("it does not name the hash of the entry before it")
HASH_MISMATCH = N_("its hash does not match its contents (it was edited)")
SEQ_MISMATCH = N_("its number does not follow the entry before it")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    id: str
    at: str
    operator_id: str
    operator: str
    kind: str
    target: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "id": self.id,
            "at": self.at,
            "operator_id": self.operator_id,
            "operator": self.operator,
            "kind": self.kind,
            "target": self.target,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 of the previous hash and the entry's fields as canonical JSON."""
    body = json.dumps(
        {k: fields[k] for k in ("id", "at", "operator_id", "operator", "kind", "target", "detail")},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def append(
    conn: Connection, operator: roles.OperatorInfo | None, kind: str, target: str = "", detail=None
) -> str:
    """Add one entry at the end of the chain, in the connection's transaction; returns its hash.

    On PostgreSQL several transactions may write at once (the district service imports several okrugs'
    bundles in parallel): each takes the chain's end in turn, holding it until it commits, and numbers
    its entry itself, so that the chain never forks and a transaction rolled back leaves no gap."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    last = conn.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    prev = last.hash if last is not None else None
    fields = {
        "id": str(uuid.uuid4()),
        "at": _now(),
        "operator_id": operator.id if operator else "",
        "operator": operator.label if operator else "",
        "kind": kind,
        "target": str(target or "")[:100],
        "detail": _plain(detail or {}),
    }
    digest = entry_hash(prev or GENESIS, fields)
    conn.execute(
        insert(AuditEvent).values(
            seq=(last.seq if last is not None else 0) + 1,
            id=uuid.UUID(fields["id"]),
            prev_hash=prev or GENESIS,
            hash=digest,
            **{k: v for k, v in fields.items() if k != "id"},
        )
    )
    return digest


def record(store: Store, kind: str, target: str = "", detail: dict[str, Any] | None = None) -> None:
    """Enter an action that is not a table write (a log-in, an export with its reason) in the audit."""
    with store.engine.begin() as conn:
        append(conn, getattr(store, "operator", None), kind, target, detail)


def _plain(value):
    return json.loads(json.dumps(value, default=str))


# --- the hook on the engine ----------------------------------------------------------------


def _table_of(statement) -> str | None:
    if isinstance(statement, Insert | Update | Delete):
        table = statement.table
        return getattr(table, "name", None)
    return None


#: Every column ``_summary`` reads.
_SUMMARY_COLUMNS = frozenset(
    ("sitting_id", "seq", "type", "entity", "entity_id", "action", "id", "decision_id", "kind", "number", "step",
     "role", "login")
)  # fmt: skip


def _summary(table: str, rows: list[dict[str, Any]], verb: str) -> tuple[str, dict[str, Any]]:
    """The target and detail of one audit entry for a statement on ``table`` with ``rows``."""
    return _summary_of(table, len(rows), lambda column: [r.get(column) for r in rows], verb)


def _summary_of(
    table: str, count: int, values: Callable[[str], list[Any]], verb: str
) -> tuple[str, dict[str, Any]]:
    """``_summary`` of ``count`` rows whose values of a column ``values(column)`` gives, in order
    (None where a row has no such column): a bulk insert's rows are read column by column."""
    detail: dict[str, Any] = {"count": count}
    if verb != "insert":
        detail["action"] = verb
    target = ""
    if table == "sitting_event":
        target = str(values("sitting_id")[0] or "") if count else ""
        seqs = [int(v) for v in values("seq") if v is not None]
        if seqs:
            detail["from_seq"], detail["to_seq"] = min(seqs), max(seqs)
        detail["types"] = dict(Counter(map(str, values("type"))))
    elif table == "register_change":
        entity_ids = values("entity_id") if count == 1 else None
        detail["entities"] = dict(Counter(map(str, values("entity"))))
        detail["actions"] = dict(Counter(map(str, values("action"))))
        if entity_ids is not None:
            target = str(entity_ids[0] or "")
    elif count:
        for key in ("id", "sitting_id", "decision_id"):
            first = values(key)[0]
            if first is not None and count == 1:
                target = str(first)
                break
        for key in ("kind", "number", "step", "role", "login"):
            first = values(key)[0] if count == 1 else None
            if first is not None:
                detail[key] = str(first)
    return target, detail


def install_guard(store: Store) -> None:
    """Check rights before, and audit after, every write statement on the store's engine."""

    def before(conn, clauseelement, multiparams, params, execution_options):
        table = _table_of(clauseelement)
        if table is None:
            return
        right = roles.TABLE_RIGHTS.get(table)
        if right is not None:
            roles.require(store, right)

    def after(conn, clauseelement, multiparams, params, execution_options, result):
        table = _table_of(clauseelement)
        kind = KINDS.get(table or "")
        if kind is None:
            return
        verb = (
            "insert"
            if isinstance(clauseelement, Insert)
            else "update"
            if isinstance(clauseelement, Update)
            else "delete"
        )
        if table == "sitting_event" and verb != "insert":
            return
        try:
            rows = [dict(p) for p in result.context.compiled_parameters]
        except AttributeError:
            rows = [dict(params or {})]
        rows = [{_bare(k): v for k, v in r.items()} for r in rows]
        target, detail = _summary(table, rows, verb)
        append(conn, store.operator, kind, target, detail)

    # Statements given as SQL text (the register's fast bulk inserts) pass only the cursor hooks.
    def before_text(conn, cursor, statement, parameters, context, executemany):
        if _as_text(context):
            parsed = _parse_dml(statement)
            if parsed is not None and parsed[1] in roles.TABLE_RIGHTS:
                roles.require(store, roles.TABLE_RIGHTS[parsed[1]])

    def after_text(conn, cursor, statement, parameters, context, executemany):
        if not _as_text(context):
            return
        parsed = _parse_dml(statement)
        if parsed is None or parsed[1] not in KINDS:
            return
        verb, table, columns = parsed
        params = parameters if executemany else [parameters]
        # Read column by column: an import's 50,000 change-log rows would otherwise each become a
        # dict (of every column, JSON text and all, before only the summary's columns were kept).
        position = {c: i for i, c in enumerate(columns) if c in _SUMMARY_COLUMNS}

        def values(column: str) -> list[Any]:
            i = position.get(column)
            if i is not None:
                try:
                    return [p[i] for p in params]  # the usual rows: tuples in the columns' order
                except (IndexError, KeyError, TypeError):
                    pass
            return [
                p.get(column) if isinstance(p, dict) else p[i] if i is not None and i < len(p) else None
                for p in params
            ]

        target, detail = _summary_of(table, len(params), values, verb)
        append(conn, store.operator, KINDS[table], target, detail)

    event.listen(store.engine, "before_execute", before)
    event.listen(store.engine, "after_execute", after)
    event.listen(store.engine, "before_cursor_execute", before_text)
    event.listen(store.engine, "after_cursor_execute", after_text)


#: What the district store's audit records, by table written.
DISTRICT_KINDS = {"district_bundle": "bundle.imported", "district_okrug": "okrug.registered"}


def install_district_guard(dstore) -> None:
    """The district store's rights and audit: every write needs the right to import; each bundle
    imported and each okrug registered (or its key replaced) is entered in the district store's own
    audit with the operator, in the same transaction."""

    def before(conn, clauseelement, multiparams, params, execution_options):
        table = _table_of(clauseelement)
        if table is not None and table != "audit_event":
            roles.require(dstore, roles.DISTRICT_WRITE)

    def after(conn, clauseelement, multiparams, params, execution_options, result):
        kind = DISTRICT_KINDS.get(_table_of(clauseelement) or "")
        if kind is None or isinstance(clauseelement, Delete):
            return
        try:
            rows = [dict(p) for p in result.context.compiled_parameters]
        except AttributeError:
            rows = [dict(params or {})]
        for row in rows:
            if kind == "bundle.imported":
                target = str(row.get("id") or "")
                detail = {"okrug_id": str(row.get("okrug_id") or ""), "seq": row.get("seq")}
                detail["file"] = str(row.get("file_name") or "")
            else:
                target = str(row.get("id") or row.get("id_1") or "")
                detail = {"fingerprint": str(row.get("fingerprint") or "")}
            append(conn, dstore.operator, kind, target, detail)

    def before_text(conn, cursor, statement, parameters, context, executemany):
        if _as_text(context):
            parsed = _parse_dml(statement)
            if parsed is not None and parsed[1] != "audit_event":
                roles.require(dstore, roles.DISTRICT_WRITE)

    event.listen(dstore.engine, "before_execute", before)
    event.listen(dstore.engine, "after_execute", after)
    event.listen(dstore.engine, "before_cursor_execute", before_text)


def _as_text(context) -> bool:
    """Whether a statement reached the cursor as SQL text (the driver's own, or ``text()``), which the
    statement hooks cannot read: its table is then read from the SQL itself."""
    if context is None:
        return False
    compiled = context.compiled
    return compiled is None or isinstance(getattr(compiled, "statement", None), TextClause)


_DML = re.compile(
    r'^\s*(INSERT|UPDATE|DELETE)\s+(?:OR\s+\w+\s+)?(?:INTO\s+|FROM\s+)?"?(\w+)"?\s*(?:\(([^)]*)\))?',
    re.IGNORECASE,
)


def _parse_dml(statement: str) -> tuple[str, str, list[str]] | None:
    """(verb, table, columns) of an INSERT/UPDATE/DELETE given as text; None for anything else."""
    m = _DML.match(statement)
    if m is None:
        return None
    columns = [c.strip().strip('"') for c in (m.group(3) or "").split(",") if c.strip()]
    return m.group(1).lower(), m.group(2), columns


def _bare(key: str) -> str:
    # Update statements name parameters like "seq_1" or "param_1"; the column names are what we read.
    return key


# --- reading and verifying -----------------------------------------------------------------


def entry_of(row: AuditEvent) -> AuditEntry:
    return AuditEntry(
        row.seq,
        str(row.id),
        row.at,
        row.operator_id,
        row.operator,
        row.kind,
        row.target,
        dict(row.detail or {}),
        row.prev_hash,
        row.hash,
    )


def entries(
    store,
    *,
    operator: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
    target: str | None = None,
    after_seq: int = 0,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Audit entries, oldest first; ``operator`` matches an id prefix or part of the name,
    ``target`` the beginning of what an entry concerns (a sitting's id: every event of its journal)."""
    roles.require(store, "audit.read")
    stmt = select(AuditEvent).where(AuditEvent.seq > after_seq).order_by(AuditEvent.seq)
    if operator:
        # SQLite's lower() knows only Latin letters: the names (Kazakh, Russian) are matched here
        wanted = operator.strip().casefold()
        names = {
            (op_id, name)
            for op_id, name in _session_rows(
                store, select(AuditEvent.operator_id, AuditEvent.operator).distinct()
            )
        }
        ids = sorted(
            {op_id for op_id, name in names if op_id.startswith(wanted) or wanted in name.casefold()}
        )
        stmt = stmt.where(AuditEvent.operator_id.in_(ids))
    if kind:
        stmt = stmt.where(AuditEvent.kind.startswith(kind))
    if target:
        stmt = stmt.where(AuditEvent.target.startswith(target.strip().lower()))
    if since:
        stmt = stmt.where(AuditEvent.at >= since)
    if until:
        stmt = stmt.where(AuditEvent.at < until)
    if limit:
        stmt = stmt.limit(limit)
    with store.session() as s:
        return [entry_of(row) for row in s.scalars(stmt)]


def _session_rows(store, stmt) -> list:
    with store.session() as s:
        return list(s.execute(stmt))


def verify_chain(items: list[dict[str, Any]], prev: str = GENESIS) -> str:
    """Check a chain of entries (as JSON); returns the last hash or raises ``AuditChainBroken``."""
    expected_seq = None
    for item in items:
        seq = item.get("seq")
        if (
            not isinstance(seq, int)
            or isinstance(seq, bool)
            or (expected_seq is not None and seq != expected_seq)
        ):
            raise AuditChainBroken(seq=seq if isinstance(seq, int) else "?", detail=SEQ_MISMATCH)
        expected_seq = seq + 1
        if item.get("prev_hash") != prev:
            raise AuditChainBroken(seq=item.get("seq"), detail=PREVIOUS_MISMATCH)
        if entry_hash(prev, item) != item.get("hash"):
            raise AuditChainBroken(seq=item.get("seq"), detail=HASH_MISMATCH)
        prev = item["hash"]
    return prev


def verify(store) -> int:
    """Verify the whole audit of the store; returns the number of entries."""
    with store.session() as s:
        items = [entry_of(row).to_json() for row in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
    verify_chain(items)
    return len(items)


def summary_by_operator(items: list[AuditEntry]) -> dict[str, Counter]:
    """For each operator, how many entries of each kind."""
    out: dict[str, Counter] = {}
    for item in items:
        out.setdefault(item.operator or "-", Counter())[item.kind] += 1
    return out


def describe(kind: str, detail: dict[str, Any]) -> str:
    """An entry's detail in words (the Audit page and ``zhoob audit``): event numbers, counts, the
    export's reason, the operator's role, why a window was locked and how it was unlocked."""
    from zhoob_desktop.services import i18n
    from zhoob_desktop.services.i18n import _

    parts: list[str] = []
    first, last = detail.get("from_seq"), detail.get("to_seq")
    if first is not None:
        parts.append(
            _("event {first}").format(first=first)
            if first == last
            else _("events {first}–{last}").format(first=first, last=last)
        )
    elif kind == "register.exported":
        parts.append(
            _("{count} residents, reason: {reason}").format(
                count=detail.get("count"), reason=detail.get("reason", "")
            )
        )
    elif isinstance(detail.get("count"), int) and detail["count"] != 1:
        parts.append(_("{count} records").format(count=i18n.format_number(detail["count"])))
    reason = detail.get("reason")
    if kind in ("lock", "unlock") and reason in LOCK_REASONS:
        minutes = detail.get("minutes")
        text = _(LOCK_REASONS[reason]).format(
            minutes=f"{minutes:g}" if isinstance(minutes, int | float) else "?"
        )
        if detail.get("waited_for_countdown"):
            text += " " + _("(it waited for the speech countdown to end)")
        parts.append(_("locked: {why}").format(why=text) if kind == "unlock" else text)
    how = detail.get("with")
    if kind in ("login", "login.recovery", "unlock") and how in UNLOCK_METHODS:
        parts.insert(0, _(UNLOCK_METHODS[how]))
    if detail.get("login"):
        role = detail.get("role")
        parts.append(
            f"{detail['login']} ({_(roles.ROLE_NAMES[role])})"
            if role in roles.ROLE_NAMES
            else detail["login"]
        )
    if detail.get("number"):
        parts.append(_("No. {number}").format(number=detail["number"]))
    if detail.get("files") and isinstance(detail["files"], list):
        parts.append(", ".join(str(f) for f in detail["files"]))
    return "; ".join(parts)


Clock = Callable[[], datetime]
