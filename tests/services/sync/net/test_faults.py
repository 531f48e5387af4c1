"""Faults that once left a bundle behind, each reproduced the same way every time.

* The district's side fails while it imports (its database pool exhausted by
  thirty imports at once, a disk full, an error of the program): the bundle is
  the district's trouble, not the okrug's fault. It must be kept and imported
  when the okrug tries again, never answered "refused" (a refused bundle is not
  sent again by itself, so its okrug would never be acknowledged).
* A link that drops more often than a whole piece takes: the okrug sends
  shorter pieces until they get through, and a try that carried bytes is not
  counted against the round, so the bundle arrives.
"""

from __future__ import annotations

import pytest
from sqlalchemy.exc import TimeoutError as PoolTimeout

from tests.services.sync.net.faultproxy import FaultProxy, Faults
from tests.services.sync.okrug_data import add_residents
from zhoob_desktop.models.netsync import DistrictUpload, SyncOutbox
from zhoob_desktop.models.sync import DistrictBundle
from zhoob_desktop.services.sync import district
from zhoob_desktop.services.sync.net import client as net
from zhoob_desktop.services.sync.net import protocol as P
from zhoob_desktop.services.sync.net import queue as q

pytestmark = pytest.mark.postgres


def failing_imports(monkeypatch, faults: list[BaseException]) -> list[str]:
    """The importer's first imports meet ``faults`` in turn (raised where the database work begins);
    the later ones run as they are."""
    real = district._import
    seen: list[str] = []

    def importing(dstore, path, seal_key, now):
        seen.append(path.name)
        if faults:
            raise faults.pop(0)
        return real(dstore, path, seal_key, now)

    monkeypatch.setattr(district, "_import", importing)
    return seen


def delivered_once(pair) -> None:
    with pair.district.session() as s:
        (upload,) = s.query(DistrictUpload).all()
        assert (upload.state, upload.imports) == ("imported", 1)
        assert s.query(DistrictBundle).count() == 1
    with pair.store.session() as s:
        assert [r.state for r in s.query(SyncOutbox)] == ["delivered"]


@pytest.mark.parametrize(
    "fault",
    [
        PoolTimeout("QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00"),
        OSError(28, "No space left on device"),
    ],
    ids=["pool-exhausted", "disk-full"],
)
def test_the_districts_own_trouble_while_importing_is_never_a_refusal(linked, monkeypatch, fault):
    # more failures than the service's own retries: the okrug's next try imports it
    seen = failing_imports(monkeypatch, [fault] * 5)
    result = q.run_round(linked.store, sleep=lambda _s: None)
    assert not result.error and result.refused == [] and result.acknowledged == [1], result
    assert result.delivered == [(1, "imported")] and len(seen) == 6 and result.tries >= 2
    delivered_once(linked)


def test_a_bundle_the_district_refuses_for_its_own_faults_stays_refused(linked, monkeypatch):
    from zhoob_desktop.services.sync.errors import SignatureInvalid

    failing_imports(monkeypatch, [SignatureInvalid(path="b.zip", okrug="Қарағайлы", fingerprint="0000")])
    result = q.run_round(linked.store, sleep=lambda _s: None)
    assert [seq for seq, _why in result.refused] == [1] and not result.acknowledged
    with linked.district.session() as s:
        assert s.query(DistrictUpload).one().state == "refused"


def test_a_link_that_drops_within_every_piece_still_carries_the_bundle(linked, service, monkeypatch):
    add_residents(linked.store, 200, "Көктөбе")  # a bundle of several pieces
    monkeypatch.setattr(P, "CHUNK", 16 * 1024)
    monkeypatch.setattr(net, "PIECE_MIN", 1024)
    # every connection is cut after 9-11 KB (the handshake and the signed requests included): a whole
    # piece never passes
    proxy = FaultProxy(service.port, Faults(drop=1.0, stall=0.0, drop_after=(9_000, 11_000), seed=3)).start()
    try:
        q.set_up(linked.store, f"https://127.0.0.1:{proxy.port}", fingerprint=service.fingerprint)
        result = q.run_round(linked.store, sleep=lambda _s: None, tries=6)
    finally:
        proxy.stop()
    assert not result.error and result.acknowledged == [1], result
    (item,) = q.outbox(linked.store)
    assert item.size > 3 * 16 * 1024 and proxy.stats.dropped > 6  # more cuts than the round's tries
    delivered_once(linked)


def test_a_part_grown_past_its_size_is_dropped_and_sent_again(linked, service):
    """A part holding more bytes than announced (a piece appended twice) was answered "not complete"
    for ever: the okrug finished, was told the held size, finished again... until its round gave up."""
    from zhoob_desktop.services.okrug import get_okrug

    result = linked.export("zhoob-bundle-00001.zip")
    q.enqueue(linked.store, result)
    with q.make_client(linked.store, q.link(linked.store)) as c:
        c.post_json(P.UPLOADS, {"bundle_id": str(result.bundle_id), "seq": 1, "size": result.size,
                                "sha256": result.sha256, "name": "zhoob-bundle-00001.zip"})  # fmt: skip
    part = service.folder / "spool" / str(get_okrug(linked.store).id) / f"{result.bundle_id}.part"
    data = result.path.read_bytes()
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(data + data[-4096:])
    run = q.run_round(linked.store, sleep=lambda _s: None, tries=3)
    assert not run.error and run.delivered == [(1, "imported")] and run.acknowledged == [1], run
    delivered_once(linked)


def test_an_import_that_ended_with_its_worker_is_taken_up_again(linked, service):
    """A worker process stopped in the middle of an import (uvicorn's supervisor restarts a worker that
    does not answer it): its bundle waits whole where the import took it; the next finish imports it."""
    from zhoob_desktop.services.okrug import get_okrug

    result = linked.export("zhoob-bundle-00001.zip")
    q.enqueue(linked.store, result)
    meta = {"bundle_id": str(result.bundle_id), "seq": 1, "size": result.size, "sha256": result.sha256,
            "name": "zhoob-bundle-00001.zip"}  # fmt: skip
    with q.make_client(linked.store, q.link(linked.store)) as c:
        c.post_json(P.UPLOADS, meta)
        c.call("PUT", f"{P.UPLOADS}/{result.bundle_id}?offset=0", result.path.read_bytes())
    okrug_dir = service.folder / "spool" / str(get_okrug(linked.store).id)
    taken = okrug_dir / str(result.bundle_id) / "zhoob-bundle-00001.zip"
    taken.parent.mkdir()
    (okrug_dir / f"{result.bundle_id}.part").rename(taken)  # where the import had it when it stopped
    run = q.run_round(linked.store, sleep=lambda _s: None, tries=3)
    assert not run.error and run.delivered == [(1, "imported")] and run.acknowledged == [1], run
    delivered_once(linked)
    assert not taken.exists()
