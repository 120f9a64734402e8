"""Process-wide settings for the server, applied once per process (not once per rerun)."""

from functools import cache

from threadpoolctl import threadpool_limits


@cache
def limit_blas_threads() -> None:
    """One BLAS thread: the matrices here are small, so more threads only add overhead, and on a shared
    server learners' sessions would fight for the cores (measured: a PCA fit on digits took 0.7-1.8 s with
    two threads under load against 41-47 ms with one)."""
    threadpool_limits(1)
