"""The district service for tests: in a thread of the test process, or as ``zhoob district serve``.

Both listen on 127.0.0.1 with TLS from a certificate made for the test; the
okrug pins its fingerprint like a real one.
"""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

from zhoob_desktop.services.sync.keys import DistrictKeys
from zhoob_desktop.services.sync.net import tls
from zhoob_desktop.services.sync.net.server import ServiceConfig, create_app

ROOT = Path(__file__).resolve().parents[4]
DISTRICT_NAME = "Іле ауданы"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def db_text(dstore) -> str:
    return dstore.engine.url.render_as_string(hide_password=False)


def wait_for_tls(port: int, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the service ended with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as raw:
                with ctx.wrap_socket(raw):
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


class ThreadService:
    """The application under uvicorn in a thread (one worker), for the quick tests."""

    def __init__(self, dstore, folder: Path, keys: DistrictKeys, *, clock=time.time, operator=None):
        """``operator``: who started the service (``OperatorInfo``), named by the district store's audit."""
        import dataclasses

        import uvicorn

        self.folder = Path(folder)
        self.cert = tls.server_certificate(self.folder / "tls", DISTRICT_NAME)
        config = ServiceConfig(db=db_text(dstore), keys=str(keys.folder), spool=str(self.folder / "spool"),
                               name=DISTRICT_NAME, operator=dataclasses.asdict(operator) if operator else None)  # fmt: skip
        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(
                create_app(config, clock=clock),
                host="127.0.0.1",
                port=self.port,
                ssl_certfile=str(self.cert.cert),
                ssl_keyfile=str(self.cert.key),
                log_level="warning",
                lifespan="on",
            )
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def fingerprint(self) -> str:
        return self.cert.fingerprint

    def start(self) -> ThreadService:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the service did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


class ProcessService:
    """``zhoob district serve`` with several worker processes, as the district runs it."""

    def __init__(self, db: str, data_dir: Path, keys_dir: Path, *, workers: int = 2):
        self.data_dir = Path(data_dir)
        self.keys_dir = Path(keys_dir)
        self.db = db
        self.workers = workers
        self.port = free_port()
        self.log = self.data_dir / "service.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def fingerprint(self) -> str:
        cert = self.data_dir / tls.TLS_DIR / tls.CERT_FILE
        return tls.fingerprint_of(tls.pem_to_der(cert.read_text("ascii")))

    def start(self) -> ProcessService:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "zhoob_desktop.cli", "--data-dir", str(self.data_dir), "--lang", "en",
            "district", "serve", "--db", self.db, "--keys", str(self.keys_dir), "--host", "127.0.0.1",
            "--port", str(self.port), "--workers", str(self.workers), "--name", DISTRICT_NAME,
            "--log-level", "warning",
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                                            start_new_session=True)  # fmt: skip
        try:
            wait_for_tls(self.port, process=self.process)
        except RuntimeError:
            self.stop()
            raise RuntimeError(self.log.read_text(errors="replace")[-3000:]) from None
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
