"""What the state fault tests share: invented stories, a crawl world, and the checks after a fault.

Each state case drives the real thing: `scrapy crawl` processes started by
the runner against the local replica, a real SQLite file or a real
PostgreSQL server, the `asnwatch` command line (`cli`). After each fault the
database is checked whole (`integrity_problems`): no story without its text
or its bands, no seen URL pointing at a story that is not there, no run left
"running"; and the next cycle must store every story the fault kept out,
once (`stored_twice`, `one_row_per_article`).

Crawls that must be interrupted mid-run are slowed with the crawler's own
politeness delay (`SLOW`: one request at a time), not by a slow replica: the
fault is injected when the crawl's log shows its first stored story
(`FIRST_STORED`, `first_stored`). `add_articles` gives an outlet enough extra
invented stories for such a crawl to last.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import text

from crawler.config.model import Config, load_config
from crawler.dedup.deduplicator import MINHASH_BANDS
from crawler.demo import demo_config
from crawler.discovery.urls import canonicalize
from crawler.ops.cycle import CycleResult, run_cycle
from crawler.ops.runlogs import run_log_path
from crawler.ops.runner import CrawlOptions
from replica.server import Replica
from storage.repository import Repository, RunRow
from tests.conftest import ROOT
from tests.world import CONFIG_PATH, FAST

# One request at a time, a quarter of a second apart: a crawl of ~35 pages lasts long
# enough for a fault injected after its first stored story to land mid-run.
SLOW = {
    "RETRY_BACKOFF_BASE": "0",
    "DOWNLOAD_DELAY": "0.25",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
}
EXTRA_ARTICLES = 8
FIRST_STORED = "stored story"
WRITE_FAILED = "database write failed, fetched again next cycle: "


# -- fictional articles: more stories to crawl, all invented --------------------------------

FIRST = ["Hendra", "Wulan", "Rizal", "Sekar", "Bagus", "Nanda", "Yusuf", "Lestari", "Arief"]
LAST = ["Wiratama", "Kusumadewi", "Harjono", "Pramesti", "Santoso", "Maheswari", "Nugroho"]
PLACES = [
    "Sukamaju",
    "Cibiru Hilir",
    "Lembah Seruni",
    "Karang Asri",
    "Bukit Kencana",
    "Telaga Biru",
]
OFFICES = [
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Perhubungan",
    "Dinas Pertanian",
    "Satpol PP",
]
EVENTS = ["apel pagi", "rapat koordinasi", "sosialisasi tertutup", "upacara bulanan", "bimtek"]


def _sentence(r: random.Random, place: str) -> str:
    def who() -> str:
        return f"{r.choice(FIRST)} {r.choice(LAST)}"

    n = r.randint(12, 480)
    forms = [
        f"Sekretaris daerah {place}, {who()}, meminta {n} ASN di {r.choice(OFFICES)} "
        "agar tetap netral selama tahapan Pilkada.",
        f"Dalam {r.choice(EVENTS)} di aula {r.choice(OFFICES)}, {who()} menyebut netralitas "
        f"pegawai menjadi syarat pelayanan yang adil bagi {n} ribu warga.",
        f"Bawaslu {place} mencatat {n} laporan dugaan pelanggaran netralitas ASN, sebagian "
        "berupa unggahan dukungan kepada pasangan calon di media sosial.",
        f"{who()} dari Badan Kepegawaian menjelaskan sanksi disiplin bagi ASN yang ikut "
        f"berkampanye dapat berupa penundaan kenaikan pangkat hingga {r.randint(1, 3)} tahun.",
        f"Camat {r.choice(PLACES)} {who()} mengumpulkan {n} kepala desa untuk menandatangani "
        "pakta integritas netralitas menjelang pemungutan suara.",
        f"Warga {r.choice(PLACES)} diminta melapor ke posko pengaduan jika melihat ASN "
        f"mengarahkan pilihan, kata {who()} usai {r.choice(EVENTS)}.",
        f"Inspektorat {place} akan memeriksa {n} pegawai yang terekam menghadiri deklarasi "
        "salah satu calon bupati pada pekan lalu.",
    ]
    return r.choice(forms)


def fictional_article(outlet: str, n: int, category: str) -> dict[str, Any]:
    """An invented on-topic story (distinct from the others: shared 5-word runs < 0.6)."""
    r = random.Random(f"{outlet}-{n}")
    place = r.choice(PLACES)
    title = f"{r.choice(FIRST)} {r.choice(LAST)} Minta ASN {place} Netral Jelang Pilkada ({n})"
    paragraphs = [" ".join(_sentence(r, place) for _ in range(3)) for _ in range(5)]
    return {
        "outlet": outlet,
        "title": title,
        "author": f"{r.choice(FIRST)} {r.choice(LAST)}",
        "category": category,
        "label": "positive",
        "paragraphs": paragraphs,
    }


def add_articles(replica: Replica, outlet: str, count: int = EXTRA_ARTICLES) -> None:
    """Give the outlet `count` more stories, so its crawl lasts past the injected fault."""
    category = next(a.category for a in replica.articles if a.outlet == outlet)
    for n in range(count):
        replica.add_article(fictional_article(outlet, n, category))


# -- the world: replica, config, database ------------------------------------------------


@dataclass
class World:
    """One replica, its demo config and database: what a state case crawls and then checks."""

    replica: Replica
    config: Config
    repo: Repository
    tmp: Path

    def options(self, settings: dict[str, str]) -> CrawlOptions:
        return CrawlOptions(
            config_path=Path(self.config.source), settings=settings, log_dir=self.tmp / "logs"
        )

    def cycle(
        self,
        outlets: list[str],
        settings: dict[str, str] = FAST,
        on_progress: Callable[[list[RunRow]], None] | None = None,
    ) -> CycleResult:
        """A real cycle without export; `on_progress` is where a case injects its fault."""
        return run_cycle(
            self.config,
            self.repo,
            self.options(settings),
            outlets=outlets,
            with_export=False,
            on_progress=on_progress,
        )

    def log_path(self, run: RunRow) -> Path:
        return run_log_path(self.tmp / "logs", run.id, run.outlet)

    def log(self, run: RunRow) -> str:
        """The run's crawl log so far (empty before the crawl has written one)."""
        path = self.log_path(run)
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def key(self, url: str) -> str:
        """The canonical key the database stores for a replica URL."""
        outlet = next(n for n, b in self.replica.base_urls.items() if url.startswith(b))
        return canonicalize(url, self.config.outlets[outlet].canonical)

    def positives(self, outlet: str) -> dict[str, str]:
        """{canonical key: article id} of the outlet's on-topic articles."""
        return {
            self.key(self.replica.article_url(a)): a.id
            for a in self.replica.articles
            if a.outlet == outlet and a.label == "positive"
        }

    def missing(self, outlet: str) -> list[str]:
        """Ids of the outlet's on-topic articles with no story row (none after a good cycle)."""
        stored = {row["canonical_url"] for row in self.repo.story_rows()}
        return sorted(aid for key, aid in self.positives(outlet).items() if key not in stored)


def make_world(
    tmp: Path,
    replica: Replica,
    database_url: str | None = None,
    base_config: Path = CONFIG_PATH,
) -> World:
    """A world under `tmp` for `base_config`'s outlets (served by `replica`, see
    `tests.world.replica_for`): SQLite there unless `database_url` names another database."""
    path = demo_config(base_config, tmp, replica.base_urls)
    if database_url is not None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["database"] = {"url": database_url}
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = load_config(path)
    return World(replica, config, Repository.open(config.database.url), tmp)


# -- what "no partial rows" and "no story twice" mean -------------------------------------


def integrity_problems(repo: Repository) -> list[str]:
    """Every way the database could be half-written, as readable lines (none: consistent).

    - a story without title, text, fingerprint or text hash;
    - a primary without its full band index (its MinHash bands), or a
      duplicate with bands, or pointing at a story that is missing or not primary;
    - an article URL marked stored/duplicate/exists whose story is not there;
    - a crawl run or cycle still "running" (nothing runs once the runner returned).
    """
    bands_per_primary = MINHASH_BANDS
    checks = {
        "story with an empty field": """
            SELECT id FROM stories WHERE title = '' OR text = '' OR text_hash = ''
                OR fingerprint IS NULL OR canonical_url = ''""",
        "primary without all its bands": f"""
            SELECT s.id FROM stories s LEFT JOIN story_bands b ON b.story_id = s.id
            WHERE s.duplicate_of_id IS NULL GROUP BY s.id
            HAVING COUNT(b.story_id) <> {bands_per_primary}""",
        "duplicate with bands": """
            SELECT DISTINCT s.id FROM stories s JOIN story_bands b ON b.story_id = s.id
            WHERE s.duplicate_of_id IS NOT NULL""",
        "duplicate of a missing or non-primary story": """
            SELECT s.id FROM stories s LEFT JOIN stories p ON p.id = s.duplicate_of_id
            WHERE s.duplicate_of_id IS NOT NULL
                AND (p.id IS NULL OR p.duplicate_of_id IS NOT NULL)""",
        "seen URL whose story is missing": """
            SELECT u.url FROM seen_urls u LEFT JOIN stories s ON s.id = u.story_id
            WHERE u.kind = 'article' AND u.status IN ('stored', 'duplicate', 'exists')
                AND s.id IS NULL""",
        "run still running": "SELECT id FROM crawl_runs WHERE status = 'running'",
        "cycle still running": "SELECT id FROM cycles WHERE status = 'running'",
    }
    problems = []
    with repo.engine.connect() as conn:
        for what, query in checks.items():
            problems += [f"{what}: {row[0]}" for row in conn.execute(text(query))]
    return problems


def stored_twice(repo: Repository) -> list[str]:
    """Canonical URLs stored more than once, and text hashes with more than one primary."""
    with repo.engine.connect() as conn:
        urls = conn.execute(
            text("SELECT canonical_url FROM stories GROUP BY canonical_url HAVING COUNT(*) > 1")
        )
        hashes = conn.execute(
            text(
                "SELECT text_hash FROM stories WHERE duplicate_of_id IS NULL "
                "GROUP BY text_hash HAVING COUNT(*) > 1"
            )
        )
        return [f"url {r[0]}" for r in urls] + [f"text {r[0]}" for r in hashes]


def one_row_per_article(world: World, outlet: str) -> dict[str, int]:
    """How many story rows each of the outlet's positive articles has (must be 1 each)."""
    rows = [row["canonical_url"] for row in world.repo.story_rows()]
    return {aid: rows.count(key) for key, aid in world.positives(outlet).items()}


def write_failures(log: str) -> list[str]:
    """The URLs the crawl's log reports as not written because of the database."""
    return re.findall(re.escape(WRITE_FAILED) + r"(\S+)", log)


def first_stored(world: World, run: RunRow) -> bool:
    """Whether the run has stored a story: the moment a mid-run fault is injected."""
    return FIRST_STORED in world.log(run)


def crawl_runs(rows: list[RunRow]) -> list[RunRow]:
    """The runs whose crawl process has claimed its row (pid no longer the runner's)."""
    return [r for r in rows if r.status == "running" and r.pid not in (None, os.getpid())]


# -- the command line, as a user runs it ---------------------------------------------------


def cli(*args: str, cwd: Path, database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m crawler.cli.main ARGS` as a user runs it: its exit code and its whole output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ASNWATCH_DATABASE_URL", None)
    if database_url is not None:
        env["ASNWATCH_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
