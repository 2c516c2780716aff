"""`asnwatch demo`: the main job, end to end, against the bundled local replica.

Starts the replica of the configured outlets on 127.0.0.1 (free ports; an
outlet without replica data is served by the generic outlet, see
:mod:`replica.outlets`), writes a demo config next to its own database and
export folder (never the user's), runs one cycle (crawl every outlet, then
export), then a second cycle to show that an unchanged site costs no article
fetch. Everything is left in the demo folder for the user to open. The demo
config never keeps a live URL: an outlet the replica does not serve is refused.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from crawler.cli.progress import ProgressPrinter
from crawler.cli.views import print_cycle
from crawler.config.model import DEFAULT_CONFIG, ConfigError, load_config
from crawler.ops.cycle import run_cycle
from crawler.ops.runner import CrawlOptions
from replica import Replica, UnservableOutlet
from storage.repository import Repository

#: The default config shipped in the package, for a demo run without a config of its own.
PACKAGED_CONFIG = Path(__file__).resolve().parent / "config" / "default.yaml"


def demo_base_config(path: Path) -> Path:
    """The config the demo starts from: `path`, or the packaged default when `path` is
    the implicit ./config.yaml and there is none."""
    if path == DEFAULT_CONFIG and not path.exists():
        return PACKAGED_CONFIG
    return path


def demo_config(base_config: Path, demo_dir: Path, base_urls: dict[str, str]) -> Path:
    """Write the demo's config: the user's file pointed at the replica and the demo folder.

    ConfigError names the first configured outlet missing from ``base_urls``:
    its live URL must never reach a config used against the replica.
    """
    data = yaml.safe_load(base_config.read_text(encoding="utf-8"))
    unserved = [name for name in data["outlets"] if name not in base_urls]
    if unserved:
        raise ConfigError(
            f"{base_config}: outlets.{unserved[0]}: the local replica does not serve this "
            f"outlet (it serves {', '.join(base_urls) or 'none'}); refusing to crawl its live site"
        )
    data["paths"] = {"state_dir": str(demo_dir)}
    data["database"] = {"url": f"sqlite:///{demo_dir / 'asnwatch.db'}"}
    data["export"] = {
        **(data.get("export") or {}),
        "dir": str(demo_dir / "export"),
        "format": "txt",
    }
    crawl = data.setdefault("crawl", {})
    crawl.update({"download_delay_seconds": 0, "autothrottle": False})
    for name, outlet in data["outlets"].items():
        outlet["base_url"] = base_urls[name]
    path = demo_dir / "config.yaml"
    path.write_text(
        "# Written by `asnwatch demo`: config.yaml pointed at the local replica.\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


def run_demo(demo_dir: Path, base_config: Path) -> int:
    """Run the demo in `demo_dir` from `base_config` (see `demo_base_config`); its exit code."""
    base_config = demo_base_config(base_config)
    demo_dir = demo_dir.resolve()
    for stale in ("asnwatch.db", "asnwatch.db-wal", "asnwatch.db-shm", "export", "logs"):
        target = demo_dir / stale
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
    demo_dir.mkdir(parents=True, exist_ok=True)
    outlets = load_config(base_config).outlets  # a broken config stops the demo here
    try:
        replica = Replica(outlets=outlets)
    except UnservableOutlet as exc:
        raise ConfigError(f"{base_config}: {exc}") from exc
    print("asnwatch demo: the main job against the bundled local replica of the configured outlets")
    with replica:
        for name, url in replica.base_urls.items():
            print(f"  replica {name:<18} {url}")
        config_path = demo_config(base_config, demo_dir, replica.base_urls)
        config = load_config(config_path)
        repo = Repository.open(config.database.url)
        options = CrawlOptions(config_path=config_path, log_dir=demo_dir / "logs")

        print("\nCycle 1: first crawl of every outlet, then export")
        progress = ProgressPrinter(list(config.outlets))
        first = run_cycle(config, repo, options, trigger="demo", on_progress=progress.update)
        print_cycle(first)
        before = len(replica.article_requests())
        print("\nCycle 2: the sites are unchanged; nothing new should be fetched")
        second = run_cycle(config, repo, options, trigger="demo")
        print_cycle(second)
        refetched = len(replica.article_requests()) - before
        print(f"  article pages requested in cycle 2: {refetched}")
    files = sorted((demo_dir / "export").glob("*.txt"))
    print(f"\nDatabase: {demo_dir / 'asnwatch.db'}")
    print(f"Exported stories ({len(files)} files): {demo_dir / 'export'}")
    for path in files[:5]:
        print(f"  {path.name}  {path.read_text(encoding='utf-8').splitlines()[0][:70]}")
    if len(files) > 5:
        print(f"  ... and {len(files) - 5} more")
    print(f"Crawl logs: {demo_dir / 'logs'}")
    print(f"Try: .venv/bin/asnwatch --config {config_path} status")
    ok = first.status == "ok" and second.status == "ok" and files
    if not ok:
        print("asnwatch demo: some outlets failed; see the logs above", file=sys.stderr)
    return 0 if ok else 3
