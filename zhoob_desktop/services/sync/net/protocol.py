"""How the okrug and the district talk: signed requests, signed answers, paths and limits.

Every request carries the okrug's id, the time (Unix seconds), a random
nonce and an Ed25519 signature by the okrug's key over the method, the path
with its query, those three values and the SHA-256 of the body. The service
accepts it only from a registered, not revoked okrug, within ``WINDOW``
seconds of its own clock, with a nonce it has not seen in that window.

Every answer carries the district's Ed25519 signature over the request's
nonce, the status and the SHA-256 of the body, so an answer cannot be forged
or replayed for another request; the okrug checks it with the district key it
imported at set-up. The two domain strings keep a request signature from ever
passing for an answer and the other way round.
"""

from __future__ import annotations

import hashlib
import secrets

API = "/v1"
HELLO = f"{API}/hello"
UPLOADS = f"{API}/uploads"
RECEIPT = f"{API}/receipt"

H_OKRUG = "zhoob-okrug"
H_TIME = "zhoob-time"
H_NONCE = "zhoob-nonce"
H_SIGNATURE = "zhoob-signature"
H_ANSWER = "zhoob-answer-signature"
H_SERVER_TIME = "zhoob-server-time"
H_LANG = "zhoob-lang"

WINDOW = 300  # seconds either side of the service's clock
NONCE_BYTES = 16
CHUNK = 1024 * 1024  # one piece of an upload
CHUNK_MAX = 4 * CHUNK  # the most the service reads in one request
JSON_MAX = 64 * 1024  # a request's JSON body
BUNDLE_MAX = 1024 * 1024 * 1024  # the largest bundle the service takes
UNFINISHED_MAX = 4  # uploads one okrug may have open at once
ANSWER_MAX = 64 * 1024 * 1024  # the most the okrug reads of an answer (a receipt with many conflicts)

REQUEST_DOMAIN = b"zhoob-request/1"
ANSWER_DOMAIN = b"zhoob-answer/1"


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def new_nonce() -> str:
    return secrets.token_hex(NONCE_BYTES)


def request_message(method: str, target: str, okrug: str, when: str, nonce: str, digest: str) -> bytes:
    """The bytes an okrug signs for one request (``target``: the path with its query)."""
    return b"\n".join(
        [REQUEST_DOMAIN, method.upper().encode(), target.encode("utf-8"), okrug.encode(), when.encode(),
         nonce.encode(), digest.encode()]
    )  # fmt: skip


def answer_message(nonce: str, status: int, digest: str) -> bytes:
    """The bytes the district signs for one answer to the request with ``nonce``."""
    return b"\n".join([ANSWER_DOMAIN, nonce.encode(), str(int(status)).encode(), digest.encode()])


def valid_nonce(text: str) -> bool:
    return len(text) == 2 * NONCE_BYTES and all(ch in "0123456789abcdef" for ch in text)


__all__ = [
    "ANSWER_MAX",
    "API",
    "BUNDLE_MAX",
    "CHUNK",
    "CHUNK_MAX",
    "HELLO",
    "JSON_MAX",
    "RECEIPT",
    "UNFINISHED_MAX",
    "UPLOADS",
    "WINDOW",
    "answer_message",
    "body_digest",
    "new_nonce",
    "request_message",
    "valid_nonce",
]
