"""`config.yaml`: the one file a user tunes, validated before anything runs.

The larger parts have their own modules in this package, read by several layers
(extraction rules in `crawler.config.extraction`, topic rules in `crawler.config.topic`,
URL rules in `crawler.config.canonical`); this module composes them with the smaller
ones, applies the environment overrides, resolves relative paths against the state
folder (`crawler.config.paths`), and turns a validation failure into one line naming
the file, the keys and what was expected. It imports no crawling or extraction code,
so every command can read the config cheaply.
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, Field, ValidationError, field_validator, model_validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from crawler.config.alerts import MetricsConfig, NotificationsConfig, NotifyConfig
from crawler.config.base import Regex, StrictModel, XPathExpr, describe_errors
from crawler.config.canonical import CanonicalRules
from crawler.config.extraction import ExtractionRules, SharedExtractionConfig
from crawler.config.paths import STATE_DIR_ENV, resolve_paths, state_dir_for
from crawler.config.topic import TopicRules
from storage.db import DatabaseError, sqlite_busy_timeout_ms

CONFIG_ENV = "ASNWATCH_CONFIG"
DATABASE_ENV = "ASNWATCH_DATABASE_URL"
DEFAULT_CONFIG = Path("config.yaml")


class ConfigError(Exception):
    """A configuration that cannot be used; the message is one line for the user."""


def _valid_cron(value: str) -> str:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(value)
    except ValueError as exc:
        raise ValueError(f"invalid cron expression ({exc})") from exc
    return value


def _valid_base_url(value: str) -> str:
    if not re.match(r"^https?://[^/\s]+$", value.rstrip("/")):
        raise ValueError("expected an http(s) URL of the site's root, e.g. https://www.example.com")
    return value.rstrip("/")


Cron = Annotated[str, AfterValidator(_valid_cron)]
BaseUrl = Annotated[str, AfterValidator(_valid_base_url)]


def _single_at(value: str) -> None:
    """A ValueError when a server URL has more than one `@` before its path.

    SQLAlchemy would take the text after the first `@` as the host, so a password
    with a raw `@` would reach a "cannot resolve host" message. The error names
    no part of the URL: any of it may be password.
    """
    if value.startswith("sqlite"):
        return  # a file path: `@` is an ordinary character there
    authority = value.partition("://")[2].split("?", 1)[0]
    if authority.count("@") > 1:
        raise ValueError(
            "the URL has more than one '@' before the host: percent-encode special "
            "characters in the password (@ as %40, : as %3A, / as %2F)"
        )


class DatabaseConfig(StrictModel):
    # SQLite: `?timeout=SECONDS` sets how long a write waits for another writer (storage.db).
    # A relative SQLite file is relative to paths.state_dir.
    url: str = "sqlite:///data/asnwatch.db"

    @field_validator("url")
    @classmethod
    def _parsable(cls, value: str) -> str:
        _single_at(value)
        try:
            parsed = make_url(value)
        except ArgumentError as exc:
            raise ValueError(
                "expected an SQLAlchemy URL such as sqlite:///data/asnwatch.db"
            ) from exc
        if parsed.get_backend_name() == "sqlite":
            try:
                sqlite_busy_timeout_ms(parsed)
            except DatabaseError as exc:
                raise ValueError(str(exc)) from None
        return value


class PathsConfig(StrictModel):
    """Where the job writes: the default SQLite database, export folder and crawl logs.

    `state_dir` (or $ASNWATCH_STATE_DIR, which wins) anchors every relative path in the
    config: `database.url`'s SQLite file, `export.dir`, `logging.file`, and the crawl
    logs in `<state_dir>/logs`. By default it is the config file's folder, so a checkout
    keeps its `data/`, `export/` and `logs/` beside config.yaml; a deployment sets it
    (e.g. /var/lib/asnwatch) and the config may sit in a read-only folder. `load_config`
    always sets it to an absolute path.
    """

    state_dir: Path | None = None


class ExportConfig(StrictModel):
    dir: Path = Path("export")  # relative to paths.state_dir
    format: Literal["txt", "jsonl", "csv"] = "txt"


class ScheduleConfig(StrictModel):
    interval_minutes: float | None = Field(default=60, gt=0)
    cron: Cron | None = None
    jitter_seconds: int = Field(default=0, ge=0)
    cycle_timeout_minutes: float = Field(default=50, gt=0)
    stop_timeout_seconds: float = Field(default=30, gt=0)

    @model_validator(mode="after")
    def _one_trigger(self) -> ScheduleConfig:
        if self.cron is not None and "interval_minutes" in self.model_fields_set:
            raise ValueError("give either interval_minutes or cron, not both")
        return self


class CrawlConfig(StrictModel):
    user_agent: str = "asnwatch/0.1 (+https://github.com/asnwatch/asnwatch)"
    obey_robots_txt: bool = True
    concurrent_requests_per_domain: int = Field(default=2, ge=1)
    download_delay_seconds: float = Field(default=1.0, ge=0)
    autothrottle: bool = True
    download_timeout_seconds: float = Field(default=30, gt=0)
    max_page_bytes: int = Field(default=5_000_000, gt=1000)
    retry_times: int = Field(default=3, ge=0)
    max_retry_after_seconds: float = Field(default=120, ge=0)
    outlet_timeout_minutes: float = Field(default=20, gt=0)
    parallel_outlets: int = Field(default=2, ge=1)
    # New article URLs one outlet's crawl requests at most (0: no cap); the rest wait for
    # the next cycle. See ASNWATCH_MAX_NEW_ARTICLES in crawler/crawl/settings.py.
    max_new_articles_per_run: int = Field(default=1000, ge=0)
    # A sitemap's download and gunzipped size (the protocol allows 50 MB).
    max_sitemap_bytes: int = Field(default=50_000_000, gt=1000)
    # Fetches of a story whose further pages keep failing (one per cycle). Until then it
    # is held back from export; after the last it is kept and exported as it is, with
    # its `pages_missing` count, rather than retried (and withheld) for ever.
    incomplete_story_attempts: int = Field(default=5, ge=1)


class DedupConfig(StrictModel):
    min_containment: float = Field(default=0.6, ge=0, le=1)

    @model_validator(mode="before")
    @classmethod
    def _retired_keys(cls, data: Any) -> Any:
        """Accept `max_hamming_distance`, with a warning that it has no effect.

        Near duplicates are found by MinHash bands, not by SimHash distance (see
        `crawler.dedup.deduplicator`), so the key means nothing; a config that has it
        still loads, and the warning tells the user to remove it.
        """
        if isinstance(data, dict) and "max_hamming_distance" in data:
            logging.getLogger(__name__).warning(
                "dedup.max_hamming_distance has no effect any more (near duplicates are "
                "found by MinHash bands); remove it from the config"
            )
            data = {k: v for k, v in data.items() if k != "max_hamming_distance"}
        return data


class SitemapDiscovery(StrictModel):
    enabled: bool = True
    from_robots_txt: bool = True
    urls: list[str] = []
    max_age_days: float | None = Field(default=60, gt=0)


class FeedDiscovery(StrictModel):
    enabled: bool = True
    autodiscover: bool = True
    urls: list[str] = []


class ListingDiscovery(StrictModel):
    enabled: bool = True
    max_depth: int = Field(default=3, ge=1)
    urls: list[str] = []
    search: list[str] = []
    tags: list[str] = []
    queries: list[str] | None = None  # default: the top-level search_queries


class DiscoveryConfig(StrictModel):
    sitemaps: SitemapDiscovery = SitemapDiscovery()
    feeds: FeedDiscovery = FeedDiscovery()
    listings: ListingDiscovery = ListingDiscovery()


class ArticlePagesConfig(StrictModel):
    """A story's further pages: `pager_xpath` overrides the generic pager detection.

    Without it, or when it matches nothing on a page, rel=next links and numbered
    pagers keeping the story's URL stem are followed (`crawler.discovery.pagelinks`);
    `max_pages` counts the first page too.
    """

    pager_xpath: XPathExpr | None = None
    max_pages: int = Field(default=10, ge=1)


class OutletConfig(StrictModel):
    name: str
    base_url: BaseUrl
    article_url_pattern: Regex
    discovery: DiscoveryConfig = DiscoveryConfig()
    article_pages: ArticlePagesConfig = ArticlePagesConfig()
    extraction: ExtractionRules = ExtractionRules()
    canonical: CanonicalRules = CanonicalRules()


class LoggingConfig(StrictModel):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    file: Path | None = None  # relative to paths.state_dir
    keep_run_logs_days: float = Field(default=30, ge=0)  # crawl logs; 0 keeps them all


class Config(StrictModel):
    paths: PathsConfig = PathsConfig()
    database: DatabaseConfig = DatabaseConfig()
    export: ExportConfig = ExportConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    crawl: CrawlConfig = CrawlConfig()
    search_queries: list[str] = ["netralitas asn"]
    dedup: DedupConfig = DedupConfig()
    extraction: SharedExtractionConfig = SharedExtractionConfig()
    logging: LoggingConfig = LoggingConfig()
    notify: NotifyConfig = NotifyConfig()
    notifications: NotificationsConfig = NotificationsConfig()
    metrics: MetricsConfig = MetricsConfig()
    outlets: dict[str, OutletConfig]
    topic: TopicRules

    # Where the config came from (set by load_config; not a YAML key).
    source: Path = Field(default=Path("config.yaml"), exclude=True)

    @property
    def state_dir(self) -> Path:
        """The folder the job writes in (`paths.state_dir`, else the config file's folder)."""
        return self.paths.state_dir or Path(self.source).resolve().parent

    @property
    def log_dir(self) -> Path:
        """The crawl logs' folder: `logs/` in the state folder."""
        return self.state_dir / "logs"

    def outlet(self, name: str) -> OutletConfig:
        """The named outlet's config, or a ConfigError listing the known ones."""
        try:
            return self.outlets[name]
        except KeyError:
            known = ", ".join(sorted(self.outlets))
            raise ConfigError(
                f"{self.source}: unknown outlet {name!r} (outlets in this file: {known})"
            ) from None

    def queries_for(self, outlet: OutletConfig) -> list[str]:
        listings = outlet.discovery.listings
        return listings.queries if listings.queries is not None else self.search_queries


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The config file to use: --config, else $ASNWATCH_CONFIG, else ./config.yaml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def _env_database_url() -> str | None:
    """$ASNWATCH_DATABASE_URL, checked on its own so a mistake in it is blamed on it."""
    env_url = os.environ.get(DATABASE_ENV)
    if not env_url:
        return None
    try:
        DatabaseConfig(url=env_url)
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{DATABASE_ENV} (environment variable): {reason}") from None
    return env_url


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read, validate and resolve a config file; any problem is one ConfigError line."""
    source = config_path(path)
    try:
        raw = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{source}: cannot read config file ({exc.strerror})") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{source}: invalid YAML{where}: {problem}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of settings at the top level")
    env_url = _env_database_url()
    if env_url:
        if data.get("database") is None:
            data["database"] = {}
        if isinstance(data["database"], dict):  # otherwise validation names the section
            data["database"]["url"] = env_url
    state_dir = state_dir_for(data, source.resolve().parent)
    data = resolve_paths(data, state_dir)
    if data.get("paths") is None:
        data["paths"] = {}
    if isinstance(data["paths"], dict):  # otherwise validation names the section
        data["paths"]["state_dir"] = str(state_dir)
    try:
        config = Config.model_validate({**data, "source": source})
    except ValidationError as exc:
        raise ConfigError(f"{source}: {describe_errors(exc.errors(), Config)}") from None
    return config


@lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int, env_url: str | None, env_state: str | None) -> Config:
    return load_config(path)


def load_config_cached(path: str | os.PathLike[str] | None = None) -> Config:
    """load_config, once per file version: Scrapy components each ask for it."""
    source = config_path(path)
    try:
        mtime = source.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _cached(str(source), mtime, os.environ.get(DATABASE_ENV), os.environ.get(STATE_DIR_ENV))
