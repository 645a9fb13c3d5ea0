"""Benchmarks and the data generator at scales S/M/L (see bench/README.md)."""
