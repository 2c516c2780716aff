"""Start-up check: every folder a job will write exists and is writable, before anything runs.

A deployment whose state folder is not writable by the service user (a wrong owner, a
read-only mount, systemd's `ProtectSystem=strict` without `ReadWritePaths=`) would
otherwise start, then fail each cycle with a traceback while the service looks
healthy. The commands that write (`run`, `crawl`, `daemon`, `export`) call
`check_writable` first: a folder (or, when it is missing, the folder that would
hold it) that cannot be written is one line naming it and the user, and the command
exits 1. Nothing is created here: the job makes its folders when it writes them.

Writability is tested by creating (and removing) a file in the folder, not by
`os.access`: only a real write sees read-only mounts and systemd's sandboxing.
"""

from __future__ import annotations

import errno
import os
import pwd
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from crawler.config.model import Config, ConfigError


class UnwritableFolder(ConfigError):
    """A folder (or SQLite file) the job must write but cannot; the message is one line."""


def current_user() -> str:
    """The effective user's name (its number where it has no passwd entry, as in containers)."""
    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def sqlite_file(url: str) -> Path | None:
    """The database file of an SQLite URL (None for a server database or `:memory:`)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def job_folders(
    config: Config,
    *,
    export_dir: Path | None = None,
    crawl: bool = True,
    export: bool = True,
    daemon: bool = False,
) -> list[Path]:
    """The folders a job writes: state folder and crawl logs (`crawl`), the SQLite file's
    folder, the export folder (`export`: `export_dir` or `export.dir`), and the daemon's
    log file folder (`daemon`)."""
    folders: list[Path] = []
    if crawl:
        folders += [config.state_dir, config.log_dir]
    database = sqlite_file(config.database.url)
    if database is not None:
        folders.append(database.parent)
    if export:
        folders.append(Path(export_dir or config.export.dir))
    if daemon and config.logging.file is not None:
        folders.append(config.logging.file.parent)
    return list(dict.fromkeys(folder.expanduser().absolute() for folder in folders))


def _fail(path: Path, exc: OSError) -> UnwritableFolder:
    reason = exc.strerror or type(exc).__name__
    return UnwritableFolder(f"cannot write {path} as user {current_user()}: {reason}")


def check_writable(folders: Iterable[Path], database_url: str | None = None) -> None:
    """Write a file in each folder, or in the nearest existing folder above a missing one
    (which the job will create); an existing SQLite file must open for writing.

    Nothing is created, so a job refused later (its database down) leaves no trace.
    UnwritableFolder names the first folder that fails.
    """
    for folder in folders:
        try:
            _try_write(_nearest_existing(folder))
        except OSError as exc:
            raise _fail(folder, exc) from None
    database = sqlite_file(database_url) if database_url else None
    if database is not None and database.exists():
        try:
            with database.open("r+b"):  # opened for writing, nothing written
                pass
        except OSError as exc:
            raise _fail(database, exc) from None


def _nearest_existing(folder: Path) -> Path:
    """`folder`, or its nearest ancestor that exists (a file there cannot hold folders)."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            if not candidate.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(candidate))
            return candidate
    return Path(folder.anchor)


def _try_write(folder: Path) -> None:
    with tempfile.TemporaryFile(dir=folder, prefix=".asnwatch-write-check-"):
        pass


def preflight(
    config: Config,
    *,
    export_dir: Path | None = None,
    crawl: bool = True,
    export: bool = True,
    daemon: bool = False,
) -> None:
    """`check_writable` on the folders a job writes (see `job_folders`)."""
    folders = job_folders(config, export_dir=export_dir, crawl=crawl, export=export, daemon=daemon)
    check_writable(folders, config.database.url)
