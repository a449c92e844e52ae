"""Benchmarks for the performance targets of issue 7; run ``python -m benchmarks.run_all``."""
