"""Real-time safety, proven by running the render under RealtimeSanitizer.

The render path is marked with RT_ENTER()/RT_EXIT() (pyx/csrc/ff_rt.h): in the
C stream callback around the render, and inside the engine's render itself.
With the sanitizer preloaded, any malloc, lock or system call in between ends
the child process with a report. The first test shows the check can fail.
"""
import pytest

from tests.fixtures.rtsan import rtsan_report

pytestmark = pytest.mark.rtsan

MALLOC_IN_RT_SECTION = """
import ctypes
process = ctypes.PyDLL(None)   # global lookup: finds the sanitizer's malloc first
process.malloc.restype = ctypes.c_void_p
process.free.argtypes = [ctypes.c_void_p]
getattr(process, "__rtsan_realtime_enter")()
block = process.malloc(64)
getattr(process, "__rtsan_realtime_exit")()
process.free(block)
print("not reported")
"""


def test_the_sanitizer_reports_a_malloc_in_a_real_time_section(run_under_rtsan):
    proc = run_under_rtsan(MALLOC_IN_RT_SECTION)
    assert proc.returncode != 0
    assert "malloc" in rtsan_report(proc)
    assert "not reported" not in proc.stdout
