"""The performance suite: `python -m benchmarks --help`."""
