"""A throwaway PostgreSQL cluster for the hub tests: Debian's server binaries, a temporary folder, a Unix
socket only (no TCP), run as an unprivileged user (initdb refuses root)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import conninfo

ADMIN = "postgres"


def find_bin_dir() -> Path | None:
    # Debian's own folder first: /usr/bin's wrappers pick a cluster, which a throwaway one is not.
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "postgres").exists():
            return folder
    return None


class PgServer:
    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self.data = root / "data"
        self.sockets = root / "run"
        self.log = root / "server.log"
        # As root the server runs as the 'postgres' user; otherwise as whoever runs the tests.
        self.as_user = "postgres" if os.geteuid() == 0 else None
        self.process: subprocess.Popen[bytes] | None = None

    def _command(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", self.as_user, "--"] if self.as_user else []
        return [*prefix, *args]

    def init(self) -> None:
        self.sockets.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            entry = pwd.getpwnam(self.as_user)
            for path in (self.root, self.sockets):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        subprocess.run(
            self._command(
                str(self.bin_dir / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                ADMIN,
                "--no-sync",
                "-E",
                "UTF8",
                "--locale",
                "C",
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self._command(
                    str(self.bin_dir / "postgres"),
                    "-D",
                    str(self.data),
                    "-k",
                    str(self.sockets),
                    "-c",
                    "listen_addresses=",
                    "-c",
                    "fsync=off",
                    "-c",
                    "max_connections=100",
                ),
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"postgres did not start: {self.log.read_text()[-2000:]}") from None
                time.sleep(0.1)
        raise RuntimeError("postgres did not accept connections within 30 s")

    def stop(self, *, immediate: bool = False) -> None:
        """Stop the server: ``immediate`` is as abrupt as a crash (no checkpoint, connections cut)."""
        if self.process is None:
            return
        subprocess.run(
            self._command(
                str(self.bin_dir / "pg_ctl"),
                "stop",
                "-D",
                str(self.data),
                "-w",
                "-m",
                "immediate" if immediate else "fast",
            ),
            check=True,
            capture_output=True,
        )
        self.process.wait(timeout=30)
        self.process = None

    def url(self, database: str, user: str = ADMIN) -> str:
        return conninfo.make_conninfo(host=str(self.sockets), dbname=database, user=user)

    def new_database(self) -> str:
        name = f"hub_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"'.encode())
        return name
