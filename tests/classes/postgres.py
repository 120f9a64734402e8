"""A throwaway PostgreSQL cluster for the storage tests: Debian's initdb and pg_ctl, a free port, a temporary
folder, run as the ``postgres`` user when the tests run as root (PostgreSQL refuses to run as root)."""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binaries() -> Path | None:
    """The newest installed server's bin/ (Debian puts each major version in /usr/lib/postgresql/<v>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


class Cluster:
    """``Cluster.start()`` initialises and starts a cluster; ``stop()`` stops it and deletes its files."""

    def __init__(self, bin_dir: Path, folder: Path, port: int, user: str | None):
        self.bin_dir, self.folder, self.port, self.user = bin_dir, folder, port, user
        self.n_databases = 0

    @classmethod
    def start(cls) -> "Cluster":
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        user = None
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError as e:
                raise RuntimeError("running as root and there is no postgres user to run PostgreSQL as") from e
        folder = Path(tempfile.mkdtemp(prefix="ae-pg-"))
        if user is not None:
            os.chown(folder, user.pw_uid, user.pw_gid)
        cluster = cls(bin_dir, folder, free_port(), user and user.pw_name)
        try:
            cluster._run("initdb", "-D", "data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale",
                         "--no-sync")
            cluster.resume()
        except BaseException:
            cluster.remove()
            raise
        return cluster

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = (self.folder / "log").read_text() if (self.folder / "log").exists() else ""
            raise RuntimeError(f"{program} failed: {done.stderr.strip()} {log[-2000:]}")

    def pause(self) -> None:
        """Stop the server, keeping its data: the database is down until :meth:`resume`."""
        self._run("pg_ctl", "-D", "data", "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", "data", "-l", "log", "-o", options, "-w", "-t", "60", "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database's URL: each test starts from nothing, migrations included."""
        self.n_databases += 1
        name = f"test_{self.n_databases}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", "data", "-m", "immediate", "-w", "stop")
        finally:
            self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def cluster_for_tests() -> "Cluster":
    """A started throwaway cluster; without PostgreSQL the test is skipped, or fails under CI=true."""
    import pytest

    try:
        return Cluster.start()
    except Exception as e:  # noqa: BLE001 - any reason it cannot start means the same: no PostgreSQL here
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL could not be started under CI: {e}")
        pytest.skip(f"PostgreSQL could not be started: {e}")
