"""Room on the heap for a batch task's file-sized arrays.

Dask's nanny starts worker processes with ``MALLOC_TRIM_THRESHOLD_=65536`` so
that freed memory goes back to the operating system at once. Setting any
such variable fixes glibc's mmap threshold at 128 KiB, so every array of a
decoded file becomes a fresh mapping, faulted in and zeroed page by page: the
same analysis ran 7-13 % slower in a worker than in a plain process. While a
task runs, :func:`roomy_heap` raises both thresholds to what glibc's own
adaptive setting reaches (arrays up to 32 MiB are reused from the heap), and
on leaving puts back the values the environment asked for. Without such a
variable, or without glibc, it changes nothing.

Example
-------
>>> with roomy_heap() as raised:
...     isinstance(raised, bool)
True
"""
import contextlib
import ctypes
import functools
import os
import threading

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
ROOMY_MMAP_BYTES = 32 * 1024**2     # glibc's largest adaptive mmap threshold on 64-bit
ROOMY_TRIM_BYTES = 2 * ROOMY_MMAP_BYTES
GLIBC_DEFAULT_BYTES = 128 * 1024    # both thresholds' default when the other is fixed
_ENV = {M_TRIM_THRESHOLD: "MALLOC_TRIM_THRESHOLD_", M_MMAP_THRESHOLD: "MALLOC_MMAP_THRESHOLD_"}

_lock = threading.Lock()
_holders = 0


@functools.cache
def _mallopt():
    """glibc's ``mallopt`` (from the symbols already loaded), or None (another C library)."""
    return getattr(ctypes.CDLL(None), "mallopt", None)


def _fixed_by_environment():
    return any(variable in os.environ for variable in _ENV.values())


def _environment_value(param):
    try:
        return int(os.environ.get(_ENV[param], GLIBC_DEFAULT_BYTES))
    except ValueError:
        return GLIBC_DEFAULT_BYTES


def _set(mallopt, values):
    for param, value in values.items():
        mallopt(param, value)


@contextlib.contextmanager
def roomy_heap():
    """Raise glibc's trim and mmap thresholds for the block when the environment fixed them.

    Yields True when it raised them. Nested and concurrent uses share one
    raise; the last one out restores the environment's values.
    """
    global _holders
    mallopt = _mallopt() if _fixed_by_environment() else None
    if mallopt is None:
        yield False
        return
    with _lock:
        _holders += 1
        if _holders == 1:
            _set(mallopt, {M_MMAP_THRESHOLD: ROOMY_MMAP_BYTES, M_TRIM_THRESHOLD: ROOMY_TRIM_BYTES})
    try:
        yield True
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                _set(mallopt, {param: _environment_value(param) for param in _ENV})
