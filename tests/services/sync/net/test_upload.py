"""Uploads: in pieces that survive a cut, imported once by the file importer, with its checks and limits."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import timedelta

import pytest

from tests.services.sync.helpers import dump, edit_plain
from tests.services.sync.net.test_access import raw_request
from zhoob_desktop.models.netsync import DistrictUpload, SyncOutbox
from zhoob_desktop.services.sync import many
from zhoob_desktop.services.sync.net import client as net
from zhoob_desktop.services.sync.net import protocol as P
from zhoob_desktop.services.sync.net import queue as q

pytestmark = pytest.mark.postgres


def meta(result, name="b1.zip"):
    return {"bundle_id": str(result.bundle_id), "seq": result.seq, "size": result.size,
            "sha256": result.sha256, "name": name}  # fmt: skip


def test_an_upload_cut_in_the_middle_resumes_where_the_service_stands(linked, monkeypatch):
    monkeypatch.setattr(P, "CHUNK", 4096)  # many pieces from a small bundle
    result = linked.export("b1.zip")
    data = result.path.read_bytes()
    with q.make_client(linked.store, q.link(linked.store)) as c:
        first = c.post_json(P.UPLOADS, meta(result)).data
        assert (first["state"], first["received"]) == ("receiving", 0)
        target = f"{P.UPLOADS}/{result.bundle_id}"
        c.call("PUT", f"{target}?offset=0", data[:4096])
        c.call("PUT", f"{target}?offset=4096", data[4096:8192])
        # a piece sent again after a cut (its answer lost) does not double the bytes
        again = c.call("PUT", f"{target}?offset=4096", data[4096:8192])
        assert (again.status, again.data["received"]) == (409, 8192)
        too_far = c.call("PUT", f"{target}?offset=9000", data[9000:10000])
        assert too_far.data["received"] == 8192
        asked = c.post_json(P.UPLOADS, meta(result)).data  # after a restart: how far did it get?
        assert asked["received"] == 8192
        # finishing early is answered with what the service holds
        early = c.post_json(f"{target}/finish", {})
        assert (early.status, early.data["received"]) == (409, 8192)
        seen = []
        answer = c.upload(result.path, bundle_id=result.bundle_id, seq=1, size=result.size, sha256=result.sha256,
                          name="b1.zip", progress=lambda done, total: seen.append(done))  # fmt: skip
    assert answer["state"] == "imported" and seen[0] == 8192
    assert answer["receipt"]["receipt"]["bundles"] == [{"seq": 1, "id": str(result.bundle_id)}]
    with linked.district.session() as s:
        row = s.get(DistrictUpload, result.bundle_id)
        assert (row.state, row.imports, row.received, row.name) == ("imported", 1, result.size, "b1.zip")


def test_the_same_bundle_twice_is_imported_once_by_either_road(linked, tmp_path):
    one = linked.export("b1.zip")
    with q.make_client(linked.store, q.link(linked.store)) as c:
        kw = {"bundle_id": one.bundle_id, "seq": 1, "size": one.size, "sha256": one.sha256, "name": "b1.zip"}
        assert c.upload(one.path, **kw)["state"] == "imported"
        assert c.upload(one.path, **kw)["state"] == "imported"  # asked again: the same outcome
        # a bundle imported from a file first is "already" over the network, and the other way round
        linked.store.set_setting("x", 1)
        two = linked.export("b2.zip")
        (outcome,) = many.import_many(linked.district, [two.path], linked.keys)
        assert outcome.result is not None
        answer = c.upload(
            two.path, bundle_id=two.bundle_id, seq=2, size=two.size, sha256=two.sha256, name="b2.zip"
        )
        assert answer["state"] == "already" and answer["receipt"]["receipt"]["bundles"][-1]["seq"] == 2
    (again,) = many.import_many(linked.district, [one.path], linked.keys)
    assert again.already
    with linked.district.session() as s:
        assert sum(r.imports for r in s.query(DistrictUpload)) == 1


def test_a_refused_bundle_says_why_in_the_okrugs_language_and_stays_refused(linked, tmp_path):
    from zhoob_desktop.services import i18n

    good = linked.export("b1.zip", seal=False)  # in clear, so that a name can be altered

    def alter(members):
        name = "register/resident.jsonl"
        assert "Қайрат".encode() in members[name]
        members[name] = members[name].replace("Қайрат".encode(), "Қанат".encode(), 1)

    bad = edit_plain(good.path, tmp_path / "bad.zip", alter)
    data = bad.read_bytes()
    result = type(good)(
        bad, good.bundle_id, 1, True, True, good.counts, len(data), hashlib.sha256(data).hexdigest()
    )
    q.enqueue(linked.store, result)
    run = q.run_round(linked.store, sleep=lambda _s: None)
    assert run.refused and run.refused[0][0] == 1 and "SHA-256 does not match" in run.refused[0][1]
    assert (
        "bad.zip" in run.refused[0][1] and "spool" not in run.refused[0][1]
    )  # the okrug's name, not the server's
    i18n.set_language("ru")
    (item,) = q.queue_status(linked.store).refused
    assert item.seq == 1 and "SHA-256" in item.reason and "пакет" in item.reason.lower()
    i18n.set_language("en")
    # not sent again by itself; the district stays as it was
    assert q.run_round(linked.store, sleep=lambda _s: None).refused == []
    with linked.district.session() as s:
        assert s.get(DistrictUpload, good.bundle_id).state == "refused"
        assert s.get(DistrictUpload, good.bundle_id).error["code"] == "HashMismatch"
    assert dump(linked.district, data_only=True)["resident"] == []


def test_limits_of_the_service(linked, service):
    result = linked.export("b1.zip")
    with q.make_client(linked.store, q.link(linked.store)) as c:
        with pytest.raises(net.RemoteRefusal):
            c.post_json(P.UPLOADS, {**meta(result), "size": P.BUNDLE_MAX + 1})
        with pytest.raises(net.RemoteRefusal):
            c.post_json(P.UPLOADS, {**meta(result), "sha256": "xyz"})
        c.post_json(P.UPLOADS, meta(result))
        with pytest.raises(net.RemoteRefusal) as err:  # more bytes than announced
            c.call("PUT", f"{P.UPLOADS}/{result.bundle_id}?offset=0", result.path.read_bytes() + b"x")
        assert "more than the" in err.value.message()
        with pytest.raises(net.RemoteRefusal) as err:
            c.call("PUT", f"{P.UPLOADS}/{uuid.uuid4()}?offset=0", b"x")
        assert err.value.params["bundle"]
    # a piece larger than the service reads at once is refused before it is read
    status, body, _h = raw_request(service, linked, "PUT", f"{P.UPLOADS}/{result.bundle_id}?offset=0",
                                   b"x" * (P.CHUNK_MAX + 1))  # fmt: skip
    assert (status, body) == (413, b"")
    # at most a few unfinished uploads per okrug
    with q.make_client(linked.store, q.link(linked.store)) as c:
        for _n in range(P.UNFINISHED_MAX - 1):
            c.post_json(P.UPLOADS, {**meta(result), "bundle_id": str(uuid.uuid4())})
        with pytest.raises(net.RemoteRefusal) as err:
            c.post_json(P.UPLOADS, {**meta(result), "bundle_id": str(uuid.uuid4())})
    assert err.value.transient and "unfinished uploads" in err.value.message()


def test_bytes_that_do_not_come_to_the_hash_are_dropped_and_sent_again(linked):
    result = linked.export("b1.zip")
    data = result.path.read_bytes()
    with q.make_client(linked.store, q.link(linked.store)) as c:
        c.post_json(P.UPLOADS, meta(result))
        c.call("PUT", f"{P.UPLOADS}/{result.bundle_id}?offset=0", b"\0" * len(data))
        with pytest.raises(net.RemoteRefusal) as err:
            c.post_json(f"{P.UPLOADS}/{result.bundle_id}/finish", {})
        assert err.value.transient
        assert c.post_json(P.UPLOADS, meta(result)).data["received"] == 0
        answer = c.upload(result.path, bundle_id=result.bundle_id, seq=1, size=result.size,
                          sha256=result.sha256, name="b1.zip")  # fmt: skip
    assert answer["state"] == "imported"


def test_a_bundle_written_for_the_usb_stick_waits_in_the_outbox_too(linked, tmp_path):
    from zhoob_desktop.services.sync import export as ex

    result = ex.export_bundle(linked.store, tmp_path / "usb" / "b1.zip")
    assert q.after_export(linked.store, result)
    (item,) = q.queue_status(linked.store).waiting
    assert item.seq == 1 and item.file.endswith("b1.zip")
    clear = ex.export_bundle(linked.store, tmp_path / "usb" / "b2.zip", seal=False)
    assert not q.after_export(linked.store, clear)  # personal data in clear never goes by itself
    many.import_many(linked.district, [result.path], linked.keys)  # the stick arrived first
    run = q.run_round(linked.store, sleep=lambda _s: None)
    assert (1, "already") in run.delivered and 1 in run.acknowledged
    with linked.store.session() as s:
        assert s.get(SyncOutbox, result.bundle_id).state == "delivered"
    assert (q.outbox_dir(linked.store) / item.file).exists()  # kept a while after the acknowledgement
    later = q.utcnow() + q.KEEP_DELIVERED + timedelta(days=1)
    q.run_round(linked.store, sleep=lambda _s: None, now=lambda: later)
    assert not (q.outbox_dir(linked.store) / item.file).exists()


def test_the_receipt_over_the_network_is_the_files_receipt(linked, tmp_path):
    from zhoob_desktop.services.okrug import get_okrug
    from zhoob_desktop.services.sync import receipts

    q.run_round(linked.store, sleep=lambda _s: None)
    with q.make_client(linked.store, q.link(linked.store)) as c:
        raw = c.receipt()
    okrug = get_okrug(linked.store).id
    receipts.make_receipt(linked.district, linked.keys, okrug, tmp_path / "r.json")
    over_net, on_file = json.loads(raw)["receipt"], json.loads((tmp_path / "r.json").read_text())["receipt"]
    assert {k: v for k, v in over_net.items() if k != "issued_at"} == {
        k: v for k, v in on_file.items() if k != "issued_at"
    }
