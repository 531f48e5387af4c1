"""Start the district service: migrate the store, make the keys and certificate, run uvicorn's workers."""

from __future__ import annotations

import dataclasses
import inspect
import os
from dataclasses import dataclass
from pathlib import Path

from zhoob_desktop.services.i18n import N_
from zhoob_desktop.services.sync.district_db import database_url, open_district
from zhoob_desktop.services.sync.errors import SyncError
from zhoob_desktop.services.sync.keys import DistrictKeys
from zhoob_desktop.services.sync.net.server import CONFIG_ENV, ServiceConfig
from zhoob_desktop.services.sync.net.tls import ServerCertificate

APP = "zhoob_desktop.services.sync.net.server:app_from_env"
DEFAULT_PORT = 8443
WORKER_HEALTHCHECK = 120  # seconds a busy worker may take to answer uvicorn's supervisor


class ServiceMissing(SyncError):
    template = N_(
        "The district service needs the packages of the district set ({detail}): install them with "
        "`pip install --require-hashes --no-deps -r requirements/district.txt`, or start it with "
        "scripts/serve-district, which does it."
    )


@dataclass(frozen=True)
class Started:
    """What the operator is told before the service starts listening."""

    url: str
    workers: int
    dialect: str
    key_fingerprint: str
    certificate_fingerprint: str


def default_workers(dialect: str) -> int:
    """PostgreSQL takes imports of several okrugs at once; SQLite writes one transaction at a time."""
    if dialect == "sqlite":
        return 1
    return max(2, min(8, os.cpu_count() or 2))


def prepare(
    db: str | Path, keys: DistrictKeys, spool: Path, name: str = "", *, store=None
) -> tuple[ServiceConfig, str]:
    """Create and migrate the store once, before the workers start; (their configuration, dialect).

    ``store``: the operator logged in to the data folder (its rights, and the name the district
    store's audit gives each bundle the workers import; the data key of a SQLite district store
    encrypted with it), handed to the workers.
    """
    dstore = open_district(db, store=store)
    dialect = dstore.dialect
    key = dstore.key.hex() if dstore.key else ""
    dstore.close()
    url = database_url(db)
    text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    keys.ensure()
    operator = getattr(store, "operator", None)
    return ServiceConfig(
        db=text, keys=str(keys.folder), spool=str(Path(spool)), name=name or keys.name, key=key,
        operator=dataclasses.asdict(operator) if operator is not None else None,
        seal=keys.seal.key.hex() if keys.seal is not None else "",
    ), dialect  # fmt: skip


def run(
    config: ServiceConfig,
    certificate: ServerCertificate,
    *,
    host: str,
    port: int,
    workers: int,
    log_level: str = "info",
) -> None:
    """Run uvicorn until it is stopped (Ctrl+C, SIGTERM)."""
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError as exc:
        raise ServiceMissing(detail=str(exc)) from exc
    os.environ[CONFIG_ENV] = config.to_env()
    extra = {}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
        # A worker importing several okrugs' bundles on a loaded machine answers the supervisor late;
        # killed after uvicorn's 5 s it would lose every import it runs (and its okrugs try again).
        extra["timeout_worker_healthcheck"] = WORKER_HEALTHCHECK
    uvicorn.run(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        ssl_certfile=str(certificate.cert),
        ssl_keyfile=str(certificate.key),
        log_level=log_level,
        timeout_keep_alive=30,
        server_header=False,
        proxy_headers=False,
        **extra,
    )


__all__ = ["APP", "DEFAULT_PORT", "ServiceMissing", "Started", "default_workers", "prepare", "run"]
