"""A throw-away PostgreSQL server for the district tests: initdb + pg_ctl on a free port.

Runs the server as the ``postgres`` user when the tests run as root (PostgreSQL
refuses to run as root). ``PgServer.create_database`` makes a fresh database
from a migrated template in a fraction of a second.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


class PgUnavailable(Exception):
    """Why no server could be started (the tests skip with this reason)."""


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    def __init__(self, *, durable: bool = False):
        """``durable``: the server's own defaults (fsync, full page writes) instead of the tests' speed."""
        self.durable = durable
        bin_dir = _bin_dir()
        if bin_dir is None or not (bin_dir / "initdb").exists():
            raise PgUnavailable("PostgreSQL binaries (initdb, pg_ctl) are not installed")
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="zhoob-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise PgUnavailable(
                    "running as root and there is no 'postgres' user to run the server"
                ) from exc
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self.user = "postgres"
        self.started = False

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if self.user:
            runner = shutil.which("runuser")
            cmd = [runner, "-u", self.user, "--", *cmd] if runner else ["su", self.user, "-c", " ".join(cmd)]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.root)

    def start(self) -> PgServer:
        r = self._run(
            self.bin / "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--locale=C",
        )
        if r.returncode != 0:
            raise PgUnavailable(f"initdb failed: {r.stderr.strip()[-400:]}")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off"
        r = self._run(
            self.bin / "pg_ctl", "-D", self.data, "-o", options, "-l", self.root / "log", "-w", "start"
        )
        if r.returncode != 0:
            log = (self.root / "log").read_text() if (self.root / "log").exists() else ""
            raise PgUnavailable(f"pg_ctl start failed: {(r.stderr + log).strip()[-400:]}")
        self.started = True
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as c:
            c.execute(sql)

    def create_database(self, template: str | None = None) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def stop(self) -> None:
        if self.started:
            self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "stop")  # waits for it
            self.started = False
        # The server's files (a database copied from the template for each test) go in a process of
        # their own, not waited for: tens of thousands of files took 7-35 s to remove at the end of
        # a test session on a busy disk.
        removing = self.root.with_name(self.root.name + "-removed")
        try:
            self.root.rename(removing)
        except OSError:
            shutil.rmtree(self.root, ignore_errors=True)
            return
        subprocess.Popen(
            ["rm", "-rf", "--", str(removing)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
