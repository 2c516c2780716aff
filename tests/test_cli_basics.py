"""The command line's small things: --version, help, option order, Ctrl-C, database URLs.

Real processes where the behaviour is a process's (exit codes, signals), the
real parser and a real SQLite file otherwise.
"""

from __future__ import annotations

import importlib.metadata
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import SQLAlchemyError

from crawler.cli.cmd_crawl import interrupt_aware
from crawler.cli.main import COMMANDS, _parser, main
from crawler.config.model import load_config
from crawler.ops.processes import INTERRUPT_GRACE_SECONDS, StopSignal
from crawler.ops.runner import KILL_GRACE_SECONDS, CrawlOptions
from replica.server import Replica
from storage.db import error_reason, redact_url
from storage.repository import Repository
from tests.conftest import ROOT
from tests.daemonkit import leftovers, running_rows, wait_for, write_config
from tests.world import replica_for

CLI = [sys.executable, "-m", "crawler.cli.main"]


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with replica_for() as running:
        yield running


def test_version_comes_from_the_package_metadata() -> None:
    done = subprocess.run([*CLI, "--version"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0
    assert done.stdout.strip() == f"asnwatch {importlib.metadata.version('asnwatch')}"


@pytest.mark.parametrize("command", [*COMMANDS, "demo"])
def test_every_subcommand_help_starts_with_a_description(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        _parser().parse_args([command, "--help"])
    assert exited.value.code == 0
    blocks = capsys.readouterr().out.split("\n\n")
    assert blocks[0].startswith(f"usage: asnwatch {command}")
    description = blocks[1].strip()
    assert description[0].isupper() and description.endswith(".")


@pytest.mark.parametrize(
    "argv",
    [
        ["--config", "A", "-v", "status"],
        ["status", "--config", "A", "-v"],
        ["-v", "status", "--config", "A"],
    ],
)
def test_config_and_verbose_go_before_or_after_the_subcommand(argv: list[str]) -> None:
    args = _parser().parse_args(argv)
    assert (args.command, args.config, args.verbose) == ("status", "A", True)


def test_status_takes_config_after_the_subcommand(
    replica: Replica, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, replica, ["sahabat"], schedule={})
    assert main(["status", "--config", str(config)]) == 0
    missing = tmp_path / "missing.yaml"
    assert main(["status", "--config", str(missing)]) == 1
    assert str(missing) in capsys.readouterr().err


def test_a_password_with_an_unencoded_at_is_never_shown() -> None:
    url = "postgresql+psycopg://asn:S3cret@Pw0rd@db.example/asn"
    shown = redact_url(url)
    assert "S3cret" not in shown and "Pw0rd" not in shown
    assert shown == "postgresql+psycopg://asn:***@db.example/asn"
    assert "hunter2" not in redact_url("postgresql://db/asn?sslmode=require&password=hunter2")


def test_an_unencoded_at_is_refused_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASNWATCH_DATABASE_URL", "postgresql+psycopg://asn:S3cret@Pw0rd@h/db")
    assert main(["--config", str(ROOT / "config.yaml"), "status"]) == 1
    err = capsys.readouterr().err
    assert "%40" in err and "Pw0rd" not in err and "S3cret" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"not a database at all " * 10), "file is not a database"),
        (lambda p: p.mkdir(), "unable to open database file"),
    ],
)
def test_sqlite_errors_name_the_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make: object,
    message: str,
) -> None:
    path = tmp_path / "asnwatch.db"
    make(path)  # type: ignore[operator]
    monkeypatch.setenv("ASNWATCH_DATABASE_URL", f"sqlite:///{path}")
    assert main(["--config", str(ROOT / "config.yaml"), "status"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"{path}: {message}" in err


def test_a_readonly_sqlite_database_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "asnwatch.db"
    Repository.open(f"sqlite:///{path}").engine.dispose()
    readonly = Repository.open(f"sqlite:///file:{path}?mode=ro&uri=true", migrate=False)
    with pytest.raises(SQLAlchemyError) as raised:
        readonly.start_run("sahabat")
    # What the CLI and the logs show of a database error.
    assert f"{path}: attempt to write a readonly database" in error_reason(raised.value)


def test_ctrl_c_shortens_the_kill_grace_sigterm_keeps_it() -> None:
    for reason, grace in (("SIGTERM", KILL_GRACE_SECONDS), ("SIGINT", INTERRUPT_GRACE_SECONDS)):
        stop, options = StopSignal(), CrawlOptions(config_path=ROOT / "config.yaml")
        should_stop = interrupt_aware(stop, options)
        assert not should_stop() and options.kill_grace_seconds == KILL_GRACE_SECONDS
        stop.request(reason)
        assert should_stop() and options.kill_grace_seconds == grace
        assert stop.exit_code == (130 if reason == "SIGINT" else 143)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_mid_crawl_stops_the_run_with_its_exit_code(
    replica: Replica, tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    """A real `asnwatch run`, one outlet hung on a download that never answers."""
    replica.set_fault("neraca", "hang")
    try:
        config_path = write_config(
            tmp_path,
            replica,
            ["sahabat", "neraca"],
            schedule={},
            crawl={"download_timeout_seconds": 600},
        )
        repo = Repository.open(load_config(config_path).database.url)
        held = replica.holds("neraca")
        process = subprocess.Popen(
            [*CLI, "run", "--config", str(config_path)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for(lambda: replica.holds("neraca") > held, "the neraca crawl to hang")
            process.send_signal(sig)
            _, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        assert process.returncode == code
        assert f"stopped early ({sig.name})" in err
        assert "Traceback" not in err
        assert not running_rows(repo)
        assert not leftovers(config_path, range(1, 100))
    finally:
        replica.set_fault("neraca", None)
