"""Test helper: prove a call allocates no Python memory (tracemalloc)."""
import tracemalloc


def bytes_allocated(call, repeat=100):
    """Net bytes of Python memory still held after calling ``call()`` ``repeat`` times."""
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for _ in range(repeat):
            call()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    grown = [s for s in after.compare_to(before, "filename") if s.size_diff > 0
             and "tracemalloc" not in str(s.traceback)]
    return sum(s.size_diff for s in grown)
