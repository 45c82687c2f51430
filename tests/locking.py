"""Another process holding SQLite's write lock, as a purge, an import or a backup does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Takes the write lock, says so, and keeps it until its standard input closes or ``seconds``
# have passed; the lock goes with the process.
HOLD = """
import select, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
select.select([sys.stdin], [], [], float(sys.argv[2]))
"""


class WriteLockHolder:
    """A process that holds the write lock of the database at ``path``."""

    def __init__(self, path: Path, seconds: float = 60) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(path), str(seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.strip() == "locked", f"the lock holder failed: {line!r}"

    def holding(self) -> bool:
        """Is the lock still held (the process, and so its lock, still there)?"""
        return self.process.poll() is None

    def release(self) -> None:
        """Let go of the lock, and wait until it is gone."""
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()
        self.process.wait(timeout=30)

    def __enter__(self) -> WriteLockHolder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()
        if self.process.stdout:
            self.process.stdout.close()
