"""Benchmarks: ``python -m bench`` prints timings measured in one run (nothing is asserted)."""
