"""Test helper: prove a call allocates no Python memory (tracemalloc).

Only memory allocated under ``call`` itself counts (the allocation's
traceback passes through the file that defines ``call``, and not through
tracemalloc's own snapshot code), so other threads of a long test session
(caches, clusters, workers) allocating at the same time do not count.
"""
import tracemalloc

TRACE_FRAMES = 64


def _under(stat, caller_file):
    files = {frame.filename for frame in stat.traceback}
    return caller_file in files and tracemalloc.__file__ not in files


def bytes_allocated(call, repeat=100):
    """Net bytes of Python memory still held after calling ``call()`` ``repeat`` times."""
    caller_file = call.__code__.co_filename
    tracemalloc.start(TRACE_FRAMES)
    try:
        before = tracemalloc.take_snapshot()
        for _ in range(repeat):
            call()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    return sum(s.size_diff for s in after.compare_to(before, "traceback")
               if s.size_diff > 0 and _under(s, caller_file))
