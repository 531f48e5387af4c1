"""The district store's own audit: a bundle imported by the service is entered as a file import is,
with the operator who started the service and no personal data; one chain however many import at once."""

from __future__ import annotations

import json
import threading
import time
from types import SimpleNamespace

import pytest

from tests.services.sync.helpers import make_pair
from tests.services.sync.net.service import ThreadService
from tests.services.sync.okrug_data import add_residents
from zhoob_desktop.models.register import Resident
from zhoob_desktop.services.security import audit, roles
from zhoob_desktop.services.security.roles import OperatorInfo
from zhoob_desktop.services.sync import many
from zhoob_desktop.services.sync.district_db import open_district
from zhoob_desktop.services.sync.net import queue as q

pytestmark = pytest.mark.postgres

OPERATOR = OperatorInfo("5d0c2a9e-7f1b-4c51-9a8e-2b7d3f1e6c40", "audan", "Сейітов Нұрлан", roles.DISTRICT)


@pytest.fixture
def district(pg_server, pg_template, tmp_path):
    """The district store opened for a logged-in district operator (its rights and audit)."""
    url = pg_server.url(pg_server.create_database(pg_template))
    dstore = open_district(url, store=SimpleNamespace(operator=OPERATOR, key=None, data_dir=tmp_path))
    yield dstore
    dstore.close()


def imported_entries(dstore) -> list[audit.AuditEntry]:
    return [e for e in audit.entries(dstore) if e.kind == "bundle.imported"]


def test_a_bundle_imported_by_the_service_is_audited_as_a_file_import(store, district, tmp_path):
    pair = make_pair(store, district, tmp_path)
    service = ThreadService(district, tmp_path / "service", pair.keys, operator=OPERATOR).start()
    try:
        q.set_up(pair.store, service.url, fingerprint=service.fingerprint)
        by_file = pair.export("zhoob-bundle-00001.zip")
        (outcome,) = many.import_many(district, [by_file.path], pair.keys)
        assert outcome.result is not None
        add_residents(pair.store, 1, "Көктөбе")
        run = q.run_round(pair.store, sleep=lambda _s: None)
        assert run.delivered == [(2, "imported")] and not run.error
    finally:
        service.stop()
    file_entry, net_entry = imported_entries(district)
    for entry, seq in ((file_entry, 1), (net_entry, 2)):
        assert entry.operator == OPERATOR.label and entry.operator_id == OPERATOR.id
        assert set(entry.detail) == {"okrug_id", "seq", "file"} and entry.detail["seq"] == seq
        assert entry.detail["file"] == f"zhoob-bundle-{seq:05d}.zip"
        assert entry.detail["okrug_id"] == str(run_okrug(pair))
    assert net_entry.target == str(q.outbox(pair.store)[-1].bundle_id)
    # ids, numbers and file names only: no name or IIN of anybody in the register
    with pair.store.session() as s:
        people = {v for r in s.query(Resident) for v in (r.surname, r.given_name, r.iin) if v}
    text = json.dumps([file_entry.detail, net_entry.detail, file_entry.target, net_entry.target],
                      ensure_ascii=False)  # fmt: skip
    assert people and not any(v in text for v in people)
    assert audit.verify(district) == len(audit.entries(district))


def run_okrug(pair):
    from zhoob_desktop.services.okrug import get_okrug

    return get_okrug(pair.store).id


def test_entries_written_at_once_keep_one_chain_without_gaps(district):
    """Two transactions appending at the same moment (two okrugs' imports on PostgreSQL) do not fork the
    chain, and one rolled back leaves no hole in the numbering."""
    start = threading.Barrier(2)

    def one(n: int) -> None:
        with district.engine.begin() as conn:
            start.wait()
            audit.append(conn, OPERATOR, "bundle.imported", f"b{n}", {"seq": n})
            time.sleep(0.3)  # the other one reads the chain's end meanwhile

    threads = [threading.Thread(target=one, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with pytest.raises(RuntimeError), district.engine.begin() as conn:
        audit.append(conn, OPERATOR, "bundle.imported", "b3", {"seq": 3})
        raise RuntimeError("the import failed after its entry")
    with district.engine.begin() as conn:
        audit.append(conn, OPERATOR, "bundle.imported", "b4", {"seq": 4})
    entries = audit.entries(district)
    assert [e.seq for e in entries] == [1, 2, 3] and {e.target for e in entries} == {"b1", "b2", "b4"}
    assert audit.verify(district) == 3
