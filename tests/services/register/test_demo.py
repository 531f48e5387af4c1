"""The demo okrug: deterministic, plausible, every IIN valid and consistent."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from tests.conftest import copy_store
from zhoob_desktop.services.demo import DemoNeedsEmptyStore, create_demo
from zhoob_desktop.services.okrug import save_okrug
from zhoob_desktop.services.register import structure
from zhoob_desktop.services.register.iin import decode_iin, is_valid_iin
from zhoob_desktop.services.register.membership import count_members
from zhoob_desktop.services.register.query import ResidentFilter, count_residents, query_residents
from zhoob_desktop.services.store import open_store

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo_rows(tmp_path_factory, template_store_dir):

    folder = tmp_path_factory.mktemp("demo")
    copy_store(template_store_dir, folder)
    store = open_store(folder)
    okrug = create_demo(store, today=TODAY)
    rows = query_residents(store, ResidentFilter(include_left=True), limit=10000, today=TODAY)
    yield store, okrug, rows
    store.close(backup=False)


def test_size_villages_and_membership(demo_rows):
    store, okrug, rows = demo_rows
    assert okrug.name_kk == "Қарағайлы ауылдық округі"
    assert 2700 <= len(rows) <= 3300
    assert [s.name for s in structure.list_settlements(store)] == ["Жаңаталап", "Қарағайлы", "Көктөбе"]
    members = count_members(store, TODAY)
    assert 0.55 * len(rows) < members < 0.8 * len(rows)
    left = Counter(r.left_reason for r in rows if r.left_on)
    assert left["moved"] > 0 and left["died"] > 0
    assert count_residents(store, ResidentFilter(), today=TODAY) == len(rows) - sum(left.values())


def test_iins_valid_unique_and_consistent(demo_rows):
    _store, _okrug, rows = demo_rows
    assert len({r.iin for r in rows}) == len(rows)
    for r in rows:
        assert is_valid_iin(r.iin)
        info = decode_iin(r.iin)
        assert (info.birth_date, info.sex) == (r.birth_date, r.sex)


def test_names_feminine_forms_and_statuses(demo_rows):
    _store, _okrug, rows = demo_rows
    women = [r.full_name.split() for r in rows if r.sex == "F"]
    men = [r.full_name.split() for r in rows if r.sex == "M"]
    assert all(not w[0].endswith(("ов", "ев", "ұлы")) for w in women)
    assert all(not m[0].endswith(("ова", "ева", "қызы")) for m in men)
    assert all(len(w) == 3 and w[2].endswith(("қызы", "овна", "евна")) for w in women)
    assert all(len(m) == 3 and m[2].endswith(("ұлы", "ович", "евич")) for m in men)
    assert any("Қ" in r.full_name or "Ә" in r.full_name for r in rows)
    statuses = Counter(s for r in rows for s in r.statuses)
    assert statuses["pensioner"] > 100 and statuses["large_family"] > 20 and statuses["disability"] > 10
    ages = Counter(min((TODAY - r.birth_date).days // 365 // 20, 4) for r in rows)
    assert all(ages[band] > 250 for band in range(4)) and ages[4] > 50  # 0-19, 20-39, 40-59, 60-79, 80+


def test_deterministic_for_a_seed(demo_rows, store):
    _s, _o, rows = demo_rows
    create_demo(store, today=TODAY)
    again = query_residents(store, ResidentFilter(include_left=True), limit=10000, today=TODAY)
    assert sorted((r.full_name, r.iin, r.statuses) for r in again) == sorted(
        (r.full_name, r.iin, r.statuses) for r in rows
    )


def test_refused_when_the_store_has_an_okrug(store):
    save_okrug(store, "Басқа округ")
    with pytest.raises(DemoNeedsEmptyStore) as err:
        create_demo(store)
    assert "Басқа округ" in err.value.message()
