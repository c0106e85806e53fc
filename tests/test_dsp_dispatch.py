"""SIMD dispatch, the kernel-slot capsule, FTZ/DAZ, GIL release, pan law."""
import ctypes
import math
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from fluxforge import _dsp, dsp

REPO = Path(__file__).resolve().parents[1]
X86 = platform.machine().lower() in ("x86_64", "amd64")


def cpu_flags():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith(("flags", "Features")):
            return set(line.split(":", 1)[1].split())
    return set()


def expected_best_level():
    """What the kernel should pick, from the kernel's own view of the CPU."""
    if not X86:
        return "neon" if platform.machine().lower() in ("aarch64", "arm64") else "scalar"
    flags = cpu_flags()
    if {"avx512f", "avx512dq", "avx512vl", "avx2", "fma"} <= flags:
        return "avx512"
    if {"avx2", "fma"} <= flags:
        return "avx2"
    return "sse4.2" if "sse4_2" in flags else "scalar"


def test_detection_agrees_with_the_cpu_flags():
    assert dsp.best_simd_level() == expected_best_level()
    levels = dsp.available_simd_levels()
    assert levels[0] == "scalar" and levels[-1] == dsp.best_simd_level()
    if X86:
        order = ["scalar", "sse4.2", "avx2", "avx512"]
        assert levels == order[:order.index(dsp.best_simd_level()) + 1]


def run_python(code, **env):
    return subprocess.run([sys.executable, "-W", "always", "-c", code], cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO), **env},
                          capture_output=True, text=True, timeout=120)


def test_import_picks_the_best_level_and_the_environment_can_force_one():
    code = "from fluxforge import dsp; print(dsp.simd_level())"
    assert run_python(code, FLUXFORGE_SIMD="").stdout.strip() == dsp.best_simd_level()
    for level in dsp.available_simd_levels():
        assert run_python(code, FLUXFORGE_SIMD=level.upper()).stdout.strip() == level


@pytest.mark.parametrize("value", ["bogus", "neon" if X86 else "avx2"])
def test_a_bad_environment_value_warns_and_keeps_the_best_level(value):
    done = run_python("from fluxforge import dsp; print(dsp.simd_level())", FLUXFORGE_SIMD=value)
    assert done.returncode == 0
    assert done.stdout.strip() == dsp.best_simd_level()
    assert "RuntimeWarning" in done.stderr and f"FLUXFORGE_SIMD='{value}'" in done.stderr


def test_set_and_force_levels_and_restore():
    best = dsp.simd_level()
    for level in dsp.available_simd_levels():
        with dsp.forced_simd_level(level):
            assert dsp.simd_level() == level
        assert dsp.simd_level() == best
    with pytest.raises(RuntimeError), dsp.forced_simd_level("scalar"):
        raise RuntimeError("boom")
    assert dsp.simd_level() == best
    assert dsp.set_simd_level("sse42" if X86 else "scalar") == best
    dsp.set_simd_level(best)


def slot_table_name():
    """Follow the capsule as the engine does: slot -> table -> table.name."""
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype, get.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    slot = get(_dsp._kernel_slot(), b"fluxforge._dsp.kernel_slot")
    table = ctypes.c_void_p.from_address(slot).value
    return ctypes.c_char_p.from_address(table).value.decode()


def test_kernel_slot_capsule_follows_the_active_level(simd_level):
    assert slot_table_name() == simd_level
    assert _dsp._kernel_slot() is not _dsp._kernel_slot()  # fresh capsule, same slot


@pytest.mark.parametrize("dtype, tiny", [(np.float64, 1e-310), (np.float32, 1e-40)])
def test_ftz_daz_observable(simd_level, dtype, tiny, restore_denormal_mode):
    assert not dsp.denormals_are_zero()
    x = np.full(40, tiny, dtype)
    dsp.apply_gain(x, 1.0)
    assert x[0] == dtype(tiny) != 0  # a denormal input stays
    y = np.full(40, 1e-30 if dtype is np.float32 else 1e-300, dtype)
    dsp.apply_gain(y, 1e-10)
    assert 0 < abs(y[0]) < np.finfo(dtype).tiny  # and a denormal result is produced

    with dsp.no_denormals():
        assert dsp.denormals_are_zero()
        x = np.full(40, tiny, dtype)
        dsp.apply_gain(x, 1.0)
        assert not x.any()  # DAZ: the denormal input reads as zero
        y = np.full(40, 1e-30 if dtype is np.float32 else 1e-300, dtype)
        dsp.apply_gain(y, 1e-10)
        assert not y.any()  # FTZ: the denormal result is flushed
    assert not dsp.denormals_are_zero()


def test_denormal_state_is_per_thread_and_restores_without_arguments(restore_denormal_mode):
    go, seen = threading.Event(), []

    def look():  # started before the change: threads inherit the mode at creation
        go.wait()
        seen.append(dsp.denormals_are_zero())

    worker = threading.Thread(target=look)
    worker.start()
    dsp.set_denormals_zero()
    go.set()
    worker.join()
    assert dsp.denormals_are_zero() and seen == [False]
    dsp.restore_denormals()
    assert not dsp.denormals_are_zero()
    dsp.restore_denormals()  # nothing saved any more: no change
    assert not dsp.denormals_are_zero()


def main_thread_progress(kernel_call):
    """How often the main thread ran Python while a worker was inside kernel_call.

    The switch interval is made huge so the worker is never forced to give
    the GIL away: the main thread (which yields with sleep(0) every turn) can
    run during the call only if the call itself releases the GIL. A call that
    holds it (list.sort, say) gives exactly 0.
    """
    counter, result, started = [0], [], threading.Event()

    def work():
        started.set()
        before = counter[0]
        kernel_call()
        result.append(counter[0] - before)

    previous = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        started.wait()
        while not result:
            counter[0] += 1
            time.sleep(0)
        worker.join()
    finally:
        sys.setswitchinterval(previous)
    return result[0]


def test_kernels_release_the_gil():
    big = np.zeros(4_000_000)  # milliseconds of kernel work per call
    src = np.ones_like(big)
    bank = dsp.BiquadBank(8)
    held = list(np.random.default_rng(0).random(200_000))
    assert main_thread_progress(lambda: sorted(held)) == 0  # the check can tell
    calls = [lambda: dsp.mix_add(big, src, 0.5), lambda: dsp.stereo_meter(big, src),
             lambda: dsp.Biquad("lowpass", 100.0).process(big),
             lambda: bank.process(big.reshape(8, -1))]
    for call in calls:
        # ten calls in a row (tens of milliseconds: a busy machine may not
        # schedule the main thread within one), and a few tries
        def repeated(call=call):
            for _ in range(10):
                call()
        assert max(main_thread_progress(repeated) for _ in range(5)) > 0


def test_pan_law():
    assert dsp.pan_gains(-1.0) == (1.0, 0.0)
    assert dsp.pan_gains(1.0) == (0.0, 1.0)
    left, right = dsp.pan_gains(0.0)
    assert left == right == pytest.approx(math.sqrt(0.5))  # -3 dB per side
    for pan in np.linspace(-1, 1, 41):
        left, right = dsp.pan_gains(pan)
        theta = (pan + 1) * math.pi / 4
        assert (left, right) == pytest.approx((math.cos(theta), math.sin(theta)), abs=1e-15)
        assert left ** 2 + right ** 2 == pytest.approx(1.0)
    assert dsp.pan_gains(7.0) == dsp.pan_gains(1.0)
    assert dsp.pan_gains(-7.0) == dsp.pan_gains(-1.0)


def test_stereo_dual_pan_matrix():
    assert dsp.pan_gains(-1.0, 1.0) == ((1.0, 0.0), (0.0, 1.0))  # defaults: unity
    (ll, rl), (lr, rr) = dsp.pan_gains(-1.0, -1.0)  # both hard left: sum 2 -> normalised
    assert (ll, rl) == pytest.approx((math.sqrt(0.5), math.sqrt(0.5)))
    assert (lr, rr) == (0.0, 0.0)
    rng = np.random.default_rng(11)
    for pan_l, pan_r in rng.uniform(-1, 1, (50, 2)):
        (ll, rl), (lr, rr) = dsp.pan_gains(pan_l, pan_r)
        assert ll ** 2 + rl ** 2 <= 1 + 1e-12 and lr ** 2 + rr ** 2 <= 1 + 1e-12
        raw_l = (math.cos((pan_l + 1) * math.pi / 4), math.cos((pan_r + 1) * math.pi / 4))
        scale = 1 / math.sqrt(max(1.0, raw_l[0] ** 2 + raw_l[1] ** 2))
        assert (ll, rl) == pytest.approx((raw_l[0] * scale, raw_l[1] * scale), abs=1e-12)
