"""config.yaml: the shipped file is valid, and each kind of mistake is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from crawler.cli.main import main
from crawler.config.model import ConfigError, load_config
from crawler.demo import PACKAGED_CONFIG
from tests.conftest import ROOT

SHIPPED = ROOT / "config.yaml"


def write_variant(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_shipped_config_is_valid_with_five_outlets() -> None:
    config = load_config(SHIPPED)
    assert set(config.outlets) == {
        "inilahkoran",
        "neraca",
        "abadikini",
        "sahabat",
        "nyaringindonesia",
    }


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    config = load_config(write_variant(tmp_path, lambda d: None))
    assert config.database.url == f"sqlite:///{tmp_path / 'data' / 'asnwatch.db'}"
    assert config.export.dir == tmp_path / "export"


def test_database_url_from_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASNWATCH_DATABASE_URL", "postgresql+psycopg://u:pw@db/asn")
    assert load_config(SHIPPED).database.url == "postgresql+psycopg://u:pw@db/asn"


def test_config_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_variant(tmp_path, lambda d: d["export"].update(format="jsonl"))
    monkeypatch.setenv("ASNWATCH_CONFIG", str(path))
    assert load_config().export.format == "jsonl"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["crawl"].update(retry_tims=3), "crawl.retry_tims: unknown key"),
        (lambda d: d["crawl"].update(retry_times="often"), "crawl.retry_times:"),
        (
            lambda d: d["outlets"]["neraca"].update(article_url_pattern="^/article/(\\d+"),
            "outlets.neraca.article_url_pattern: invalid regular expression",
        ),
        (lambda d: d["outlets"]["neraca"].pop("base_url"), "outlets.neraca.base_url: required"),
        (
            lambda d: d["outlets"]["neraca"].update(base_url="neraca.co.id"),
            "outlets.neraca.base_url: expected an http(s) URL",
        ),
        (lambda d: d["schedule"].update(cron="every hour"), "schedule.cron: invalid cron"),
        (lambda d: d["export"].update(format="pdf"), "export.format:"),
        (
            lambda d: d["crawl"].update(download_delay_seconds=True),
            "crawl.download_delay_seconds: expected a number, got true",
        ),
        (
            lambda d: d["crawl"].update(retry_times=False),
            "crawl.retry_times: expected a number, got false",
        ),
        (
            lambda d: d.update(outlet=d.pop("outlets")),
            "outlets: required key is missing; outlet: unknown key (did you mean outlets?)",
        ),
        (
            lambda d: d["outlets"]["neraca"]["extraction"].update(content_xpth="//div"),
            "outlets.neraca.extraction.content_xpth: unknown key (did you mean content_xpath?)",
        ),
        (
            lambda d: d.update(paths={"state_dri": "/var/lib/asnwatch"}),
            "paths.state_dri: unknown key (did you mean state_dir?)",
        ),
        (
            lambda d: d.update(paths="/var/lib/asnwatch"),
            "paths: Input should be a valid dictionary",
        ),
        (
            lambda d: d["crawl"].update(a=1, b=2, c=3, d=4, e=5),
            "crawl.c: unknown key (check its spelling and indentation) (and 2 more problem(s))",
        ),
    ],
)
def test_each_mistake_is_one_line_naming_file_and_key(
    tmp_path: Path,
    change,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    path = write_variant(tmp_path, change)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("database:\n  url: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"invalid YAML at line \d+"):
        load_config(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path / "nope.yaml")


def test_cli_exits_non_zero_with_one_line_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_variant(tmp_path, lambda d: d["crawl"].update(retry_tims=3))
    assert main(["--config", str(path), "status"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "crawl.retry_tims: unknown key" in err
    assert not (tmp_path / "data").exists()  # nothing ran: no database was created


def test_cli_rejects_an_unknown_outlet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_variant(tmp_path, lambda d: None)
    assert main(["--config", str(path), "crawl", "--outlet", "kompas"]) == 1
    assert "unknown outlet 'kompas'" in capsys.readouterr().err


def test_retired_max_hamming_distance_loads_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_variant(tmp_path, lambda d: d["dedup"].update(max_hamming_distance=3))
    config = load_config(path)
    assert config.dedup.min_containment == 0.6
    assert "dedup.max_hamming_distance has no effect" in caplog.text


def test_crawl_caps_reach_the_scrapy_settings(tmp_path: Path) -> None:
    from crawler.crawl.spider import scrapy_settings_from_config

    path = write_variant(
        tmp_path,
        lambda d: d["crawl"].update(max_new_articles_per_run=25, max_sitemap_bytes=2_000_000),
    )
    settings = scrapy_settings_from_config(load_config(path))
    assert settings["ASNWATCH_MAX_NEW_ARTICLES"] == 25
    assert settings["ASNWATCH_SITEMAP_MAXSIZE"] == 2_000_000


def test_packaged_default_config_is_the_shipped_config() -> None:
    """`asnwatch demo` outside the repository starts from crawler/config/default.yaml."""
    assert PACKAGED_CONFIG.read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8"), (
        "crawler/config/default.yaml differs from config.yaml: "
        "cp config.yaml crawler/config/default.yaml"
    )


PASSWORD_WITH_AT = "postgresql+psycopg://asn:S3cret@Pw0rd@db.example.org/asnwatch"


def test_an_unencoded_at_in_the_password_is_refused_without_showing_it(tmp_path: Path) -> None:
    path = write_variant(tmp_path, lambda d: d["database"].update(url=PASSWORD_WITH_AT))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: database.url: ")
    assert "percent-encode special characters in the password (@ as %40" in message
    assert "S3cret" not in message and "Pw0rd" not in message


def test_a_bad_environment_database_url_is_blamed_on_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_variant(tmp_path, lambda d: None)
    monkeypatch.setenv("ASNWATCH_DATABASE_URL", PASSWORD_WITH_AT)
    assert main(["--config", str(path), "status"]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("asnwatch: error: ASNWATCH_DATABASE_URL (environment variable): ")
    assert "percent-encode" in line and "config.yaml" not in line
    assert "S3cret" not in line and "Pw0rd" not in line
    monkeypatch.setenv("ASNWATCH_DATABASE_URL", "asn:secret@db/asnwatch")  # no scheme
    with pytest.raises(ConfigError, match=r"^ASNWATCH_DATABASE_URL \(environment variable\): "):
        load_config(path)


def test_an_encoded_password_and_an_at_in_an_sqlite_path_are_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded = "postgresql+psycopg://asn:S3cret%40Pw0rd@db.example.org/asnwatch"
    monkeypatch.setenv("ASNWATCH_DATABASE_URL", encoded)
    assert load_config(SHIPPED).database.url == encoded
    monkeypatch.delenv("ASNWATCH_DATABASE_URL")
    url = f"sqlite:///{tmp_path}/a@b/c@d.db"
    path = write_variant(tmp_path, lambda d: d["database"].update(url=url))
    assert load_config(path).database.url == url
