"""The okrug whose apparatus keeps this store."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from zhoob_desktop.models.core import Okrug
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.store import Store


@dataclass(frozen=True)
class OkrugInfo:
    id: uuid.UUID
    name_kk: str
    name_ru: str
    district_kk: str
    district_ru: str
    region_kk: str
    region_ru: str

    def name(self, lang: str) -> str:
        """The okrug's name in a language (Kazakh when no Russian name is kept)."""
        return self.name_ru if lang == "ru" and self.name_ru else self.name_kk

    def district(self, lang: str) -> str:
        return self.district_ru if lang == "ru" and self.district_ru else self.district_kk


class OkrugNameMissing(ZhoobError):
    template = N_("The okrug needs a name in Kazakh.")


def _info(row: Okrug) -> OkrugInfo:
    return OkrugInfo(
        row.id, row.name_kk, row.name_ru, row.district_kk, row.district_ru, row.region_kk, row.region_ru
    )


def get_okrug(store: Store) -> OkrugInfo | None:
    """The okrug of this store, or None on a fresh data folder."""
    with store.session() as s:
        row = s.scalars(select(Okrug).order_by(Okrug.created_at)).first()
        return None if row is None else _info(row)


def save_okrug(
    store: Store,
    name_kk: str,
    name_ru: str = "",
    district_kk: str = "",
    district_ru: str = "",
    region_kk: str = "",
    region_ru: str = "",
) -> OkrugInfo:
    """Create the okrug, or update its names if it exists."""
    if not name_kk.strip():
        raise OkrugNameMissing()
    with store.session() as s:
        row = s.scalars(select(Okrug).order_by(Okrug.created_at)).first()
        if row is None:
            row = Okrug(name_kk=name_kk.strip())
            s.add(row)
        row.name_kk = name_kk.strip()
        row.name_ru = name_ru.strip()
        row.district_kk, row.district_ru = district_kk.strip(), district_ru.strip()
        row.region_kk, row.region_ru = region_kk.strip(), region_ru.strip()
        s.flush()
        return _info(row)
