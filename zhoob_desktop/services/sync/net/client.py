"""The okrug's side of the district service: signed requests over a pinned TLS connection.

The connection is taken only when the service presents exactly the
certificate pinned at set-up (its fingerprint is compared before a byte of a
request is sent); each request is signed with the okrug's key and each answer
checked against the district's key. The standard library's ``http.client``
is all it needs, so the okrug's program carries no web library.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from zhoob_desktop import __version__
from zhoob_desktop.services.i18n import N_, _
from zhoob_desktop.services.sync import bounded
from zhoob_desktop.services.sync.errors import SyncError
from zhoob_desktop.services.sync.keys import verify
from zhoob_desktop.services.sync.net import protocol as P
from zhoob_desktop.services.sync.net.tls import CertificateMismatch, bare, fingerprint_of

DEFAULT_PORT = 8443
FINISH_TIMEOUT = 900.0  # the import of a large bundle under load
# After a cut in the middle of a piece the next piece is half as long, down to this: a link that drops
# every few dozen kilobytes still carries a bundle; pieces that get through grow back to the service's.
PIECE_MIN = 32 * 1024


class NetError(SyncError):
    """The service could not be used this time; ``transient``: trying again later may work."""

    transient = True


class AddressInvalid(NetError):
    transient = False
    template = N_(
        "{url} is not an address of a district service; write it as https://name-or-address:port "
        "(the district tells it)."
    )


class ServerUnreachable(NetError):
    template = N_(
        "The district service at {url} cannot be reached ({detail}); the bundles wait and are sent "
        "when it can be."
    )


class CertificateChanged(NetError):
    transient = False
    template = N_(
        "The district service at {url} shows a certificate with the fingerprint {fingerprint}, not the "
        "one pinned at set-up ({pinned}); nothing was sent. Ask the district: if it has a new certificate, "
        "set the connection up again with the fingerprint it reads to you."
    )


class AnswerNotSigned(NetError):
    template = N_(
        "An answer from {url} does not carry the district's signature; it was not trusted and nothing "
        "was taken from it."
    )


class OkrugNotAccepted(NetError):
    transient = False
    template = N_(
        "The district service does not accept this okrug's key: it is not registered there, or the "
        "district revoked it. Ask the district to register the okrug's key."
    )


class ClockDiffers(NetError):
    template = N_(
        "The laptop's clock differs from the district's by {minutes} minutes; the district takes a "
        "request only within 5 minutes of its own time. Set the date and time of the laptop."
    )


class RequestRefused(NetError):
    template = N_("The district service refused a request ({status}); the bundles wait.")


class ServiceTrouble(NetError):
    template = N_("The district service has a problem ({status}); the bundles wait and are sent later.")


class RemoteRefusal(NetError):
    """The service's own typed refusal, shown in the okrug's language."""

    transient = False


def remote_error(error: dict[str, Any] | None, status: int) -> NetError:
    """The service's refusal (``{"template", "params", "citation"}``) as an error of this program."""
    if not isinstance(error, dict) or not isinstance(error.get("template"), str):
        return RequestRefused(status=status)
    params = error.get("params") if isinstance(error.get("params"), dict) else {}
    citation = error.get("citation") if isinstance(error.get("citation"), str) else None
    exc = RemoteRefusal(error["template"], citation=citation, **{str(k): str(v) for k, v in params.items()})
    exc.transient = status in (409, 422, 429, 503)
    exc.code = str(error.get("code", ""))
    try:
        exc.message()
    except (KeyError, IndexError, ValueError):
        return RequestRefused(status=status)
    return exc


@dataclass(frozen=True)
class Link:
    """The district service as set up in the okrug: its address and its pinned certificate."""

    url: str
    certificate: str  # PEM
    fingerprint: str
    confirmed: bool = True
    auto: bool = True

    @property
    def host_port(self) -> tuple[str, int]:
        return parse_url(self.url)


def parse_url(url: str) -> tuple[str, int]:
    """(host, port) of ``https://host[:port]``; anything else is refused."""
    try:
        parts = urlsplit(str(url).strip())
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise AddressInvalid(url=str(url)[:200]) from None
    if parts.scheme != "https" or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise AddressInvalid(url=str(url)[:200])
    return parts.hostname, port


def normal_url(url: str) -> str:
    host, port = parse_url(url)
    shown = f"[{host}]" if ":" in host else host
    return f"https://{shown}:{port}"


def fetch_certificate(url: str, *, timeout: float = 15.0) -> str:
    """The certificate the service at ``url`` presents (PEM), not yet trusted: its fingerprint decides."""
    host, port = parse_url(url)
    ctx = _context()
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            with ctx.wrap_socket(raw, server_hostname=host if not _is_ip(host) else None) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as exc:
        raise ServerUnreachable(url=normal_url(url), detail=_describe(exc)) from exc
    return ssl.DER_cert_to_PEM_cert(der)


def check_pin(pem: str, fingerprint: str) -> str:
    """The certificate's fingerprint, when it is the one read over the telephone."""
    from zhoob_desktop.services.sync.net.tls import pem_to_der

    found = fingerprint_of(pem_to_der(pem))
    if bare(found) != bare(fingerprint):
        raise CertificateMismatch(fingerprint=found, expected=fingerprint.strip()[:80])
    return found


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _context() -> ssl.SSLContext:
    # The pin, not a certificate authority, decides whom the okrug talks to: the certificate is
    # compared with the pinned one right after the handshake, before anything is sent.
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return _("no answer in time")
    if isinstance(exc, ConnectionRefusedError):
        return _("the connection was refused")
    if isinstance(exc, ConnectionResetError | BrokenPipeError | http.client.RemoteDisconnected):
        return _("the connection was cut")
    if isinstance(exc, socket.gaierror):
        return _("the name is not known")
    if isinstance(exc, ssl.SSLError):
        return _("the secure connection failed")
    if isinstance(exc, http.client.IncompleteRead):
        return _("the answer was cut short")
    return type(exc).__name__


@dataclass(frozen=True)
class Reply:
    status: int
    data: Any
    raw: bytes


class DistrictClient:
    """Signed requests to one district service, over one kept-alive pinned connection."""

    def __init__(
        self,
        link: Link,
        okrug_id: uuid.UUID,
        sign: Callable[[bytes], bytes],
        district_key: bytes,
        *,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.time,
    ):
        self.link = link
        self.url = normal_url(link.url)
        self.okrug_id = str(okrug_id)
        self.sign = sign
        self.district_key = district_key
        self.timeout = timeout
        self.clock = clock
        self._conn: http.client.HTTPSConnection | None = None
        self._reused = False
        self.piece: int | None = None  # the piece that gets through this link; None: the service's
        self.advanced = 0  # bytes of bundles the service took from this client (a round sees its progress)

    # -- the connection ---------------------------------------------------------------------------

    def _connection(self) -> http.client.HTTPSConnection:
        if self._conn is not None:
            return self._conn
        host, port = self.link.host_port
        conn = http.client.HTTPSConnection(host, port, context=_context(), timeout=self.timeout)
        try:
            conn.connect()
            der = conn.sock.getpeercert(binary_form=True)
        except (OSError, ssl.SSLError, http.client.HTTPException) as exc:
            conn.close()
            raise ServerUnreachable(url=self.url, detail=_describe(exc)) from exc
        found = fingerprint_of(der)
        if bare(found) != bare(self.link.fingerprint):
            conn.close()
            raise CertificateChanged(url=self.url, fingerprint=found, pinned=self.link.fingerprint)
        self._conn = conn
        return conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> DistrictClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- one request ------------------------------------------------------------------------------

    def call(self, method: str, target: str, body: bytes = b"", *, timeout: float | None = None) -> Reply:
        """Send one signed request; the answer, its signature checked. 200 and 409 (the service holds
        another offset) are answers; any other status, or a refusal, raises the error it stands for.

        Every request of the service is idempotent, so one cut on a kept-alive connection (closed by
        the service while idle) is sent again at once on a new one, with a new nonce."""
        try:
            return self._call(method, target, body, timeout)
        except ServerUnreachable:
            if not self._reused:
                raise
        return self._call(method, target, body, timeout)

    def _call(self, method: str, target: str, body: bytes, timeout: float | None) -> Reply:
        when, nonce = str(int(self.clock())), P.new_nonce()
        message = P.request_message(method, target, self.okrug_id, when, nonce, P.body_digest(body))
        headers = {
            P.H_OKRUG: self.okrug_id,
            P.H_TIME: when,
            P.H_NONCE: nonce,
            P.H_SIGNATURE: base64.b64encode(self.sign(message)).decode("ascii"),
            "content-type": "application/octet-stream" if method == "PUT" else "application/json",
            "user-agent": f"zhoob-desktop/{__version__}",
        }
        self._reused = self._conn is not None
        conn = self._connection()
        try:
            conn.sock.settimeout(timeout or self.timeout)
            conn.request(method, target, body=body, headers=headers)
            resp = conn.getresponse()
            raw = resp.read(P.ANSWER_MAX + 1)
            status, signature = resp.status, resp.getheader(P.H_ANSWER, "")
            server_time = resp.getheader(P.H_SERVER_TIME, "")
            if resp.will_close:
                self.close()
        except (OSError, ssl.SSLError, http.client.HTTPException) as exc:
            self.close()
            raise ServerUnreachable(url=self.url, detail=_describe(exc)) from exc
        if len(raw) > P.ANSWER_MAX:
            self.close()
            raise ServiceTrouble(status=_("answer too large"))
        try:
            good = verify(self.district_key, base64.b64decode(signature, validate=True),
                          P.answer_message(nonce, status, P.body_digest(raw)))  # fmt: skip
        except ValueError:
            good = False
        if not good:
            self.close()
            raise AnswerNotSigned(url=self.url)
        data = None
        if raw:
            try:
                data = bounded.loads(raw)
            except ValueError:
                raise ServiceTrouble(status=status) from None
        error = data.get("error") if isinstance(data, dict) else None
        if status in (200, 409) and error is None:
            return Reply(status, data, raw)
        if status == 403:
            raise OkrugNotAccepted()
        if status == 401:
            if server_time.isdigit() and abs(int(server_time) - int(when)) > P.WINDOW:
                raise ClockDiffers(minutes=round(abs(int(server_time) - int(when)) / 60))
            raise RequestRefused(status=status)
        if error is not None:
            raise remote_error(error, status)
        if status >= 500:
            raise ServiceTrouble(status=status)
        raise RequestRefused(status=status)

    def post_json(self, target: str, payload: Any, **kw) -> Reply:
        return self.call("POST", target, json.dumps(payload).encode("utf-8"), **kw)

    # -- the service's operations ------------------------------------------------------------------

    def hello(self, waiting: int) -> dict[str, Any]:
        return self.post_json(P.HELLO, {"waiting": waiting, "agent": f"zhoob-desktop/{__version__}"}).data

    def receipt(self) -> bytes:
        return self.call("GET", P.RECEIPT).raw

    def upload(
        self,
        path: Path,
        *,
        bundle_id: uuid.UUID,
        seq: int,
        size: int,
        sha256: str,
        name: str,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> dict[str, Any]:
        """Send a bundle from where the service stands, then have it imported; its final answer.

        A dropped connection raises ``ServerUnreachable``; calling again resumes
        at the byte the service holds, with a piece half as long when the cut came in the middle of
        one (``PIECE_MIN`` at least; it grows back as pieces get through). The answer's ``state`` is "imported",
        "already" or "refused" (with ``refusal``: the importer's reason); the first two carry the receipt.
        """
        meta = {"bundle_id": str(bundle_id), "seq": seq, "size": size, "sha256": sha256, "name": name}
        reply = self.post_json(P.UPLOADS, meta)
        answer = reply.data or {}
        target = f"{P.UPLOADS}/{bundle_id}"
        with open(path, "rb") as fh:
            for _round in range(10_000):
                state = answer.get("state")
                if state != "receiving":
                    if reply.status != 200:  # finished elsewhere meanwhile: ask for the outcome
                        reply = self.post_json(P.UPLOADS, meta)
                        answer = reply.data or {}
                        continue
                    return answer
                held = int(answer.get("received", 0))
                if progress is not None:
                    progress(held, size)
                if cancelled is not None and cancelled():
                    from zhoob_desktop.services.errors import OperationCancelled

                    raise OperationCancelled()
                if held >= size:
                    reply = self.post_json(f"{target}/finish", {}, timeout=FINISH_TIMEOUT)
                    answer = reply.data or {}
                    continue
                chunk = max(1, min(int(answer.get("chunk") or P.CHUNK), P.CHUNK_MAX))
                fh.seek(held)
                piece = fh.read(min(self.piece or chunk, chunk))
                try:
                    reply = self.call("PUT", f"{target}?offset={held}", piece)
                except ServerUnreachable:
                    self.piece = max(min(PIECE_MIN, chunk), len(piece) // 2)
                    raise
                if reply.status == 200:
                    self.advanced += len(piece)
                    if self.piece is not None:
                        self.piece = None if self.piece * 2 >= chunk else self.piece * 2
                answer = {**(reply.data or {}), "chunk": answer.get("chunk")}
        raise ServiceTrouble(status=_("the upload does not advance"))


__all__ = [
    "AddressInvalid",
    "AnswerNotSigned",
    "CertificateChanged",
    "ClockDiffers",
    "DistrictClient",
    "Link",
    "PIECE_MIN",
    "NetError",
    "OkrugNotAccepted",
    "RemoteRefusal",
    "RequestRefused",
    "ServerUnreachable",
    "ServiceTrouble",
    "check_pin",
    "fetch_certificate",
    "normal_url",
    "parse_url",
    "remote_error",
]
