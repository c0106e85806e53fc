# _loudness.pxd - table of contents of fluxforge._loudness: the BS.1770-4 /
# EBU R128 loudness meter of csrc/loudness/ff_loudness.h (with ff_true_peak.h
# and ff_loudness_hist.h beside it), declared for Cython.
#
# Only C-level declarations live here. Any compiled module (the engine's
# render, for instance) may `from _loudness cimport ...` and run these nogil
# functions on its own ff_loudness struct: they live in libffcore.a, which
# every module links. After ff_loudness_init nothing allocates; the struct is
# ~260 kB, so allocate it once (never on the audio thread's stack).
from libc.stdint cimport uint32_t, uint64_t


cdef extern from "loudness/ff_true_peak.h" nogil:
    const int FF_TP_MAX_CHANNELS

    ctypedef struct ff_true_peak:
        int channels
        int factor
        double peak[8]


cdef extern from "loudness/ff_loudness.h" nogil:
    const int FF_LM_MAX_CHANNELS

    ctypedef struct ff_loudness:
        double samplerate_hz
        int channels
        uint32_t subblock_frames
        double weight[8]
        double shelf[5]
        double highpass[5]
        uint64_t subblocks
        double sample_peak[8]
        ff_true_peak true_peak

    void ff_kweight_design(double samplerate_hz, double shelf[5], double highpass[5])
    int ff_loudness_init(ff_loudness *m, double samplerate_hz, int channels,
                         const double *weights)
    void ff_loudness_reset(ff_loudness *m)
    void ff_loudness_set_true_peak(ff_loudness *m, int on)
    void ff_loudness_process_f32(ff_loudness *m, const float *x, size_t frames)
    void ff_loudness_process_f64(ff_loudness *m, const double *x, size_t frames)
    double ff_loudness_momentary_lufs(const ff_loudness *m)
    double ff_loudness_short_term_lufs(const ff_loudness *m)
    double ff_loudness_max_momentary_lufs(const ff_loudness *m)
    double ff_loudness_max_short_term_lufs(const ff_loudness *m)
    double ff_loudness_integrated_lufs(const ff_loudness *m)
    double ff_loudness_lra_lu(const ff_loudness *m)
    double ff_loudness_true_peak_dbtp(const ff_loudness *m)
    double ff_loudness_sample_peak_dbfs(const ff_loudness *m)
    size_t ff_first_nonfinite_f32(const float *x, size_t n)
    size_t ff_first_nonfinite_f64(const double *x, size_t n)
