"""Another compiled module can cimport pyx/_dsp.pxd and use the kernels nogil.

Builds a throw-away extension exactly as the engine uses the kernels: it
takes the process-wide table from the ``fluxforge._dsp._kernel_slot()``
capsule, loads it once per "block" with an acquire load, and calls kernels,
the biquad designer, the pan law and the FTZ/DAZ switch without the GIL.
"""
import math

import numpy as np
import pytest

from fluxforge import dsp
from tests.cimport_build import build_client

CLIENT_PYX = '''
from cpython.pycapsule cimport PyCapsule_GetPointer
from libc.stdint cimport uint64_t
from _dsp cimport (ff_kernels, ff_load_kernels, ff_biquad_design, FF_BIQUAD_LOWPASS,
                   ff_pan_mono, ff_set_denormals_zero, ff_restore_denormals,
                   ff_denormals_are_zero)
from fluxforge import _dsp

cdef const ff_kernels **slot = <const ff_kernels **>PyCapsule_GetPointer(
    _dsp._kernel_slot(), "fluxforge._dsp.kernel_slot")

def render_block(double[::1] bus, double[::1] track, double volume, double pan):
    """Mix a panned, low-passed track into bus as a render block would."""
    cdef const ff_kernels *k
    cdef double coef[5]
    cdef double state[4]
    cdef double left, right
    cdef uint64_t fpu
    cdef int flushed
    with nogil:
        fpu = ff_set_denormals_zero()
        flushed = ff_denormals_are_zero()
        k = ff_load_kernels(slot)
        ff_biquad_design(FF_BIQUAD_LOWPASS, 1000.0, 0.707, 0.0, 48000.0, coef)
        state[0] = state[1] = state[2] = state[3] = 0.0
        k.biquad_f64(&track[0], track.shape[0], coef, state)
        ff_pan_mono(pan, &left, &right)
        k.mix_add_f64(&bus[0], &track[0], bus.shape[0], volume * left)
        ff_restore_denormals(fpu)
    return k.name.decode(), flushed, left, right
'''


@pytest.fixture(scope="module")
def dsp_client(tmp_path_factory):
    return build_client(tmp_path_factory.mktemp("dsp_client"), "dsp_client", CLIENT_PYX,
                        ["kernels/ff_biquad_design.c", "kernels/ff_denormals.c"])


def test_cimported_kernels_follow_the_active_level(dsp_client, simd_level):
    track = np.random.default_rng(0).uniform(-1, 1, 1000)
    expected_track = track.copy()
    dsp.Biquad("lowpass", 1000.0, 0.707, 0.0, 48000.0).process(expected_track)
    bus = np.full(1000, 0.25)
    name, flushed, left, right = dsp_client.render_block(bus, track, 0.5, -0.5)
    assert name == simd_level and flushed == 1
    assert (left, right) == dsp.pan_gains(-0.5)
    assert left == pytest.approx(math.cos(math.pi / 8))
    np.testing.assert_allclose(bus, 0.25 + 0.5 * left * expected_track, rtol=1e-12, atol=1e-14)
    assert not dsp.denormals_are_zero()
