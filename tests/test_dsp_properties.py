"""Property tests: for any audio (finite, huge, tiny, subnormal, Inf, NaN) every
SIMD level gives the scalar reference's answer, and the meters keep their
invariants."""
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from fluxforge import dsp

LEVELS = dsp.available_simd_levels()


def audio(dtype):
    finite = st.floats(-1e6, 1e6, width=np.dtype(dtype).itemsize * 8, allow_subnormal=True)
    special = st.sampled_from([np.inf, -np.inf, np.nan, 0.0, -0.0])
    return arrays(dtype, st.integers(0, 300), elements=finite | special)


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b or math.isclose(a, b, rel_tol=1e-9)


def on_every_level(fn):
    results = {}
    for level in LEVELS:
        with dsp.forced_simd_level(level):
            results[level] = fn()
    return results


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([np.float64, np.float32]).flatmap(
    lambda dtype: st.tuples(audio(dtype), audio(dtype))))
def test_meters_agree_with_scalar_for_any_audio(pair):
    left, right = pair
    results = on_every_level(lambda: (dsp.find_peak(left), dsp.mean_square(left),
                                      *dsp.stereo_meter(left, right)))
    reference = results["scalar"]
    for level, values in results.items():
        assert all(same(a, b) for a, b in zip(values, reference)), (level, values, reference)
    peak = reference[0]
    assert math.isnan(peak) == bool(np.isnan(left).any())
    if not math.isnan(peak):
        assert peak == float(np.max(np.abs(left.astype(np.float64)), initial=0.0))
    corr = reference[-1]
    assert math.isnan(corr) or -1.0 <= corr <= 1.0


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([np.float64, np.float32]).flatmap(
    lambda dtype: st.tuples(audio(dtype), audio(dtype),
                            st.floats(-4, 4, width=np.dtype(dtype).itemsize * 8))))
def test_mix_add_agrees_with_scalar_for_any_audio(case):
    dst, src, gain = case
    results = on_every_level(lambda: _mixed(dst, src, gain))
    n = min(len(dst), len(src))
    # FMA rounds once where the scalar file rounds twice: allow one rounding
    # of the operands' magnitude (cancellation can leave a tiny result).
    with np.errstate(all="ignore"):
        scale = np.abs(dst.astype(np.float64))
        scale[:n] += np.abs(gain * src[:n].astype(np.float64))
    bound = 2 * np.finfo(dst.dtype).eps * scale
    reference = results["scalar"]
    for level, mixed in results.items():
        assert np.array_equal(np.isnan(mixed), np.isnan(reference)), level
        infinite = np.isinf(reference)
        assert np.array_equal(np.isinf(mixed), infinite), level
        assert np.array_equal(mixed[infinite], reference[infinite]), level
        finite = np.isfinite(reference)
        diff = np.abs(mixed[finite].astype(np.float64) - reference[finite])
        assert (diff <= bound[finite]).all(), level


def _mixed(dst, src, gain):
    out = dst.copy()
    dsp.mix_add(out, src, gain)
    return out
