"""paths.state_dir and the start-up check: where the job writes, and refusing to run if it cannot.

The state folder (`paths.state_dir`, or $ASNWATCH_STATE_DIR, else the config file's
folder) holds the default SQLite database, the export folder and the crawl logs;
nothing is written beside a config that lives elsewhere. Before `run`, `crawl`,
`daemon` and `export`, every folder they write is created and written once: one
that cannot be is one line naming it and the user, exit 1, nothing crawled.

These run as whatever user runs the tests; a folder is made unusable by a file
standing where it should be (root writes through any permission bits). The same
check against a real permission error, as a non-root user, is in tests/test_deploy.py.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from crawler.cli.main import main
from crawler.config.model import load_config
from crawler.demo import demo_config
from crawler.ops.preflight import current_user, job_folders
from replica.server import Replica
from tests.conftest import ROOT
from tests.world import replica_for


def state_config(replica: Replica, folder: Path, **paths: str) -> Path:
    """config.yaml in `folder`, pointed at the replica, with the shipped relative paths
    (`sqlite:///data/asnwatch.db`, `export`) and `paths` as given."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        written = demo_config(ROOT / "config.yaml", Path(scratch), replica.base_urls)
        data = yaml.safe_load(written.read_text(encoding="utf-8"))
    data.pop("paths", None)
    if paths:
        data["paths"] = paths
    data["database"] = {"url": "sqlite:///data/asnwatch.db"}
    data["export"]["dir"] = "export"
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with replica_for() as running:
        yield running


@pytest.fixture(autouse=True)
def _no_state_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASNWATCH_STATE_DIR", raising=False)
    monkeypatch.delenv("ASNWATCH_DATABASE_URL", raising=False)


def test_without_paths_the_state_folder_is_the_config_folder(
    replica: Replica, tmp_path: Path
) -> None:
    config = load_config(state_config(replica, tmp_path))
    assert config.state_dir == tmp_path.resolve()
    assert config.log_dir == tmp_path.resolve() / "logs"
    assert config.database.url == f"sqlite:///{tmp_path.resolve() / 'data' / 'asnwatch.db'}"
    assert config.export.dir == tmp_path.resolve() / "export"


def test_state_dir_key_is_relative_to_the_config_and_anchors_every_relative_path(
    replica: Replica, tmp_path: Path
) -> None:
    path = state_config(replica, tmp_path, state_dir="../state")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["logging"]["file"] = "logs/asnwatch.log"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    state = tmp_path.parent.resolve() / "state"
    config = load_config(path)
    assert config.state_dir == state
    assert config.paths.state_dir == state
    assert config.database.url == f"sqlite:///{state / 'data' / 'asnwatch.db'}"
    assert config.export.dir == state / "export"
    assert config.logging.file == state / "logs" / "asnwatch.log"
    assert config.log_dir == state / "logs"


def test_environment_state_dir_wins_and_absolute_paths_stay(
    replica: Replica, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = state_config(replica, tmp_path, state_dir="ignored")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["export"]["dir"] = str(tmp_path / "elsewhere")
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setenv("ASNWATCH_STATE_DIR", str(tmp_path / "var"))
    config = load_config(path)
    assert config.state_dir == tmp_path.resolve() / "var"
    assert config.database.url.endswith(f"{tmp_path.resolve() / 'var' / 'data' / 'asnwatch.db'}")
    assert config.export.dir == tmp_path / "elsewhere"


@pytest.mark.crawl
def test_run_writes_only_in_the_state_folder(
    replica: Replica, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """database, export and crawl logs under ASNWATCH_STATE_DIR; nothing beside the config"""
    etc, state = tmp_path / "etc", tmp_path / "state"
    etc.mkdir()
    path = state_config(replica, etc)
    monkeypatch.setenv("ASNWATCH_STATE_DIR", str(state))
    assert main(["--config", str(path), "run", "--outlet", "sahabat"]) == 0
    assert sorted(p.name for p in etc.iterdir()) == ["config.yaml"]
    assert (state / "data" / "asnwatch.db").is_file()
    assert list((state / "export").glob("*.txt"))
    assert list((state / "logs").glob("run-*-sahabat.log"))


def _block(folder: Path) -> None:
    """Make `folder` impossible to create: a file stands where it should be."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "blocked"),
    [
        (["run"], "state"),
        (["crawl"], "state/logs"),
        (["daemon"], "state"),
        (["export"], "state/export"),
        (["run"], "state/data"),
        (["export", "--out", "OUT"], "out"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else value,
)
def test_an_unwritable_folder_is_one_line_exit_1_and_nothing_runs(
    replica: Replica,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    blocked: str,
) -> None:
    path = state_config(replica, tmp_path / "etc")
    monkeypatch.setenv("ASNWATCH_STATE_DIR", str(tmp_path / "state"))
    _block(tmp_path / blocked)
    replica.clear_log()
    argv = [part.replace("OUT", str(tmp_path / "out")) for part in command]
    assert main(["--config", str(path), *argv]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.strip().splitlines()
    assert line.startswith(f"asnwatch: error: cannot write {tmp_path / blocked} as user ")
    assert f" as user {current_user()}: " in line
    assert replica.requests() == []
    assert not (tmp_path / "state" / "data" / "asnwatch.db").exists()


def test_an_sqlite_file_that_cannot_be_opened_for_writing_is_named(
    replica: Replica, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = state_config(replica, tmp_path)
    (tmp_path / "data" / "asnwatch.db").mkdir(parents=True)  # not a file: no write opens it
    assert main(["--config", str(path), "export"]) == 1
    line = capsys.readouterr().err.strip()
    assert line.startswith(f"asnwatch: error: cannot write {tmp_path / 'data' / 'asnwatch.db'} ")


def test_job_folders_per_command(replica: Replica, tmp_path: Path) -> None:
    path = state_config(replica, tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["logging"]["file"] = "/var/log/asnwatch/asnwatch.log"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    config = load_config(path)
    root = tmp_path.resolve()
    assert job_folders(config) == [root, root / "logs", root / "data", root / "export"]
    assert job_folders(config, crawl=False, export_dir=tmp_path / "x") == [
        root / "data",
        tmp_path / "x",
    ]
    assert job_folders(config, daemon=True)[-1] == Path("/var/log/asnwatch")
