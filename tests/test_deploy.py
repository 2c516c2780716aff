"""docs/deploy.md's recipe, run as written (systemctl and the networked install aside).

The shell blocks marked `<!-- deploy-test: NAME -->` in the doc are read from it,
so the doc cannot drift from what is tested. Each is run as root with the paths
moved into a temporary folder (/etc/asnwatch, /var/lib/asnwatch, /var/backups/asnwatch,
/opt/asnwatch under it),
`sudo` dropped, `sudo -u asnwatch` as `runuser -u USER --`, and the service user
`asnwatch` renamed to a test user created by the recipe's own `useradd`. The
install step needs the network, so `stand_in_install` makes what it leaves: a
root-owned /opt/asnwatch with a `.venv` (the system's python3.11, seeing this
checkout's packages) and config.yaml. The config the recipe installs is then
pointed at the local replica. As that user,
in the clean environment systemd gives (the unit's `Environment=` lines only):
`asnwatch run` stores and exports stories, `asnwatch status` works, nothing is
written beside the read-only config, the backup step copies the database, and a
state folder the user cannot write is one line and exit 1.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from replica.server import Replica
from tests.conftest import ROOT
from tests.test_paths import state_config
from tests.world import replica_for

DOC = ROOT / "docs" / "deploy.md"
USER = "asnwatchtest"

pytestmark = [
    pytest.mark.crawl,
    pytest.mark.skipif(
        os.geteuid() != 0
        or shutil.which("useradd") is None
        or shutil.which("runuser") is None
        or not Path("/usr/bin/python3.11").exists(),
        reason="needs root with useradd and runuser (to create the service user and act as "
        "it) and /usr/bin/python3.11 (for the stand-in install)",
    ),
]


def doc_block(name: str) -> str:
    """The fenced block right after `<!-- deploy-test: NAME -->` in docs/deploy.md."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- deploy-test: {name}\b[^>]*-->\s*```\w*\n(.*?)```", text, re.S)
    assert match, f"docs/deploy.md has no block marked deploy-test: {name}"
    return match.group(1)


def localise(block: str, root: Path) -> str:
    """The doc's commands with the test's folders and user (see the module docstring)."""
    for real, moved in [
        ("/etc/asnwatch", root / "etc" / "asnwatch"),
        ("/var/lib/asnwatch", root / "var" / "lib" / "asnwatch"),
        ("/var/backups/asnwatch", root / "var" / "backups" / "asnwatch"),
        ("/opt/asnwatch", root / "opt" / "asnwatch"),
    ]:
        block = block.replace(real, str(moved))
    block = re.sub(r"\bsudo -u asnwatch\b", f"runuser -u {USER} --", block)
    block = re.sub(r"\bsudo ", "", block)
    block = re.sub(r"(?<=-[ogu] )asnwatch\b", USER, block)
    return re.sub(r"(?<= )asnwatch$", USER, block, flags=re.M)  # useradd's last word


def sh(script: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run `script` (set -e) in a clean, systemd-like environment."""
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run(
        ["/bin/sh", "-ec", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        **kwargs,  # type: ignore[call-overload]
    )


def unit_environment() -> dict[str, str]:
    """The `Environment=` lines of the doc's unit file."""
    lines = doc_block("unit").splitlines()
    pairs = [line.removeprefix("Environment=") for line in lines if line.startswith("Environment=")]
    return dict(pair.split("=", 1) for pair in pairs)


def as_service(
    root: Path, arguments: str, **env_overrides: str
) -> subprocess.CompletedProcess[str]:
    """`asnwatch ARGUMENTS` as the service user, with the unit's environment."""
    env = {**unit_environment(), **env_overrides}
    assignments = " ".join(f"{k}={shlex.quote(localise(v, root))}" for k, v in env.items())
    program = root / "opt" / "asnwatch" / ".venv" / "bin" / "asnwatch"
    command = f"runuser -u {USER} -- env {assignments} {program} {arguments}"
    return sh(command, cwd=root)


SYSTEM_PYTHON = Path("/usr/bin/python3.11")


def stand_in_install(opt: Path) -> None:
    """What the install step leaves in /opt/asnwatch, without the network.

    This checkout's own .venv may use an interpreter other users cannot reach (e.g.
    under /root), so the stand-in is a venv of the system's python3.11 that adds the
    checkout's site-packages (asnwatch installed editable, its pinned dependencies),
    with the `asnwatch` script pip would write.
    """
    subprocess.run(
        [str(SYSTEM_PYTHON), "-m", "venv", "--without-pip", str(opt / ".venv")], check=True
    )
    [site_packages] = (opt / ".venv" / "lib").glob("python3.11/site-packages")
    checkout = next((ROOT / ".venv" / "lib").glob("python3.11/site-packages"))
    (site_packages / "asnwatch-checkout.pth").write_text(
        f"import site; site.addsitedir({str(checkout)!r})\n", encoding="utf-8"
    )
    script = opt / ".venv" / "bin" / "asnwatch"
    script.write_text(
        f"#!{opt / '.venv' / 'bin' / 'python'}\n"
        "import sys\nfrom crawler.cli.main import main\nsys.exit(main())\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    shutil.copy(ROOT / "config.yaml", opt / "config.yaml")


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with replica_for() as running:
        yield running


@pytest.fixture(scope="module")
def deployed(replica: Replica) -> Iterator[Path]:
    """The recipe's setup and config steps done in a temporary root; its path."""
    root = Path(tempfile.mkdtemp(prefix="asnwatch-deploy-", dir="/tmp"))
    root.chmod(0o755)  # the service user must reach the folders inside
    subprocess.run(["userdel", USER], capture_output=True, check=False)  # a leftover
    try:
        for folder in ("etc", "var/lib", "var/backups", "opt/asnwatch"):
            (root / folder).mkdir(parents=True, mode=0o755)
        stand_in_install(root / "opt" / "asnwatch")
        for step in ("setup", "config"):
            done = sh(localise(doc_block(step), root))
            assert done.returncode == 0, f"{step}: {done.stderr}"
        etc = root / "etc" / "asnwatch"
        # The recipe installs the shipped config; the test points it at the replica.
        state_config(replica, etc)
        (etc / "config.yaml").chmod(0o644)
        yield root
    finally:
        subprocess.run(["userdel", USER], capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


def test_the_recipe_runs_as_the_service_user_with_a_read_only_config(deployed: Path) -> None:
    etc, state = deployed / "etc" / "asnwatch", deployed / "var" / "lib" / "asnwatch"
    assert etc.stat().st_uid == 0 and etc.stat().st_mode & 0o777 == 0o755
    before = sorted(p.name for p in etc.iterdir())

    run, status = localise(doc_block("first-run"), deployed).strip().splitlines()
    done = sh(run, cwd=deployed)
    assert done.returncode == 0, done.stderr[-2000:]
    done = sh(status, cwd=deployed)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip()

    assert sorted(p.name for p in etc.iterdir()) == before  # nothing beside the config
    database = state / "data" / "asnwatch.db"
    assert database.stat().st_uid != 0  # written by the service user
    assert list((state / "export").glob("*.txt"))
    assert list((state / "logs").glob("run-*.log"))
    with sqlite3.connect(database) as db:
        [(stories,)] = db.execute("select count(*) from stories").fetchall()
    assert stories > 0

    done = sh(localise(doc_block("backup"), deployed), cwd=deployed)
    assert done.returncode == 0, done.stderr
    backup = deployed / "var" / "backups" / "asnwatch" / "asnwatch.db"
    with sqlite3.connect(backup) as db:
        assert db.execute("select count(*) from stories").fetchall() == [(stories,)]


def test_a_state_folder_the_user_cannot_write_is_one_line_and_exit_1(deployed: Path) -> None:
    locked = deployed / "locked"
    locked.mkdir(mode=0o755, exist_ok=True)  # root's: the service user cannot write it
    done = as_service(deployed, "run", ASNWATCH_STATE_DIR=str(locked))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"asnwatch: error: cannot write {locked} as user {USER}: Permission denied"
    ]
    assert list(locked.iterdir()) == []


def test_the_unit_points_the_service_at_the_state_folder() -> None:
    env = unit_environment()
    assert env["ASNWATCH_STATE_DIR"] == "/var/lib/asnwatch"
    unit = doc_block("unit")
    for line in ("ProtectSystem=strict", "ReadWritePaths=/var/lib/asnwatch", "Restart=on-failure"):
        assert line in unit.splitlines()
    assert yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["export"]["dir"] == (
        "export"
    )  # relative: the recipe's config lands its exports in the state folder
