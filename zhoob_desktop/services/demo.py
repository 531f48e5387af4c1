"""A demo okrug to try the program with: villages, streets, residents, a past meeting."""

from __future__ import annotations

from zhoob_desktop.services.okrug import OkrugInfo, save_okrug
from zhoob_desktop.services.store import Store

DEMO_OKRUG = {
    "name_kk": "Қарағайлы ауылдық округі",
    "name_ru": "Карагайлинский сельский округ",
    "district_kk": "Іле ауданы",
    "district_ru": "Илийский район",
    "region_kk": "Алматы облысы",
    "region_ru": "Алматинская область",
}


def create_demo(store: Store, *, seed: int = 2026) -> OkrugInfo:
    """Fill an empty store with the demo okrug."""
    return save_okrug(store, **DEMO_OKRUG)
