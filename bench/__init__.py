"""`make bench`: how the crawler's cost grows with its work, measured on this machine.

The benchmarks print figures and write them to bench/results.md; they never
assert on time. Entry point: `python -m bench.run` (see `--help`).
"""
