"""Who the district service answers: signed requests of registered okrugs, within the window, once."""

from __future__ import annotations

import base64
import http.client
import json
import ssl
import time

import pytest
from sqlalchemy import delete

from tests.services.sync.net.service import ThreadService
from zhoob_desktop.models.core import Setting
from zhoob_desktop.services.sync.keys import KEY_BACKUP_SETTING, DistrictKeys, verify
from zhoob_desktop.services.sync.net import access, tls
from zhoob_desktop.services.sync.net import client as net
from zhoob_desktop.services.sync.net import protocol as P
from zhoob_desktop.services.sync.net import queue as q

pytestmark = pytest.mark.postgres


def raw_request(service, pair, method, target, body=b"", *, when=None, nonce=None, sign=None, okrug=None):
    """One request built by hand: (status, body, headers)."""
    from zhoob_desktop.services.okrug import get_okrug
    from zhoob_desktop.services.sync import export as ex

    okrug = okrug or str(get_okrug(pair.store).id)
    when = str(int(time.time()) if when is None else when)
    nonce = nonce or P.new_nonce()
    message = P.request_message(method, target, okrug, when, nonce, P.body_digest(body))
    signature = (sign or ex.okrug_keys(pair.store).sign)(message)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", service.port, context=ctx, timeout=30)
    conn.request(method, target, body=body, headers={
        P.H_OKRUG: okrug, P.H_TIME: when, P.H_NONCE: nonce,
        P.H_SIGNATURE: base64.b64encode(signature).decode(),
    })  # fmt: skip
    resp = conn.getresponse()
    out = resp.status, resp.read(), dict(resp.getheaders())
    conn.close()
    return out


def test_a_registered_okrug_is_answered_and_every_answer_is_signed(linked, service):
    with q.make_client(linked.store, q.link(linked.store)) as c:
        hello = c.hello(0)
    assert hello["district"] == "Іле ауданы" and hello["okrug"] == "Қарағайлы ауылдық округі"
    nonce = P.new_nonce()
    status, body, headers = raw_request(service, linked, "POST", P.HELLO, b"{}", nonce=nonce)
    assert status == 200 and json.loads(body)["okrug"] == "Қарағайлы ауылдық округі"
    signature = base64.b64decode(headers[P.H_ANSWER])
    district = linked.keys.public().sign_key
    assert verify(district, signature, P.answer_message(nonce, 200, P.body_digest(body)))
    assert not verify(district, signature, P.answer_message(P.new_nonce(), 200, P.body_digest(body)))


def test_a_replayed_request_and_one_out_of_the_window_get_nothing(linked, service):
    nonce = P.new_nonce()
    assert raw_request(service, linked, "POST", P.HELLO, b"{}", nonce=nonce)[0] == 200
    status, body, _headers = raw_request(service, linked, "POST", P.HELLO, b"{}", nonce=nonce)
    assert (status, body) == (401, b"")
    status, body, headers = raw_request(service, linked, "POST", P.HELLO, b"{}", when=int(time.time()) - 400)
    assert (status, body) == (401, b"") and abs(int(headers[P.H_SERVER_TIME]) - time.time()) < 60
    # the okrug's own client says what is wrong with its clock
    with q.make_client(linked.store, q.link(linked.store), clock=lambda: time.time() + 900) as c:
        with pytest.raises(net.ClockDiffers) as err:
            c.hello(0)
    assert err.value.params["minutes"] == 15


def test_a_request_signed_by_another_key_or_altered_gets_nothing(linked, service, tmp_path):
    other = DistrictKeys(tmp_path / "other").ensure()  # any other Ed25519 key
    status, body, _h = raw_request(service, linked, "POST", P.HELLO, b"{}", sign=other.sign)
    assert (status, body) == (401, b"")
    # the body is signed too: the same signature over another body is refused
    from zhoob_desktop.services.okrug import get_okrug
    from zhoob_desktop.services.sync import export as ex

    okrug, when, nonce = str(get_okrug(linked.store).id), str(int(time.time())), P.new_nonce()
    signature = ex.okrug_keys(linked.store).sign(
        P.request_message("POST", P.HELLO, okrug, when, nonce, P.body_digest(b'{"waiting": 1}'))
    )
    status, _body, _h = raw_request(service, linked, "POST", P.HELLO, b'{"waiting": 9}', when=when,
                                    nonce=nonce, sign=lambda _m: signature)  # fmt: skip
    assert status == 401
    status, body, _h = raw_request(service, linked, "GET", "/v1/anything")
    assert status == 404 and body == b""


def test_an_unregistered_or_revoked_okrug_gets_nothing(linked, service, tmp_path):
    status, body, _h = raw_request(
        service, linked, "POST", P.HELLO, b"{}", okrug="6f0b5a52-3c1e-4d55-9c1a-7d4e2b0c9a11"
    )
    assert (status, body) == (403, b"")
    access.revoke(
        linked.district, "Қарағайлы ауылдық округі", by="Сейітов Н.", reason="the laptop was stolen"
    )
    status, body, _h = raw_request(service, linked, "POST", P.HELLO, b"{}")
    assert (status, body) == (403, b"")
    result = q.run_round(linked.store, sleep=lambda _s: None)
    assert "does not accept this okrug's key" in result.error and result.tries == 1
    assert "does not accept" in q.queue_status(linked.store).last_error
    with pytest.raises(access.AlreadyRevoked):
        access.revoke(linked.district, "Қарағайлы ауылдық округі", by="Сейітов Н.", reason="again")
    (rev,) = access.revocations(linked.district)
    assert (rev.revoked_by, rev.reason, rev.lifted_at) == ("Сейітов Н.", "the laptop was stolen", None)
    access.lift(linked.district, "Қарағайлы ауылдық округі", by="Сейітов Н.")
    assert raw_request(service, linked, "POST", P.HELLO, b"{}")[0] == 200


def test_a_new_key_ends_the_revocation_of_the_old_one(linked, service, tmp_path):
    from zhoob_desktop.services.sync import export as ex
    from zhoob_desktop.services.sync.district import register_okrug

    access.revoke(linked.district, "Қарағайлы ауылдық округі", by="Сейітов Н.", reason="lost")
    old = ex.okrug_keys(linked.store).fingerprint
    ex.okrug_keys(linked.store).path.unlink()  # a new laptop: a new key (its copy in the data gone too)
    with linked.store.session() as s:
        s.execute(delete(Setting).where(Setting.key.startswith(KEY_BACKUP_SETTING)))
    ex.export_public_key(linked.store, tmp_path / "new.key")
    register_okrug(linked.district, tmp_path / "new.key", replace=old)
    result = q.run_round(linked.store, sleep=lambda _s: None)
    assert result.ok and result.delivered == [(1, "imported")]


def test_the_certificate_is_pinned_by_its_fingerprint(linked, service, tmp_path):
    held = q.link(linked.store)
    with pytest.raises(tls.CertificateMismatch):
        q.set_up(linked.store, service.url, fingerprint="0000 1111 2222 3333 4444 5555 6666 7777")
    assert q.link(linked.store) == held  # nothing changed
    with pytest.raises(q.FingerprintNeeded):
        q.set_up(linked.store, service.url)
    # a file from the district, checked against the fingerprint read aloud (spaces and case aside)
    (tmp_path / "cert.pem").write_text(service.cert.pem)
    lk = q.set_up(linked.store, service.url.upper().replace("HTTPS", "https"), certificate=tmp_path / "cert.pem",
                  fingerprint=service.fingerprint.upper().replace(" ", "-"))  # fmt: skip
    assert lk.confirmed and lk.fingerprint == service.fingerprint
    lk = q.set_up(linked.store, service.url, certificate=tmp_path / "cert.pem")
    assert not lk.confirmed  # taken without the telephone: to be compared
    # another service on the same address (a new certificate): nothing is sent to it
    impostor = ThreadService(linked.district, tmp_path / "impostor", linked.keys)
    impostor.port = service.port
    pinned = net.Link(service.url, service.cert.pem, impostor.fingerprint)
    c = net.DistrictClient(pinned, __import__("uuid").uuid4(), lambda m: b"", linked.keys.public().sign_key)
    with pytest.raises(net.CertificateChanged):
        c.hello(0)
    with pytest.raises(net.AddressInvalid):
        q.set_up(linked.store, "http://127.0.0.1:8443", fingerprint=service.fingerprint)


def test_an_answer_not_signed_by_the_district_is_not_trusted(linked, service, tmp_path):
    from zhoob_desktop.services.okrug import get_okrug
    from zhoob_desktop.services.sync import export as ex

    stranger = DistrictKeys(tmp_path / "stranger").ensure().public().sign_key
    c = net.DistrictClient(q.link(linked.store), get_okrug(linked.store).id, ex.okrug_keys(linked.store).sign,
                           stranger)  # fmt: skip
    with pytest.raises(net.AnswerNotSigned):
        c.hello(0)
    c.close()
