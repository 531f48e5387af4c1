"""The district service: an ASGI application (Starlette) over the district store, run by uvicorn.

``zhoob district serve`` starts uvicorn with several worker processes; each
builds this application from the configuration the command passes in the
environment (``CONFIG_ENV``). Every request is authenticated before anything
else is done for it (``protocol``: the okrug's signature, its key registered
and not revoked, the time window, a nonce never seen); every answer is signed
by the district's key. A request that fails authentication gets an empty
answer: the status, and nothing about the district or its okrugs.

Paths (``protocol``): ``POST /v1/hello`` (contact; what the district holds of
the okrug), ``POST /v1/uploads`` (announce a bundle or ask how far it got),
``PUT /v1/uploads/{id}?offset=N`` (one piece), ``POST /v1/uploads/{id}/finish``
(check and import), ``GET /v1/uploads/{id}`` (state), ``GET /v1/receipt``.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import logging
import os
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from zhoob_desktop import __version__
from zhoob_desktop.services.errors import ZhoobError
from zhoob_desktop.services.sync import bounded
from zhoob_desktop.services.sync.district_db import DistrictStore, open_district
from zhoob_desktop.services.sync.keys import DistrictKeys, KeySeal, verify
from zhoob_desktop.services.sync.net import access, uploads
from zhoob_desktop.services.sync.net import protocol as P

log = logging.getLogger("zhoob.district.service")

CONFIG_ENV = "ZHOOB_DISTRICT_SERVICE"
SQLITE_BUSY_MS = 120_000  # a worker waits this long for another's import to commit on SQLite


@dataclass(frozen=True)
class ServiceConfig:
    """What every worker process needs: the store, the keys, the spool folder."""

    db: str
    keys: str
    spool: str
    name: str = ""
    #: The data key of a SQLite district store encrypted with the data folder's key (hex; "" when it is
    #: plain or on PostgreSQL): the worker processes are given it as they are given the rest.
    key: str = ""
    #: The operator who started the service (id, login, full name, role; None when the data folder has
    #: no operators): the district store's rights and audit name him for every bundle imported.
    operator: dict[str, str] | None = None
    #: The key that opens the district's sealed private key files (hex; derived from the data key, it
    #: does not open the database): given to the workers the same way.
    seal: str = ""

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServiceConfig:
        return cls(**json.loads(os.environ[CONFIG_ENV]))


class _Started:
    """What the service was started with: the data key and the operator who started it. The okrugs
    authenticate by their keys; the district store's rights and audit are the operator's, as for
    ``zhoob district import``."""

    data_dir = Path(os.devnull)  # nothing is converted here: ``prepare`` opened the store first

    def __init__(self, config: ServiceConfig):
        from zhoob_desktop.services.security.roles import OperatorInfo

        self.key = bytes.fromhex(config.key) if config.key else None
        self.operator = OperatorInfo(**config.operator) if config.operator else None


class Deny(Exception):
    """An answer with nothing in it (authentication failed, or a malformed request)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class State:
    """One worker's open store, keys and spool."""

    def __init__(self, config: ServiceConfig, clock=time.time):
        self.config = config
        self.dstore: DistrictStore = open_district(
            config.db, store=_Started(config) if config.key or config.operator else None
        )
        if self.dstore.dialect == "sqlite":
            from sqlalchemy import event

            def busy(dbapi_connection, _record) -> None:
                dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")

            event.listen(self.dstore.engine, "connect", busy)
            self.dstore.engine.dispose()
        seal = KeySeal(bytes.fromhex(config.seal)) if config.seal else None
        self.keys = DistrictKeys(Path(config.keys), config.name, seal=seal).ensure()
        self.spool = uploads.Spool(Path(config.spool), serial=self.dstore.dialect == "sqlite")
        self.clock = clock
        self.requests = itertools.count()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    def close(self) -> None:
        self.dstore.close()


@dataclass(frozen=True)
class Signed:
    who: access.Caller
    nonce: str
    body: bytes


def _signed_response(state: State, nonce: str, status: int, payload: Any = None):
    from starlette.responses import Response

    body = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    signature = state.keys.sign(P.answer_message(nonce, status, P.body_digest(body)))
    headers = {
        P.H_ANSWER: base64.b64encode(signature).decode("ascii"),
        P.H_SERVER_TIME: str(int(state.clock())),
        "cache-control": "no-store",
    }
    return Response(
        body, status_code=status, headers=headers, media_type="application/json" if body else None
    )


async def _read_body(request, cap: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > cap):
        raise Deny(413)
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > cap:
            raise Deny(413)
        chunks.append(chunk)
    return b"".join(chunks)


async def authenticate(request, state: State, cap: int) -> Signed:
    """Check a request's signature, key, time and nonce before its body is used for anything."""
    from starlette.concurrency import run_in_threadpool

    h = request.headers
    okrug, when, nonce = h.get(P.H_OKRUG, ""), h.get(P.H_TIME, ""), h.get(P.H_NONCE, "")
    try:
        okrug_id = uuid.UUID(okrug)
        signature = base64.b64decode(h.get(P.H_SIGNATURE, ""), validate=True)
        moment = int(when)
    except ValueError:
        raise Deny(401) from None
    if not P.valid_nonce(nonce):
        raise Deny(401)
    if abs(state.clock() - moment) > P.WINDOW:
        raise Deny(401)
    who = await run_in_threadpool(_caller, state, okrug_id)
    if who is None:
        raise Deny(403)
    body = await _read_body(request, cap)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    message = P.request_message(request.method, target, okrug, when, nonce, P.body_digest(body))
    if not verify(who.public_key, signature, message):
        raise Deny(401)
    fresh = await run_in_threadpool(_first_use, state, who, nonce, request)
    if not fresh:
        raise Deny(401)
    return Signed(who, nonce, body)


def _caller(state: State, okrug_id: uuid.UUID):
    with state.dstore.session() as s:
        return access.caller(s, okrug_id)


def _first_use(state: State, who: access.Caller, nonce: str, request) -> bool:
    now = state.now()
    if not access.first_use(state.dstore, who.okrug_id, nonce, now):
        return False
    if next(state.requests) % 200 == 0:
        access.forget_old_nonces(state.dstore, now)
    address = request.client.host if request.client else ""
    access.touch(state.dstore, who.okrug_id, now, address=address)
    return True


def _json(body: bytes) -> Any:
    try:
        return bounded.loads(body)
    except ValueError:
        raise Deny(400) from None


def _bundle_id(request) -> uuid.UUID:
    try:
        return uuid.UUID(request.path_params["bundle_id"])
    except ValueError:
        raise Deny(404) from None


async def _handle(request, cap: int, work):
    """Authenticate, run ``work(state, signed)`` in a thread, answer signed."""
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import ClientDisconnect

    state: State = request.app.state.zhoob
    nonce = request.headers.get(P.H_NONCE, "")
    nonce = nonce if P.valid_nonce(nonce) else ""
    try:
        signed = await authenticate(request, state, cap)
        answer = await run_in_threadpool(work, state, signed)
    except Deny as exc:
        return _signed_response(state, nonce, exc.status)
    except ClientDisconnect:  # the connection dropped in the middle of the request: nobody to answer
        return _signed_response(state, nonce, 400)
    except uploads.UploadRefused as exc:
        return _signed_response(state, nonce, exc.status, {"error": uploads.error_json(exc)})
    except ZhoobError as exc:
        log.warning("refused: %s", exc)
        return _signed_response(state, nonce, 400, {"error": uploads.error_json(exc)})
    return _signed_response(state, nonce, answer.status, answer.body)


def _hello(state: State, signed: Signed) -> uploads.Answer:
    data = _json(signed.body) if signed.body else {}
    waiting = data.get("waiting") if isinstance(data, dict) else None
    agent = data.get("agent", "") if isinstance(data, dict) else ""
    access.touch(
        state.dstore,
        signed.who.okrug_id,
        state.now(),
        waiting=waiting if type(waiting) is int else None,
        agent=str(agent)[:100],
    )
    return uploads.Answer(
        200,
        {
            "district": state.keys.name or state.config.name,
            "okrug": signed.who.name,
            "time": int(state.clock()),
            "version": __version__,
            "chunk": P.CHUNK,
        },
    )


async def hello(request):
    return await _handle(request, P.JSON_MAX, _hello)


async def begin(request):
    def work(state: State, signed: Signed):
        return uploads.begin(
            state.dstore, state.keys, state.spool, signed.who, _json(signed.body), state.now()
        )

    return await _handle(request, P.JSON_MAX, work)


async def put(request):
    bundle_id = _bundle_id(request)
    try:
        offset = int(request.query_params.get("offset", ""))
    except ValueError:
        offset = -1

    def work(state: State, signed: Signed):
        if offset < 0:
            raise Deny(400)
        return uploads.put(state.dstore, state.spool, signed.who, bundle_id, offset, signed.body, state.now())

    return await _handle(request, P.CHUNK_MAX, work)


async def finish(request):
    bundle_id = _bundle_id(request)

    def work(state: State, signed: Signed):
        return uploads.finish(state.dstore, state.keys, state.spool, signed.who, bundle_id, state.now())

    return await _handle(request, P.JSON_MAX, work)


async def upload_state(request):
    bundle_id = _bundle_id(request)

    def work(state: State, signed: Signed):
        return uploads.status(state.dstore, state.keys, state.spool, signed.who, bundle_id)

    return await _handle(request, 0, work)


async def receipt(request):
    from zhoob_desktop.services.sync import receipts

    def work(state: State, signed: Signed):
        document, _info = receipts.receipt_document(state.dstore, state.keys, signed.who.okrug_id)
        return uploads.Answer(200, document)

    return await _handle(request, 0, work)


async def nothing(request):
    state: State = request.app.state.zhoob
    nonce = request.headers.get(P.H_NONCE, "")
    return _signed_response(state, nonce if P.valid_nonce(nonce) else "", 404)


def create_app(config: ServiceConfig, *, clock=time.time):
    """The service's ASGI application for one worker process."""
    from starlette.applications import Starlette
    from starlette.routing import Route

    @contextlib.asynccontextmanager
    async def lifespan(app):
        app.state.zhoob = State(config, clock)
        try:
            yield
        finally:
            app.state.zhoob.close()

    routes = [
        Route(P.HELLO, hello, methods=["POST"]),
        Route(P.UPLOADS, begin, methods=["POST"]),
        Route(P.UPLOADS + "/{bundle_id}", put, methods=["PUT"]),
        Route(P.UPLOADS + "/{bundle_id}", upload_state, methods=["GET"]),
        Route(P.UPLOADS + "/{bundle_id}/finish", finish, methods=["POST"]),
        Route(P.RECEIPT, receipt, methods=["GET"]),
        Route("/{rest:path}", nothing, methods=["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def app_from_env():
    """The application of one uvicorn worker, configured by ``zhoob district serve``."""
    return create_app(ServiceConfig.from_env())


__all__ = ["CONFIG_ENV", "ServiceConfig", "app_from_env", "authenticate", "create_app"]
