"""Receipts: the district says, signed, which bundles of an okrug it holds.

The okrug checks the signature with the district key it imported, marks those
bundles acknowledged, and its next export carries only what changed since the
newest acknowledged one.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.sync import DistrictBundle, DistrictOkrug, SyncExport
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.store import Store
from zhoob_desktop.services.sync.atomic import write_atomic
from zhoob_desktop.services.sync.container import canonical_json
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import ReceiptInvalid, SyncError
from zhoob_desktop.services.sync.keys import DistrictKeys, b64, unb64, verify

RECEIPT_FORMAT = "zhoob-receipt"


class OkrugUnknown(SyncError):
    template = N_("No okrug with the id {okrug_id} is registered at the district.")


@dataclass(frozen=True)
class ReceiptInfo:
    okrug_id: uuid.UUID
    okrug_name: str
    bundles: list[tuple[int, uuid.UUID]]
    issued_at: datetime


def make_receipt(
    dstore: DistrictStore,
    keys: DistrictKeys,
    okrug_id: uuid.UUID,
    out: Path,
    *,
    now: Callable[[], datetime] = utcnow,
) -> ReceiptInfo:
    """Write a signed receipt listing every bundle of one okrug the district has imported."""
    with dstore.session() as s:
        okrug = s.get(DistrictOkrug, okrug_id)
        if okrug is None:
            raise OkrugUnknown(okrug_id=str(okrug_id))
        bundles = [
            (seq, bid)
            for seq, bid in s.execute(
                select(DistrictBundle.seq, DistrictBundle.id)
                .where(DistrictBundle.okrug_id == okrug_id)
                .order_by(DistrictBundle.seq)
            )
        ]
        name = okrug.name
    issued = now()
    body = {
        "format": RECEIPT_FORMAT,
        "format_version": 1,
        "okrug_id": str(okrug_id),
        "issued_at": issued.isoformat(),
        "district": keys.public().fingerprint,
        "bundles": [{"seq": seq, "id": str(bid)} for seq, bid in bundles],
    }
    signed = {"receipt": body, "signature": b64(keys.sign(canonical_json(body)))}
    write_atomic(Path(out), json.dumps(signed, ensure_ascii=False, indent=1).encode("utf-8"))
    return ReceiptInfo(okrug_id, name, bundles, issued)


def import_receipt(store: Store, path: Path, *, now: Callable[[], datetime] = utcnow) -> list[int]:
    """Check a receipt and mark the bundles it lists as acknowledged; the numbers newly marked."""
    from zhoob_desktop.services.okrug import get_okrug
    from zhoob_desktop.services.sync.export import district_key

    path = Path(path)
    dkey = district_key(store)
    if dkey is None:
        raise ReceiptInvalid(path=str(path), detail=_("no district key is registered to check it"))
    try:
        signed = json.loads(path.read_text(encoding="utf-8"))
        body = signed["receipt"]
        signature = unb64(signed["signature"])
        if body.get("format") != RECEIPT_FORMAT:
            raise ValueError("format")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReceiptInvalid(path=str(path), detail=_("it is not a receipt of Zhoob Desktop")) from exc
    if not verify(dkey.sign_key, signature, canonical_json(body)):
        raise ReceiptInvalid(path=str(path), detail=_("its signature does not match the district's key"))
    okrug = get_okrug(store)
    if okrug is None or body.get("okrug_id") != str(okrug.id):
        raise ReceiptInvalid(path=str(path), detail=_("it was issued for another okrug"))
    marked = []
    with store.session() as s:
        for entry in body.get("bundles", []):
            row = s.scalars(select(SyncExport).where(SyncExport.seq == int(entry["seq"]))).first()
            if row is None or str(row.id) != entry["id"]:
                raise ReceiptInvalid(
                    path=str(path),
                    detail=_("it lists bundle number {seq}, which this okrug did not write").format(
                        seq=entry["seq"]
                    ),
                )
            if row.acked_at is None:
                row.acked_at = now()
                marked.append(row.seq)
    return marked
