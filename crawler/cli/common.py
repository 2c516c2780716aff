"""What the command implementations share: exit codes, the one-line error, opening the database."""

from __future__ import annotations

from crawler.config.model import Config
from storage.db import DatabaseError
from storage.repository import Repository

EXIT_OK, EXIT_FAIL, EXIT_PARTIAL = 0, 1, 3


class CliError(Exception):
    """A failure to report as one line and exit 1."""


def open_repo(config: Config) -> Repository:
    """The configured database, or a CliError saying why it cannot be opened."""
    try:
        return Repository.open(config.database.url)
    except DatabaseError as exc:
        raise CliError(str(exc)) from None
