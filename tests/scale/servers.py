"""Real PostgreSQL and Redis servers for the scale-out tests, each in a throwaway folder.

Debian's packages provide them (``.ci/run`` installs ``postgresql`` and ``redis-server``); the
servers run on loopback ports of their own, never the machine's own clusters. PostgreSQL's
``initdb`` refuses to run as root: as root, the cluster is made and run as ``postgres``.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bin() -> Path | None:
    """Debian's newest PostgreSQL server binaries, if installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def redis_bin() -> str | None:
    return shutil.which("redis-server")


def _wait_for_port(port: int, what: str, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)  # polling for the port to open
    raise RuntimeError(f"{what} did not start:\n" + log.read_text(errors="replace")[-3000:])


class Postgres:
    """A cluster of our own: ``url`` reaches its ``atelier`` database as user ``atelier``."""

    def __init__(self) -> None:
        binaries = postgres_bin()
        if binaries is None:
            raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
        self.bin = binaries
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="atelier-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.as_root = os.geteuid() == 0

    def _run(self, *command: str) -> None:
        if self.as_root:
            command = ("runuser", "-u", "postgres", "--", *command)
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def url(self, database: str = "atelier") -> str:
        return f"postgresql+psycopg://atelier@127.0.0.1:{self.port}/{database}"

    def start(self) -> Postgres:
        self.folder.chmod(0o755)
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "atelier",
                  "--auth=trust", "-E", "UTF8", "--no-sync")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
                  "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                  "start")
        _wait_for_port(self.port, "PostgreSQL", self.log)
        self.create_database("atelier")
        return self

    def create_database(self, name: str) -> str:
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                  "-U", "atelier", name)
        return self.url(name)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # never started, or gone
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """A Redis of our own, in memory only: ``url`` reaches it."""

    def __init__(self) -> None:
        binary = redis_bin()
        if binary is None:
            raise FileNotFoundError("Redis is not installed (apt-get install redis-server)")
        self.binary = binary
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="atelier-redis-"))
        self.log = self.folder / "redis.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(self.folder)],
                stdout=log, stderr=subprocess.STDOUT)
        _wait_for_port(self.port, "Redis", self.log)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)
