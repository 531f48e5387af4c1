"""The okrug's send queue: bundles wait in the outbox and go to the district when it can be reached.

A round (``run_round``): say hello; write a bundle when something changed
since the last one (sealed, like every bundle; none while another still
waits); send each waiting bundle, resuming where the service stands; take the
district's receipt (the acknowledgement, the district's answers on conflicts
and refused records, its akim's decisions on disagreements). A connection that
drops or stalls is tried again within the round after 1, 2, 4 ... 30 seconds
(after about a second, not counted, when the try carried part of a bundle before
the drop: a poor link still delivers, piece by piece);
a round that still fails is tried again after 1, 2, 4 ... 60 minutes. Nothing
is sent while a sitting is live unless asked (``force``): the laptop in the
hall serves the sitting first.

Bundles written for a USB stick while the service is set up wait in the
outbox too: whichever reaches the district first is imported, the other is
"already imported", and the district's store is the same either way.
"""

from __future__ import annotations

import json
import random
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.netsync import SyncOutbox
from zhoob_desktop.models.register import RegisterChange
from zhoob_desktop.models.sync import SyncExport
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.files import private_dir
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync import receipts
from zhoob_desktop.services.sync.errors import SyncError
from zhoob_desktop.services.sync.net import client as net
from zhoob_desktop.services.sync.net.tls import bare, read_certificate

LINK_SETTING = "sync.link"
STATE_SETTING = "sync.link.state"
OUTBOX_DIR = "outbox"
INTERVAL = timedelta(minutes=10)  # an idle laptop asks the district for news this often
RESEND_EVERY = timedelta(days=1)  # records the district has not taken go again at most this often
RETRY_CAP = 30.0  # seconds between tries within a round
ADVANCING_MAX = 2000  # tries of one round that each carried bytes before the link dropped
ROUND_CAP = 3600.0  # seconds between failed rounds
BUNDLES_PER_ROUND = 3
KEEP_DELIVERED = timedelta(days=30)

Progress = Callable[[int, int, str], None]
_round_locks: dict[str, threading.Lock] = {}  # one round at a time per okrug's data folder
_round_locks_guard = threading.Lock()


def _round_lock(store: Store) -> threading.Lock:
    key = str(Path(store.data_dir).resolve())
    with _round_locks_guard:
        return _round_locks.setdefault(key, threading.Lock())


class LinkMissing(SyncError):
    template = N_(
        "No district service is set up: enter its address and the fingerprint of its certificate "
        "that the district reads to you."
    )


class FingerprintNeeded(SyncError):
    template = N_(
        "The service's certificate is taken from the service itself only with its fingerprint, as the "
        "district reads it to you over the telephone."
    )


class RoundBusy(SyncError):
    template = N_("The bundles are being sent already; wait for it to finish.")


# -- set-up -----------------------------------------------------------------------------------


def link(store: Store) -> net.Link | None:
    data = store.get_setting(LINK_SETTING)
    if not data:
        return None
    return net.Link(data["url"], data["certificate"], data["fingerprint"], bool(data.get("confirmed")),
                    bool(data.get("auto", True)))  # fmt: skip


def set_up(
    store: Store,
    url: str,
    *,
    fingerprint: str | None = None,
    certificate: Path | None = None,
    fetch: Callable[[str], str] = net.fetch_certificate,
) -> net.Link:
    """Remember the district service: its address and its certificate, pinned by fingerprint.

    With ``certificate`` (a file from the district) the fingerprint is checked
    when given, and the link marked confirmed then; without it the certificate
    is taken from the service itself, and only with the fingerprint.
    """
    address = net.normal_url(url)
    if certificate is not None:
        pem = read_certificate(Path(certificate))
        if fingerprint:
            found = net.check_pin(pem, fingerprint)
        else:
            from zhoob_desktop.services.sync.net.tls import fingerprint_of, pem_to_der

            found = fingerprint_of(pem_to_der(pem, str(certificate)))
    else:
        if not fingerprint:
            raise FingerprintNeeded()
        pem = fetch(address)
        found = net.check_pin(pem, fingerprint)
    held = link(store)
    auto = held.auto if held is not None else True
    confirmed = bool(fingerprint)
    store.set_setting(
        LINK_SETTING,
        {"url": address, "certificate": pem, "fingerprint": found, "confirmed": confirmed, "auto": auto},
    )
    return net.Link(address, pem, found, confirmed, auto)


def set_auto(store: Store, on: bool) -> None:
    """Send by itself when the district can be reached (on), or only when asked (off)."""
    data = store.get_setting(LINK_SETTING)
    if not data:
        raise LinkMissing()
    store.set_setting(LINK_SETTING, {**data, "auto": bool(on)})


def _state(store: Store) -> dict[str, Any]:
    return dict(store.get_setting(STATE_SETTING) or {})


def _save_state(store: Store, **changes: Any) -> dict[str, Any]:
    state = {**_state(store), **changes}
    store.set_setting(STATE_SETTING, state)
    return state


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def error_json(exc: ZhoobError) -> dict[str, Any]:
    out: dict[str, Any] = {"template": exc.template, "params": {k: str(v) for k, v in exc.params.items()}}
    if exc.citation:
        out["citation"] = exc.citation
    return out


def error_text(error: dict[str, Any] | None) -> str:
    """A kept error in the current language."""
    if not error:
        return ""
    try:
        text = _(error["template"]).format(**error.get("params", {}))
    except (KeyError, IndexError, ValueError):
        text = str(error.get("template", ""))
    return f"{text} ({_(error['citation'])})" if error.get("citation") else text


# -- the outbox ---------------------------------------------------------------------------------


def outbox_dir(store: Store) -> Path:
    return private_dir(Path(store.data_dir) / OUTBOX_DIR)


def enqueue(store: Store, result: ex.ExportResult) -> None:
    """Put a bundle just written into the outbox (a copy, when it was written elsewhere)."""
    folder = outbox_dir(store)
    target = folder / Path(result.path).name
    if Path(result.path).resolve() != target.resolve():
        target = folder / f"{result.seq:05d}-{Path(result.path).name}"
        shutil.copyfile(result.path, target)
    with store.session() as s:
        if s.get(SyncOutbox, result.bundle_id) is None:
            s.add(
                SyncOutbox(
                    bundle_id=result.bundle_id,
                    seq=result.seq,
                    file=target.name,
                    size=result.size,
                    sha256=result.sha256,
                    state="waiting",
                    attempts=0,
                )
            )


def after_export(store: Store, result: ex.ExportResult) -> bool:
    """A bundle written for a USB stick also waits in the outbox while the service is set up (sealed only)."""
    if link(store) is None or not result.sealed:
        return False
    enqueue(store, result)
    return True


def send_again(store: Store, seq: int) -> None:
    """A bundle the district refused goes again with the next round (after the district fixed the cause)."""
    with store.session() as s:
        row = s.scalars(select(SyncOutbox).where(SyncOutbox.seq == seq)).first()
        if row is not None and row.state == "refused":
            row.state, row.error = "waiting", None


@dataclass(frozen=True)
class OutboxItem:
    seq: int
    bundle_id: uuid.UUID
    file: str
    size: int
    created_at: datetime
    state: str
    attempts: int
    last_attempt_at: datetime | None
    sent_at: datetime | None
    reason: str  # why the district refused it, in the current language


def outbox(store: Store) -> list[OutboxItem]:
    with store.session() as s:
        rows = list(s.scalars(select(SyncOutbox).order_by(SyncOutbox.seq)))
    return [
        OutboxItem(
            r.seq,
            r.bundle_id,
            r.file,
            r.size,
            r.created_at,
            r.state,
            r.attempts,
            r.last_attempt_at,
            r.sent_at,
            error_text(r.error),
        )  # fmt: skip
        for r in rows
    ]


def _prune(store: Store, now: datetime) -> None:
    """Bundles the district acknowledged are delivered; their files leave the outbox after
    ``KEEP_DELIVERED`` (until then they can be carried again by hand if the district's store is lost)."""
    folder = outbox_dir(store)
    with store.session() as s:
        acked = set(s.scalars(select(SyncExport.id).where(SyncExport.acked_at.is_not(None))))
        for row in s.scalars(select(SyncOutbox).where(SyncOutbox.state.in_(("delivered", "waiting")))):
            if row.bundle_id not in acked:
                continue
            if row.state == "waiting":  # it reached the district by another road
                row.state, row.sent_at = "delivered", now
            sent = (
                row.sent_at if row.sent_at is None or row.sent_at.tzinfo else row.sent_at.replace(tzinfo=UTC)
            )
            if sent is not None and now - sent > KEEP_DELIVERED:
                (folder / row.file).unlink(missing_ok=True)


# -- what is due -------------------------------------------------------------------------------


def live_sitting(store: Store):
    """A sitting being held right now (its journal open), or None."""
    from zhoob_desktop.services.meeting.sittings import list_sittings

    live = list_sittings(store, status="live")
    return live[0] if live else None


def _sittings_state(store: Store) -> dict[str, Any]:
    from zhoob_desktop.services.sync.parts import _journal_heads
    from zhoob_desktop.services.sync.records import codec, content_hash

    enc = codec("sitting")
    with store.session() as s:
        rows = {row["id"]: enc.encode(row) for row in s.execute(select(enc.table)).mappings()}
        heads = _journal_heads(s)
    out = {}
    for sid, data in rows.items():
        events, head = heads.get(sid, (0, ""))
        out[str(sid)] = {"row": content_hash(data), "events": events, "head": head}
    return out


def changes_pending(store: Store, now: datetime | None = None) -> bool:
    """Whether the okrug holds something its last bundle did not carry (or records to send again)."""
    from zhoob_desktop.models.decisions import DecisionStep
    from zhoob_desktop.models.documents import IssuedDocument

    with store.session() as s:
        last = s.scalars(select(SyncExport).order_by(SyncExport.seq.desc())).first()
        if last is None:
            return True
        if (s.scalar(select(func.max(RegisterChange.seq))) or 0) > last.register_to:
            return True
        docs = {str(i): d for i, d in s.execute(select(IssuedDocument.id, IssuedDocument.digest))}
        steps = {
            str(d): n
            for d, n in s.execute(
                select(DecisionStep.decision_id, func.max(DecisionStep.seq)).group_by(
                    DecisionStep.decision_id
                )
            )
        }
        last_created = last.created_at
    if docs != dict(last.documents or {}) or steps != {k: int(v) for k, v in (last.decisions or {}).items()}:
        return True
    if _sittings_state(store) != dict(last.sittings or {}):
        return True
    # Records the district has not taken go again, at most once a day, after a receipt newer than the
    # last bundle said so (the other okrug may have marked a departure since...).
    issued = store.get_setting(receipts.RECEIPT_SETTING)
    if issued and any(v.resent for v in ex.list_verdicts(store)):
        created = last_created if last_created.tzinfo else last_created.replace(tzinfo=UTC)
        moment = now or utcnow()
        return datetime.fromisoformat(issued) > created and moment - created >= RESEND_EVERY
    return False


def due(store: Store, now: datetime | None = None) -> bool:
    """Whether the automatic round should run now (set up, sending by itself, its time has come)."""
    lk = link(store)
    if lk is None or not lk.auto:
        return False
    next_at = _when(_state(store).get("next_at"))
    return next_at is None or (now or utcnow()) >= next_at


# -- a round ------------------------------------------------------------------------------------


@dataclass
class RoundResult:
    """What one round did."""

    paused_for: str | None = None  # the live sitting that kept the round from sending
    exported: list[int] = field(default_factory=list)
    delivered: list[tuple[int, str]] = field(default_factory=list)  # (bundle number, "imported"|"already")
    refused: list[tuple[int, str]] = field(default_factory=list)  # (bundle number, why)
    acknowledged: list[int] = field(default_factory=list)
    rulings: int = 0
    error: str = ""
    tries: int = 0

    @property
    def ok(self) -> bool:
        return not self.error and self.paused_for is None


def make_client(store: Store, lk: net.Link, **kw) -> net.DistrictClient:
    from zhoob_desktop.services.okrug import get_okrug

    okrug = get_okrug(store)
    dkey = ex.district_key(store)
    if okrug is None:
        from zhoob_desktop.services.sync.errors import OkrugMissing

        raise OkrugMissing()
    if dkey is None:
        from zhoob_desktop.services.sync.errors import DistrictKeyMissing

        raise DistrictKeyMissing()
    return net.DistrictClient(lk, okrug.id, ex.okrug_keys(store).sign, dkey.sign_key, **kw)


def _waiting(store: Store) -> list[SyncOutbox]:
    with store.session() as s:
        rows = list(
            s.scalars(select(SyncOutbox).where(SyncOutbox.state == "waiting").order_by(SyncOutbox.seq))
        )
        for r in rows:
            s.expunge(r)
    return rows


def _export(
    store: Store, now: Callable[[], datetime], progress: Progress | None, cancelled
) -> ex.ExportResult:
    with store.session() as s:
        last = s.scalar(select(func.max(SyncExport.seq))) or 0
    path = outbox_dir(store) / f"zhoob-bundle-{last + 1:05d}.zip"
    result = ex.export_bundle(store, path, seal=True, progress=progress, cancelled=cancelled, now=now)
    enqueue(store, result)
    return result


def _take(store: Store, receipt: dict[str, Any] | bytes, source: str, result: RoundResult, now) -> None:
    from zhoob_desktop.services.sync.net import rulings

    data = receipt if isinstance(receipt, bytes) else json.dumps(receipt, ensure_ascii=False).encode("utf-8")
    before = sum(1 for r in rulings.received(store) if r.applied_at is not None)
    marked = receipts.take_receipt(store, data, source, now=now)
    result.acknowledged.extend(m for m in marked if m not in result.acknowledged)
    result.rulings = sum(1 for r in rulings.received(store) if r.applied_at is not None) - before
    _save_state(store, last_receipt_at=_iso(now()))
    _prune(store, now())


def _send(
    store: Store,
    client: net.DistrictClient,
    row: SyncOutbox,
    result: RoundResult,
    now: Callable[[], datetime],
    progress: Progress | None,
    cancelled,
) -> None:
    with store.session() as s:
        current = s.get(SyncOutbox, row.bundle_id)
        current.attempts += 1
        current.last_attempt_at = now()
    path = outbox_dir(store) / row.file

    def step(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total, f"bundle:{row.seq}")

    answer = client.upload(path, bundle_id=row.bundle_id, seq=row.seq, size=row.size, sha256=row.sha256,
                           name=row.file, progress=step, cancelled=cancelled)  # fmt: skip
    state = answer.get("state")
    with store.session() as s:
        current = s.get(SyncOutbox, row.bundle_id)
        if state in ("imported", "already"):
            current.state, current.sent_at, current.error = "delivered", now(), None
        else:
            error = answer.get("refusal") or {}
            current.state = "refused"
            current.error = {k: error[k] for k in ("template", "params", "citation", "code") if k in error}
    if state in ("imported", "already"):
        result.delivered.append((row.seq, state))
        _save_state(store, last_sent_at=_iso(now()), last_sent_seq=row.seq)
        if isinstance(answer.get("receipt"), dict):
            _take(store, answer["receipt"], client.url, result, now)
    else:
        result.refused.append((row.seq, error_text(answer.get("refusal"))))


def _work(store, client, force, result, now, progress, cancelled) -> None:
    """One pass: a bundle written when something changed (it waits in the outbox even when the
    district cannot be reached), hello, the waiting bundles sent, the receipt. Raises ``NetError``."""
    sent = False
    for n in range(BUNDLES_PER_ROUND):
        waiting = _waiting(store)
        if not waiting and (force or live_sitting(store) is None) and changes_pending(store, now()):
            made = _export(store, now, progress, cancelled)
            result.exported.append(made.seq)
            waiting = _waiting(store)
        if n == 0:
            client.hello(len(waiting))
            _save_state(store, last_contact_at=_iso(now()))
        if not waiting:
            break
        for row in waiting:
            if not force and (sitting := live_sitting(store)) is not None:
                result.paused_for = sitting.title or str(sitting.scheduled_on)
                return
            _send(store, client, row, result, now, progress, cancelled)
            sent = True
    if not sent:
        _take(store, client.receipt(), client.url, result, now)


def run_round(
    store: Store,
    *,
    force: bool = False,
    client: net.DistrictClient | None = None,
    now: Callable[[], datetime] = utcnow,
    sleep: Callable[[float], None] = time.sleep,
    tries: int = 6,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    rng: random.Random | None = None,
) -> RoundResult:
    """Send what waits and take the district's answers; retried within the round while the link is flaky.

    ``force``: send even while a sitting is live (the person asked for it).
    Never raises for the network: the outcome and the error, if any, are in the
    result and in the status the Sync page shows.
    """
    lk = link(store)
    if lk is None:
        raise LinkMissing()
    lock = _round_lock(store)
    if not lock.acquire(blocking=False):
        raise RoundBusy()
    rng = rng or random.Random()
    result = RoundResult()
    try:
        sitting = live_sitting(store)
        if sitting is not None and not force:
            result.paused_for = sitting.title or str(sitting.scheduled_on)
            _save_state(store, paused_for=result.paused_for, last_round_at=_iso(now()),
                        next_at=_iso(now() + timedelta(minutes=5)))  # fmt: skip
            return result
        own = client is None
        client = client or make_client(store, lk)
        delay, failed = 1.0, 0
        try:
            while True:
                result.tries += 1
                before = getattr(client, "advanced", 0)
                try:
                    _work(store, client, force, result, now, progress, cancelled)
                    result.error = ""
                    break
                except net.NetError as exc:
                    result.error = exc.message()
                    _save_state(store, last_error=error_json(exc))
                    # A try that carried bytes of a bundle before the link dropped is no failure to back
                    # off from: a poor link still delivers, one stretch at a time (up to ADVANCING_MAX).
                    advanced = getattr(client, "advanced", 0) > before and result.tries < ADVANCING_MAX
                    failed = 0 if advanced else failed + 1
                    if not exc.transient or failed >= tries:
                        raise
                    client.close()
                    sleep((1.0 if advanced else min(delay, RETRY_CAP)) * rng.uniform(0.8, 1.2))
                    delay = 1.0 if advanced else delay * 2
        finally:
            if own:
                client.close()
    except ZhoobError as exc:
        result.error = exc.message()
        state = _state(store)
        failures = int(state.get("failures", 0)) + 1
        wait = min(60.0 * 2 ** (failures - 1), ROUND_CAP) * rng.uniform(0.8, 1.2)
        _save_state(store, failures=failures, last_error=error_json(exc), last_round_at=_iso(now()),
                    next_at=_iso(now() + timedelta(seconds=wait)), paused_for=None)  # fmt: skip
        return result
    finally:
        lock.release()
    _save_state(store, failures=0, last_error=None, last_round_at=_iso(now()), paused_for=result.paused_for,
                next_at=_iso(now() + (timedelta(minutes=5) if result.paused_for else INTERVAL)))  # fmt: skip
    return result


# -- the status the Sync page shows --------------------------------------------------------------


@dataclass(frozen=True)
class QueueStatus:
    url: str | None
    fingerprint: str | None
    confirmed: bool
    auto: bool
    last_contact_at: datetime | None
    last_sent_at: datetime | None
    last_sent_seq: int | None
    last_receipt_at: datetime | None
    last_round_at: datetime | None
    next_at: datetime | None
    failures: int
    last_error: str
    paused_for: str | None
    live_sitting: str | None
    waiting: list[OutboxItem]
    refused: list[OutboxItem]
    changes_pending: bool

    @property
    def configured(self) -> bool:
        return self.url is not None


def queue_status(store: Store) -> QueueStatus:
    lk = link(store)
    state = _state(store)
    items = outbox(store)
    sitting = live_sitting(store)
    return QueueStatus(
        lk.url if lk else None,
        lk.fingerprint if lk else None,
        lk.confirmed if lk else False,
        lk.auto if lk else False,
        _when(state.get("last_contact_at")),
        _when(state.get("last_sent_at")),
        state.get("last_sent_seq"),
        _when(state.get("last_receipt_at")),
        _when(state.get("last_round_at")),
        _when(state.get("next_at")),
        int(state.get("failures", 0)),
        error_text(state.get("last_error")),
        state.get("paused_for"),
        (sitting.title or str(sitting.scheduled_on)) if sitting else None,
        [i for i in items if i.state == "waiting"],
        [i for i in items if i.state == "refused"],
        changes_pending(store) if lk else False,
    )


def fingerprint_matches(held: str, given: str) -> bool:
    return bare(held) == bare(given)


__all__ = [
    "INTERVAL",
    "LINK_SETTING",
    "FingerprintNeeded",
    "LinkMissing",
    "OutboxItem",
    "QueueStatus",
    "RoundBusy",
    "RoundResult",
    "after_export",
    "changes_pending",
    "due",
    "enqueue",
    "error_text",
    "link",
    "live_sitting",
    "outbox",
    "queue_status",
    "run_round",
    "send_again",
    "set_auto",
    "set_up",
]
