"""`python -m bench.run` (`make bench`): run the benchmarks, print the table, update results.md.

Default sizes keep a run under ~20 minutes on a 2-core machine: a first crawl
of 2,000 articles (with the floor, the incremental cycles and the daemon's 30
cycles), a first crawl of 10,000 articles for memory, the dedup index up to
1,000,000 stories, and an export of 10,000 stories. `--quick` is a smoke run
of a minute or two that writes nothing unless `--write` is given.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from bench import crawl_cost, daemon_memory, dedup_scale, export_speed, figures
from bench.crawl_cost import CycleCost
from bench.daemon_memory import DaemonMemory
from bench.machine import describe
from bench.report import Report, Section, prepend_run, to_markdown, to_text
from bench.world import world

RESULTS = Path(__file__).resolve().parent / "results.md"
PARTS = ("crawl", "large", "dedup", "export", "daemon")
NEW_ARTICLES = 20
T = TypeVar("T")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--articles", type=int, default=2000, help="replica size (2000)")
    parser.add_argument(
        "--large", type=int, default=10_000, help="second size, for memory (10000; 0 skips it)"
    )
    parser.add_argument("--daemon-cycles", type=int, default=30, help="daemon cycles (30)")
    parser.add_argument(
        "--dedup-max", type=int, default=1_000_000, help="largest dedup checkpoint (1000000)"
    )
    parser.add_argument("--dedup-ops", type=int, default=200, help="operations per checkpoint")
    parser.add_argument("--export-stories", type=int, default=10_000, help="stories (10000)")
    parser.add_argument("--only", choices=PARTS, action="append", help="run only these parts")
    parser.add_argument("--quick", action="store_true", help="small sizes, nothing written")
    parser.add_argument("--write", action="store_true", help="write results.md even with --quick")
    parser.add_argument("--no-write", action="store_true", help="do not touch results.md")
    parser.add_argument("--results", type=Path, default=RESULTS, help="results file")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.large, args.daemon_cycles = 300, 0, 5
        args.dedup_max, args.dedup_ops, args.export_stories = 10_000, 50, 1000
    return args


def _step(label: str, action: Callable[[], T]) -> T:
    """Run one measured step, saying what runs and how long it took (runs take minutes)."""
    print(f"[bench] {label} ...", flush=True)
    started = time.perf_counter()
    value = action()
    print(f"[bench] {label}: {time.perf_counter() - started:.0f} s", flush=True)
    return value


def _crawl_parts(
    args: argparse.Namespace, parts: set[str], cpus: int
) -> tuple[list[Section], list[tuple[int, CycleCost]], DaemonMemory | None]:
    sections: list[Section] = []
    sizes: list[tuple[int, CycleCost]] = []
    daemon: DaemonMemory | None = None
    if parts & {"crawl", "daemon"}:
        with world(f"crawl-{args.articles}", args.articles) as w:
            floor = _step(
                "floor: trafilatura.extract over saved pages", lambda: crawl_cost.measure_floor(w)
            )
            first = _step(
                f"first cycle, {args.articles} articles", lambda: crawl_cost.timed_cycle(w)
            )
            sizes.append((args.articles, first))
            sections.append(
                figures.throughput(args.articles, first, floor, w.stored_on_topic(), cpus)
            )
            unchanged = _step("second cycle, unchanged", lambda: crawl_cost.timed_cycle(w))
            crawl_cost.publish_new_articles(w, NEW_ARTICLES)
            after = _step(f"cycle after {NEW_ARTICLES} new", lambda: crawl_cost.timed_cycle(w))
            sections.append(figures.incremental(unchanged, after, NEW_ARTICLES))
            if "daemon" in parts and args.daemon_cycles:
                daemon = _step(
                    f"daemon, {args.daemon_cycles} cycles",
                    lambda: daemon_memory.measure(w, args.daemon_cycles),
                )
    if "large" in parts and args.large:
        with world(f"crawl-{args.large}", args.large) as w:
            _step("render every page once", lambda: crawl_cost.save_article_pages(w))
            big = _step(f"first cycle, {args.large} articles", lambda: crawl_cost.timed_cycle(w))
            sizes.append((args.large, big))
            sections.append(figures.large_crawl(args.large, big, w.stored_on_topic(), cpus))
    return sections, sizes, daemon


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    parts = set(args.only or PARTS)
    machine = describe()
    given = list(sys.argv[1:] if argv is None else argv)
    command = " ".join(["python -m bench.run", *given])
    started = time.perf_counter()
    sections, sizes, daemon = _crawl_parts(args, parts, machine.cpus)
    if "dedup" in parts:
        checkpoints = [c for c in dedup_scale.CHECKPOINTS if c <= args.dedup_max]
        results = _step(
            f"dedup up to {args.dedup_max:,} stories",
            lambda: dedup_scale.run(checkpoints, args.dedup_ops),
        )
        sections.append(figures.dedup(results))
    if sizes or daemon is not None:
        sections.append(figures.memory(sizes, daemon, args.daemon_cycles))
    if "export" in parts:
        speeds = _step(
            f"export {args.export_stories:,} stories", lambda: export_speed.run(args.export_stories)
        )
        sections.append(figures.export(speeds))
    sections.sort(key=lambda s: s.title)
    report = Report(
        machine, command, time.perf_counter() - started, sections, load_after=machine.load_now()
    )
    print()
    print(to_text(report))
    if not args.no_write and (args.write or not args.quick):
        prepend_run(args.results, to_markdown(report))
        print(f"\nWritten to {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
