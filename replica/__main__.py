"""``python -m replica``: serve the replica in the foreground (manual testing, ``asnwatch demo``).

Prints one ``outlet URL`` line per outlet; ``--config`` also serves that
config's outlets (the generic outlet for one without data, :mod:`replica.outlets`).
With ``--port-file`` it also writes
them as a JSON object, atomically and only once every outlet listens, so a
parent process can wait for the file and then crawl.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import threading
from pathlib import Path

from crawler.config.model import load_config
from replica.server import Replica


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m replica", description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="data directory (replica/data)")
    parser.add_argument("--config", type=Path, default=None, help="also serve its outlets")
    parser.add_argument("--port-file", type=Path, default=None, help="write base URLs as JSON")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser.parse_args(argv)


def write_port_file(path: Path, base_urls: dict[str, str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(base_urls, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    outlets = load_config(args.config).outlets if args.config else None
    with Replica(args.data, outlets=outlets, host=args.host, verbose=args.verbose) as replica:
        for outlet, url in replica.base_urls.items():
            print(f"{outlet} {url}", flush=True)
        if args.port_file:
            write_port_file(args.port_file, replica.base_urls)
        try:
            stop.wait()
        finally:
            if args.port_file:
                args.port_file.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
