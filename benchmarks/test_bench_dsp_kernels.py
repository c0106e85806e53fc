"""DSP buffer kernels: every SIMD level against the scalar file, and the public
calls against the best NumPy expression of the same work.

Ratios follow the benchmarks' convention (benchmarks/conftest.py): in each
group the benchmark with ``extra_info["baseline"] = True`` is the reference.

Groups:
- levels-<kernel>-f64-<n>: the kernel alone at each level, called REPEATS
  times in a C loop (``fluxforge._kernels._repeat_kernel``) so that a
  512-sample call (tens of ns) is not hidden under one Python call.
  Baseline: the scalar level (the seed's "before"; built without
  auto-vectorisation). ``extra_info["ns_per_call"]`` is one kernel call.
  Targets at 512: mix_add/apply_gain >= 3x, find_peak/sum_squares/
  stereo_stats (peak+RMS+correlation) >= 5x.
- numpy-<kernel>-<dtype>-<n>: one public ``fluxforge.dsp`` call (argument
  checks included) at the best level against the fastest NumPy spelling we
  know of the same work, both from Python, no allocation in either.
  Targets at 65,536: mix_add >= 1.5x, stereo_meter (peak, RMS and
  correlation of a stereo pair) >= 5x.
"""
import numpy as np
import pytest

from fluxforge import _kernels, dsp

SIZES = [512, 65_536]
LEVEL_KERNELS = ["mix_add", "apply_gain", "find_peak", "sum_squares", "stereo_stats"]
REPEATS = {512: 2000, 65_536: 16}


def signal_pair(n, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.uniform(-1, 1, n).astype(dtype), rng.uniform(-1, 1, n).astype(dtype))


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("level", dsp.available_simd_levels())
@pytest.mark.parametrize("kernel", LEVEL_KERNELS)
def test_kernel_per_level(benchmark, record_ns_per_unit, kernel, level, n):
    a, b = signal_pair(n)
    repeats = REPEATS[n]
    benchmark.group = f"levels-{kernel}-f64-{n}"
    benchmark.name = level
    benchmark.extra_info["baseline"] = level == "scalar"
    with dsp.forced_simd_level(level):
        benchmark(_kernels._repeat_kernel, kernel, a, b, repeats)
    record_ns_per_unit("ns_per_call", repeats)


def numpy_peak(x):
    return max(x.max(), -x.min())


def numpy_stereo_meter(left, right):
    n = len(left)
    ll, rr, lr = np.dot(left, left), np.dot(right, right), np.dot(left, right)
    den = np.sqrt(ll * rr)
    corr = min(1.0, max(-1.0, lr / den)) if den > 1e-10 else 0.0
    return numpy_peak(left), numpy_peak(right), np.sqrt(ll / n), np.sqrt(rr / n), corr


def numpy_mix_add(dst, src, gain, scratch):
    np.multiply(src, gain, out=scratch)
    np.add(dst, scratch, out=dst)


def numpy_stereo_gain(left, right, gain_l, gain_r):
    np.multiply(left, gain_l, out=left)
    np.multiply(right, gain_r, out=right)


def numpy_correlation(left, right):
    den = np.sqrt(np.dot(left, left) * np.dot(right, right))
    return min(1.0, max(-1.0, np.dot(left, right) / den)) if den > 1e-10 else 0.0


# name -> (fluxforge call, NumPy call); each takes (a, b, scratch).
PAIRS = {
    "mix_add": (lambda a, b, s: dsp.mix_add(a, b, 0.5),
                lambda a, b, s: numpy_mix_add(a, b, 0.5, s)),
    "apply_gain": (lambda a, b, s: dsp.apply_gain(a, 1.0),
                   lambda a, b, s: np.multiply(a, 1.0, out=a)),
    "stereo_gain": (lambda a, b, s: dsp.stereo_gain(a, b, 1.0, 1.0),
                    lambda a, b, s: numpy_stereo_gain(a, b, 1.0, 1.0)),
    "find_peak": (lambda a, b, s: dsp.find_peak(a), lambda a, b, s: numpy_peak(a)),
    "rms": (lambda a, b, s: dsp.rms(a), lambda a, b, s: np.sqrt(np.dot(a, a) / len(a))),
    "correlation": (lambda a, b, s: dsp.correlation(a, b),
                    lambda a, b, s: numpy_correlation(a, b)),
    "stereo_meter": (lambda a, b, s: dsp.stereo_meter(a, b),
                     lambda a, b, s: numpy_stereo_meter(a, b)),
}


# every kernel in float64; the two the engine and meters run in float32 too
NUMPY_CASES = [(k, np.float64) for k in PAIRS] + [("mix_add", np.float32),
                                                   ("stereo_meter", np.float32)]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("side", ["fluxforge", "numpy"])
@pytest.mark.parametrize("kernel, dtype", NUMPY_CASES,
                         ids=[f"{k}-{np.dtype(d).name}" for k, d in NUMPY_CASES])
def test_kernel_vs_numpy(benchmark, kernel, dtype, side, n):
    a, b = signal_pair(n, dtype)
    scratch = np.empty_like(a)
    ours, theirs = PAIRS[kernel]
    call = ours if side == "fluxforge" else theirs
    benchmark.group = f"numpy-{kernel}-{np.dtype(dtype).name}-{n}"
    benchmark.name = f"{side} ({dsp.simd_level()})" if side == "fluxforge" else "numpy"
    benchmark.extra_info["baseline"] = side == "numpy"
    benchmark(call, a, b, scratch)
