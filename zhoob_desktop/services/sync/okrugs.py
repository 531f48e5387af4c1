"""Okrugs registered at the district: their public keys, replaced only when asked by name."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from zhoob_desktop.models.base import utcnow
from zhoob_desktop.models.sync import DistrictKeyChange, DistrictOkrug
from zhoob_desktop.services.sync.district_db import DistrictStore
from zhoob_desktop.services.sync.errors import NothingToReplace, OkrugKeyDiffers, ReplacedKeyMismatch
from zhoob_desktop.services.sync.keys import OkrugKeyFile, b64


@dataclass(frozen=True)
class OkrugRegistration:
    okrug_id: uuid.UUID
    name: str
    fingerprint: str
    replaced: bool
    old_fingerprint: str | None = None


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as compared: hex digits only, lower case (spaces and dashes as read aloud)."""
    return "".join(ch for ch in str(text).lower() if ch in "0123456789abcdef")


def register_okrug(
    dstore: DistrictStore,
    key_path: Path,
    *,
    replace: str | None = None,
    now: Callable[[], datetime] = utcnow,
) -> OkrugRegistration:
    """Register an okrug from its public key file.

    An okrug already registered with another key keeps it (``OkrugKeyDiffers``)
    unless ``replace`` names the registered key's fingerprint; the change is
    recorded in ``district_key_change``.
    """
    key = OkrugKeyFile.read(Path(key_path))
    with dstore.session() as s:
        row = s.get(DistrictOkrug, key.okrug_id)
        if row is None:
            if replace:
                raise NothingToReplace(okrug=key.okrug_name)
            s.add(
                DistrictOkrug(
                    id=key.okrug_id,
                    name=key.okrug_name,
                    public_key=b64(key.public_key),
                    fingerprint=key.fingerprint,
                    registered_at=now(),
                )
            )
            return OkrugRegistration(key.okrug_id, key.okrug_name, key.fingerprint, False)
        if row.public_key == b64(key.public_key):
            row.name = key.okrug_name or row.name
            return OkrugRegistration(key.okrug_id, row.name, key.fingerprint, False)
        if replace is None:
            raise OkrugKeyDiffers(okrug=row.name, fingerprint=row.fingerprint, new=key.fingerprint)
        if normalise_fingerprint(replace) != normalise_fingerprint(row.fingerprint):
            raise ReplacedKeyMismatch(okrug=row.name, fingerprint=row.fingerprint, given=replace.strip()[:80])
        at = now()
        s.add(
            DistrictKeyChange(
                okrug_id=row.id,
                old_fingerprint=row.fingerprint,
                old_public_key=row.public_key,
                new_fingerprint=key.fingerprint,
                changed_at=at,
            )
        )
        old = row.fingerprint
        row.name = key.okrug_name or row.name
        row.public_key = b64(key.public_key)
        row.fingerprint = key.fingerprint
        row.registered_at = at
        return OkrugRegistration(key.okrug_id, row.name, key.fingerprint, True, old)
