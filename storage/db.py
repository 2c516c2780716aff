"""Engines for SQLite and PostgreSQL, with the settings each needs to be safe.

SQLite: WAL mode (a writer and readers at once; docs/library-facts.md: 2.4x
the commits and no "database is locked"), a busy timeout, foreign keys on,
and write transactions begun as `BEGIN IMMEDIATE`: a transaction that reads
then writes would otherwise fail at once on the read-to-write upgrade.
Read-only work asks for `readonly_connection()` and gets a plain `BEGIN`.

The busy timeout (how long a write waits for another writer's lock before
"database is locked") is 30 s unless the URL says otherwise with SQLite's own
`?timeout=SECONDS` parameter. It lives in the URL, not in a config key, because
the URL is the one thing every process that opens the database is given (the
CLI, each `scrapy crawl`, the daemon), so it cannot differ between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

BUSY_TIMEOUT_MS = 30_000
TIMEOUT_PARAM = "timeout"  # SQLite URL query parameter, seconds (pysqlite's own name)


class DatabaseError(RuntimeError):
    """A database that cannot be opened or reached; the message never holds a password."""


def redact_url(url: str) -> str:
    """The URL with any password masked: the only form that may be logged or shown.

    Read by hand, not by SQLAlchemy's parser: a password with an unencoded `@`
    (`asn:S3cret@Pw0rd@host`) parses as host `Pw0rd@host` and would show half
    the password. The credentials end at the last `@` (a host never holds
    one), so everything between the first `:` and that `@` is masked, and so
    is a `password=` query parameter. Masking too much is harmless; too little
    is a leak.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "<unparsable database URL>"
    at = rest.rfind("@")
    if at >= 0 and not scheme.startswith("sqlite"):  # an SQLite path may hold `@` and `:`
        user, colon, _ = rest[:at].partition(":")
        rest = f"{user}{':***' if colon else ''}@{rest[at + 1 :]}"
    return f"{scheme}://{_QUERY_SECRET.sub(_mask_value, rest)}"


_QUERY_SECRET = re.compile(r"([?&](?:password|passwd|pwd|sslpassword)=)[^&]*", re.IGNORECASE)


def _mask_value(match: re.Match[str]) -> str:
    return f"{match.group(1)}***"


def check_url_credentials(url: str) -> None:
    """A DatabaseError when the credentials hold an unencoded `@`, with the fix.

    SQLAlchemy would split at the first `@` and try to reach a host named after
    the rest of the password.
    """
    scheme, _, rest = url.partition("://")
    authority = re.split(r"[/?]", rest, maxsplit=1)[0]  # encoded, it holds no `/` or `?`
    if not scheme.startswith("sqlite") and authority.count("@") > 1:
        raise DatabaseError(
            f"invalid database URL {redact_url(url)!r}: the user name or password contains '@'; "
            "percent-encode it (@ as %40, : as %3A, / as %2F)"
        )


def create_db_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite's folder created and its pragmas set."""
    check_url_credentials(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"invalid database URL {redact_url(url)!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    try:
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    except (ArgumentError, ModuleNotFoundError) as exc:
        raise DatabaseError(f"cannot use database {redact_url(url)}: {exc}") from exc


def sqlite_busy_timeout_ms(url: URL) -> int:
    """The busy timeout an SQLite URL asks for (`?timeout=SECONDS`), else the default."""
    raw = url.query.get(TIMEOUT_PARAM)
    if raw is None:
        return BUSY_TIMEOUT_MS
    value = raw[-1] if isinstance(raw, tuple) else raw
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also rejects NaN
        raise DatabaseError(f"invalid ?{TIMEOUT_PARAM}={value!r}: expected seconds, e.g. 30")
    return round(seconds * 1000)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    # A `file:` URI (`?uri=true`) names its file inside the URI: no folder to create here.
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"cannot create the database folder {folder}: {exc.strerror or exc}"
            ) from exc
    busy_ms = sqlite_busy_timeout_ms(make_url(url))
    engine = create_engine(url, connect_args={"timeout": busy_ms / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    if database and database != ":memory:":
        _name_file_in_errors(engine, str(Path(database).expanduser()))

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        readonly = conn.get_execution_options().get("asnwatch_readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


#: SQLite's messages about the file itself, which do not say which file.
_FILE_ERRORS = (
    "file is not a database",
    "attempt to write a readonly database",
    "unable to open database file",
    "database disk image is malformed",
)


def _name_file_in_errors(engine: Engine, path: str) -> None:
    """Put the database file's path in SQLite's errors about the file ("PATH: file is not ...").

    The driver's message is what the CLI and logs show (`database_error_reason`);
    the exception keeps its type, so callers that retry or count errors are unchanged.
    """

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        orig = context.original_exception
        message = str(orig)
        if message.startswith(_FILE_ERRORS) and path not in message:
            orig.args = (f"{path}: {message}", *orig.args[1:])


@contextmanager
def readonly_connection(engine: Engine) -> Iterator[Connection]:
    """A connection whose transactions never take SQLite's write lock."""
    with engine.connect() as conn:
        conn = conn.execution_options(asnwatch_readonly=True)
        yield conn


def database_error_reason(exc: DBAPIError) -> str:
    """The driver's own first line ("database is locked", "connection refused").

    Never SQLAlchemy's full text, which carries the statement; drivers do not
    put the password in their messages.
    """
    lines = str(exc.orig).strip().splitlines() if exc.orig is not None else []
    return lines[0] if lines else type(exc).__name__


def error_reason(exc: SQLAlchemyError) -> str:
    """One password-free line for any SQLAlchemy error: the driver's, or the first of its own."""
    if isinstance(exc, DBAPIError):
        return database_error_reason(exc)
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def check_reachable(engine: Engine) -> None:
    """Fail early with a clear, password-free message when the database is down."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        reason = database_error_reason(exc)
        raise DatabaseError(
            f"cannot connect to database {redact_url(engine.url.render_as_string(False))}: {reason}"
        ) from exc
