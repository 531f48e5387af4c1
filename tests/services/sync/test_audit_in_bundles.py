"""The okrug's audit travels in its bundles and is verified at the district."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.services.sync.okrug_data import add_residents, make_okrug
from zhoob_desktop.services.security import audit
from zhoob_desktop.services.sync import audit_part
from zhoob_desktop.services.sync import export as ex
from zhoob_desktop.services.sync.district import import_bundle, register_okrug
from zhoob_desktop.services.sync.keys import DistrictKeys


def test_the_audit_travels_in_the_bundle_and_is_verified_at_the_district(store, district_sqlite, tmp_path):
    make_okrug(store)
    add_residents(store, 3)
    keys = DistrictKeys(tmp_path / "district-keys", "Іле ауданы").ensure()
    (tmp_path / "district.key").write_bytes(keys.public().to_json())
    ex.import_district_key(store, tmp_path / "district.key")
    ex.export_public_key(store, tmp_path / "okrug.key")
    register_okrug(district_sqlite, tmp_path / "okrug.key")
    ex.export_bundle(store, tmp_path / "b1.zip")
    carried = audit_part.bundle_audit(tmp_path / "b1.zip", keys.seal_private)
    assert len(carried) == audit.verify(store) - 1  # all but the entry of the export itself
    assert {e["operator_id"] for e in carried} == {store.operator.id}
    import_bundle(district_sqlite, tmp_path / "b1.zip", keys)
    # an audit edited at the okrug travels signed, but its chain no longer verifies
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET kind = 'login' WHERE seq = 3"))
    ex.export_bundle(store, tmp_path / "b2.zip")
    with pytest.raises(audit_part.AuditRejected) as err:
        import_bundle(district_sqlite, tmp_path / "b2.zip", keys)
    assert "Nothing was imported" in err.value.message()
