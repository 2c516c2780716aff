"""What the daemon's tests share: the real `asnwatch daemon` process, a webhook, polling.

`Daemon` starts `python -m crawler.cli.main daemon` with a config written by
`write_config` (pointed at a replica running in the test process and a SQLite
file in tmp_path); the tests follow it through the database, polled by
`wait_for` with generous deadlines.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import yaml
from sqlalchemy import text

from crawler.config.model import Config
from crawler.demo import demo_config
from crawler.ops.processes import crawl_processes, cycle_processes
from replica.server import Replica
from storage.repository import CycleRow, Repository
from tests.conftest import ROOT

T = TypeVar("T")
TWO_SECONDS = 0.0334  # interval_minutes: about 2 s

NEW_ARTICLE = {
    "outlet": "sahabat",
    "title": "Bupati Lembah Hijau Ingatkan ASN Jaga Netralitas Jelang Pilkada",
    "author": "Sri Wulandari",
    "category": "daerah",
    "label": "positive",
    "paragraphs": [
        "Sahabat.com - Bupati Lembah Hijau, Darmawan Sutikno, mengingatkan seluruh aparatur "
        "sipil negara (ASN) di lingkungan pemerintah kabupaten untuk menjaga netralitas menjelang "
        "Pilkada serentak. Pesan itu disampaikan dalam apel pagi di halaman kantor bupati, Senin.",
        "Menurut Darmawan, ASN dilarang ikut berkampanye, memasang atribut pasangan calon, maupun "
        "mengunggah dukungan politik di media sosial. Pelanggaran netralitas ASN, katanya, akan "
        "ditindak sesuai aturan disiplin pegawai tanpa pandang bulu.",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia setempat, Rina Kartikasari, "
        "menambahkan bahwa pihaknya telah membentuk satuan tugas pengawasan netralitas ASN bersama "
        "Bawaslu kabupaten sejak awal tahapan pemilihan.",
        "Satuan tugas itu menerima laporan masyarakat tentang dugaan keterlibatan pegawai dalam "
        "politik praktis selama tahapan pemilihan kepala daerah, termasuk unggahan di grup "
        "percakapan warga.",
        "Darmawan berharap seluruh pegawai tetap melayani warga secara adil tanpa membedakan "
        "pilihan politik, sehingga Pilkada di Lembah Hijau berjalan jujur dan damai.",
    ],
}


class Webhook:
    """A local webhook receiver that keeps the JSON bodies it was sent."""

    def __init__(self, status: int = 204) -> None:
        self.posts: list[dict[str, Any]] = []
        posts, answer = self.posts, status

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                posts.append(json.loads(body))
                self.send_response(answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook/s3cret-token"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def wait_for(check: Callable[[], T], what: str, timeout: float = 60) -> T:
    """Poll `check` until it returns something truthy; fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


def write_config(
    tmp_path: Path,
    replica: Replica,
    outlets: list[str],
    *,
    schedule: dict[str, Any],
    crawl: dict[str, Any] | None = None,
    **sections: Any,
) -> Path:
    """config.yaml pointed at the replica and tmp_path, with only `outlets`, no politeness delay."""
    path = demo_config(ROOT / "config.yaml", tmp_path, replica.base_urls)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["outlets"] = {name: data["outlets"][name] for name in outlets}
    data["schedule"] = {"jitter_seconds": 0, **schedule}
    data["crawl"].update({"retry_times": 0, **(crawl or {})})
    data.update(sections)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class Daemon:
    """`asnwatch daemon` as a real process; its stderr goes to a file."""

    def __init__(self, config_path: Path, stderr: Path) -> None:
        self.config_path = config_path
        self.stderr = stderr
        with stderr.open("ab") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "crawler.cli.main", "--config", str(config_path), "daemon"],
                stdout=subprocess.DEVNULL,
                stderr=err,
                cwd=ROOT,
            )

    def log(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    def terminate(self, timeout: float) -> int:
        """SIGTERM, then the exit code (fails if the daemon outlives `timeout`)."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def cleanup(self) -> None:
        """Whatever a failed test left: the daemon and every process of its cycles."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for pid in leftovers(self.config_path, range(1, 1000)):
            os.kill(pid, signal.SIGKILL)


def leftovers(config_path: Path, run_ids: Any) -> list[int]:
    """Processes of this config's cycles and crawls still alive."""
    return cycle_processes(config_path.resolve()) + crawl_processes(
        config_path.resolve(), set(run_ids)
    )


def finished_cycles(repo: Repository) -> list[CycleRow]:
    return [c for c in reversed(repo.recent_cycles(100)) if c.status != "running"]


def running_rows(repo: Repository) -> list[str]:
    with repo.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT 'run ' || id FROM crawl_runs WHERE status = 'running' "
                "UNION ALL SELECT 'cycle ' || id FROM cycles WHERE status = 'running'"
            )
        )
        return [row[0] for row in rows]


def temp_files(config: Config) -> list[str]:
    return [p.name for p in Path(config.export.dir).glob(".asnwatch-*")]
