"""Where the job writes: the state folder, and relative paths in the config resolved against it.

A deployment keeps its config in a folder the service user cannot write (e.g.
/etc/asnwatch) and its data in another (e.g. /var/lib/asnwatch): `paths.state_dir`,
or $ASNWATCH_STATE_DIR, names that folder. Every relative path in the config (the
SQLite file in `database.url`, `export.dir`, `logging.file`) and the crawl logs
(`<state_dir>/logs`) are under it. Without either, the state folder is the config
file's own folder, so a checkout keeps `data/`, `export/` and `logs/` beside
config.yaml. This module works on the raw YAML mapping, before validation; sections of
the wrong type are left as they are, for validation to name them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

STATE_DIR_ENV = "ASNWATCH_STATE_DIR"


def state_dir_for(data: dict[str, Any], config_dir: Path) -> Path:
    """The absolute state folder for a raw config read from `config_dir`.

    $ASNWATCH_STATE_DIR wins (relative to the working folder, as a shell path is);
    else `paths.state_dir` (relative to the config file's folder, as every path in
    the file is); else the config file's folder.
    """
    env = os.environ.get(STATE_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    paths = data.get("paths")
    key = paths.get("state_dir") if isinstance(paths, dict) else None
    if isinstance(key, str) and key:
        return (config_dir / Path(key).expanduser()).resolve()
    return config_dir


def _under(base: Path, value: str) -> str:
    return str((base / Path(value).expanduser()).resolve())


def resolve_paths(data: dict[str, Any], base: Path) -> dict[str, Any]:
    """Make the SQLite file, export folder and log file absolute, relative ones under `base`."""
    database = data.get("database")
    url = database.get("url") if isinstance(database, dict) else None
    if isinstance(url, str) and url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        rel, query = url.removeprefix("sqlite:///"), ""
        if "?" in rel:  # e.g. ?timeout=60: a parameter, not part of the file name
            rel, query = rel.split("?", 1)
            query = "?" + query
        if rel and rel != ":memory:":
            database["url"] = f"sqlite:///{(base / rel).resolve()}{query}"
    export = data.get("export")
    if isinstance(export, dict) and isinstance(export.get("dir"), str):
        export["dir"] = _under(base, export["dir"])
    logs = data.get("logging")
    if isinstance(logs, dict) and isinstance(logs.get("file"), str):
        logs["file"] = _under(base, logs["file"])
    return data
