"""Benchmark support: reference views for ``make bench`` and the bench data set.

Nothing here is reachable unless ``BENCH_REFERENCE_VIEWS=1``: the reference view and the echo
consumer answer 404 / close otherwise, so production never exposes them by accident.
"""
