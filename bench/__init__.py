"""`make bench`: the weekly digest at scale. See scripts/bench.sh and docs/benchmarks.md."""
