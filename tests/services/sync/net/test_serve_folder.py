"""`zhoob district serve` on the data folder's own district file: logged in, encrypted.

The district file in the data folder is encrypted with the folder's key (the
Sync page and the district commands open it so); the service opens it the
same way, with the rights of the operator who started it.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

from sqlalchemy import select

from tests.services.sync.helpers import make_pair
from tests.services.sync.net.service import ProcessService
from zhoob_desktop import cipher
from zhoob_desktop.models.sync import DistrictBundle
from zhoob_desktop.services.security import audit
from zhoob_desktop.services.store import open_store
from zhoob_desktop.services.sync.district_db import DEFAULT_DB_NAME, open_district
from zhoob_desktop.services.sync.net import queue as q


def test_the_service_opens_the_folders_encrypted_district_file(store, tmp_path):
    data = tmp_path / "district-data"
    folder = open_store(data)  # the district's data folder, logged in as the suite's operator
    login = SimpleNamespace(operator=folder.operator, key=folder.key, data_dir=data)
    folder.close(backup=False)
    path = data / DEFAULT_DB_NAME
    district = open_district(path, store=login)
    pair = make_pair(store, district, tmp_path / "okrug-side")
    district.close()
    assert not cipher.is_plain_sqlite(path)

    service = ProcessService(str(path), data, pair.keys.folder, workers=1).start()
    try:
        q.set_up(store, service.url, fingerprint=service.fingerprint)
        result = q.run_round(store, sleep=lambda s: time.sleep(min(s, 0.3)))
    finally:
        service.stop()
    assert not result.error and result.delivered == [(1, "imported")] and result.acknowledged == [1]

    district = open_district(path, store=login)
    try:
        with district.session() as s:
            assert len(s.scalars(select(DistrictBundle)).all()) == 1
        # entered in the district store's audit as a file import is, under the operator who started it
        entries = [e for e in audit.entries(district) if e.kind == "bundle.imported"]
        assert [(e.operator, e.detail["seq"]) for e in entries] == [(login.operator.label, 1)]
    finally:
        district.close()
