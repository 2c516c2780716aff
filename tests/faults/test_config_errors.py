"""Config faults: each mistake is one line naming the file and the key, exit 1, nothing run.

Every case goes through the command line a user types (`asnwatch --config X
run`), pointed at a live replica: "nothing run" means no request reached the
replica and nothing was created next to the config (no database, no logs, no
export folder). A few cases also run as `python -m crawler.cli.main` in a process
of its own, for the exit code a shell or systemd sees.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.cli.main import main
from crawler.demo import demo_config
from replica.server import Replica
from tests.conftest import ROOT
from tests.world import replica_for

Change = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with replica_for() as running:
        yield running


@pytest.fixture(scope="module")
def good_config(replica: Replica, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The shipped config pointed at the replica: valid, so each case breaks one thing."""
    path = demo_config(ROOT / "config.yaml", tmp_path_factory.mktemp("good"), replica.base_urls)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict[str, Any], change: Change) -> Path:
    """A copy of `data` with one mistake, whose database and export live in tmp_path."""
    data = copy.deepcopy(data)
    data["database"] = {"url": f"sqlite:///{tmp_path / 'asnwatch.db'}"}
    data["export"]["dir"] = str(tmp_path / "export")
    change(data)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def set_key(*keys: str, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


def outlet_without_spider(data: dict[str, Any]) -> None:
    """A plausible outlet entry (a copy of neraca's) under a name no spider can have.

    Any other name gets a spider from the config alone (crawler.crawl.spiderloader).
    """
    data["outlets"]["kompas tv"] = {**data["outlets"]["neraca"], "name": "Kompas TV"}


# (case id, the change, extra arguments, what the one line must say)
CASES: list[tuple[str, Change, list[str], str]] = [
    ("unknown key", set_key("crawl", "retry_tims", value=3), [], "crawl.retry_tims: unknown key"),
    (
        "wrong type",
        set_key("crawl", "retry_times", value="often"),
        [],
        "crawl.retry_times: Input should be a valid integer",
    ),
    (
        "section of the wrong type",
        set_key("database", value="sqlite:///asnwatch.db"),
        [],
        "database: Input should be a valid dictionary",
    ),
    (
        "unknown outlet on the command line",
        lambda data: None,
        ["--outlet", "kompas"],
        "unknown outlet 'kompas'",
    ),
    (
        "outlet name that is not a spider name",
        outlet_without_spider,
        [],
        "outlets.kompas tv: 'kompas tv' is not a valid spider name",
    ),
    (
        "invalid URL regex",
        set_key("outlets", "neraca", "article_url_pattern", value="^/article/(\\d+"),
        [],
        "outlets.neraca.article_url_pattern: invalid regular expression",
    ),
    (
        "invalid line regex",
        set_key("outlets", "sahabat", "extraction", "drop_line_patterns", value=["(Baca juga"]),
        [],
        "outlets.sahabat.extraction.drop_line_patterns: ",
    ),
    (
        "invalid content xpath",
        set_key("outlets", "neraca", "extraction", "content_xpath", value="//div[@class="),
        [],
        "outlets.neraca.extraction.content_xpath: invalid XPath",
    ),
    (
        "invalid pager xpath",
        set_key("outlets", "inilahkoran", "article_pages", "pager_xpath", value="//a[@"),
        [],
        "outlets.inilahkoran.article_pages.pager_xpath: invalid XPath",
    ),
    (
        "misspelt outlets section",
        lambda data: data.update(outlet=data.pop("outlets")),
        [],
        "outlets: required key is missing; outlet: unknown key (did you mean outlets?)",
    ),
    (
        "password with an unencoded @",
        set_key("database", "url", value="postgresql+psycopg://asn:S3cret@Pw0rd@127.0.0.1:9/db"),
        [],
        "database.url: the URL has more than one '@' before the host: percent-encode",
    ),
    (
        "invalid SQLite busy timeout",
        set_key("database", "url", value="sqlite:///asnwatch.db?timeout=soon"),
        [],
        "database.url: invalid ?timeout='soon'",
    ),
]


@pytest.mark.parametrize(
    ("change", "extra", "expected"),
    [pytest.param(change, extra, expected, id=case) for case, change, extra, expected in CASES],
)
def test_a_config_mistake_is_one_line_naming_file_and_key_and_nothing_runs(
    replica: Replica,
    good_config: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Change,
    extra: list[str],
    expected: str,
) -> None:
    """a config mistake: one line naming the file and the key, exit 1, nothing run"""
    path = write(tmp_path, good_config, change)
    replica.clear_log()
    assert main(["--config", str(path), "run", *extra]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.strip().splitlines()
    assert line.startswith(f"asnwatch: error: {path}: "), line
    assert expected in line
    assert "S3cret" not in line and "Pw0rd" not in line  # no part of a password, ever
    assert replica.requests() == []
    assert [p.name for p in tmp_path.iterdir()] == ["config.yaml"]  # no db, logs, export


@pytest.mark.parametrize(
    ("command", "case"),
    [
        (["run"], "unknown key"),
        (["crawl"], "outlet name that is not a spider name"),
        (["daemon"], "outlet name that is not a spider name"),
        (["daemon"], "invalid pager xpath"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else value,
)
def test_a_config_mistake_exits_1_from_a_shell(
    replica: Replica, good_config: dict[str, Any], tmp_path: Path, command: list[str], case: str
) -> None:
    """a config mistake seen from a shell: exit 1, one line; the daemon refuses to start"""
    change, expected = next((c, e) for name, c, _, e in CASES if name == case)
    path = write(tmp_path, good_config, change)
    replica.clear_log()
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli.main", "--config", str(path), *command],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,  # a daemon that started anyway would run until this kills the test
    )
    assert done.returncode == 1
    assert done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"asnwatch: error: {path}: ") and expected in line
    assert replica.requests() == []
    assert [p.name for p in tmp_path.iterdir()] == ["config.yaml"]


def test_demo_works_from_an_empty_folder_without_a_config(tmp_path: Path) -> None:
    """`asnwatch demo` outside the repository: the packaged default config, no ./config.yaml"""
    empty, demo = tmp_path / "empty", tmp_path / "demo"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("ASNWATCH_CONFIG", "PYTHONPATH")}
    env.pop("ASNWATCH_STATE_DIR", None)
    env.pop("ASNWATCH_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli.main", "demo", "--dir", str(demo)],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Exported stories" in done.stdout
    assert list((demo / "export").glob("*.txt"))
    assert list(empty.iterdir()) == []  # nothing written where it was started
