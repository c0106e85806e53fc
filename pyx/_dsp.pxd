# _dsp.pxd - table of contents of fluxforge._dsp: the C kernel API.
#
# Only extern C declarations live here (sources sit outside the package, so
# extension types cannot be shared by cimport): any module may
# `from _dsp cimport ...` without importing fluxforge._dsp at run time.
# The process-wide active kernel table must still be fetched through
# fluxforge._dsp._kernel_slot() (a PyCapsule "fluxforge._dsp.kernel_slot"
# holding a `const ff_kernels **`), see kernels/ff_dispatch.h.
from libc.stdint cimport uint64_t

cdef extern from "kernels/ff_kernels.h" nogil:
    ctypedef enum ff_simd_level:
        FF_SIMD_SCALAR
        FF_SIMD_SSE42
        FF_SIMD_AVX2
        FF_SIMD_AVX512
        FF_SIMD_NEON
        FF_SIMD_COUNT

    ctypedef struct ff_stereo_stats:
        double peak_l, peak_r
        double sum_ll, sum_rr
        double sum_lr

    ctypedef struct ff_kernels:
        const char *name
        ff_simd_level level
        void (*mix_add_f64)(double *dst, const double *src, size_t n, double gain) noexcept nogil
        void (*mix_add_ramp_f64)(double *dst, const double *src, size_t n,
                                 double gain_start, double gain_step) noexcept nogil
        void (*apply_gain_f64)(double *buf, size_t n, double gain) noexcept nogil
        void (*stereo_gain_f64)(double *left, double *right, size_t n,
                                double gain_l, double gain_r) noexcept nogil
        double (*find_peak_f64)(const double *x, size_t n) noexcept nogil
        double (*sum_squares_f64)(const double *x, size_t n) noexcept nogil
        void (*stereo_stats_f64)(const double *left, const double *right, size_t n,
                                 ff_stereo_stats *out) noexcept nogil
        void (*biquad_f64)(double *x, size_t n, const double *coef, double *state) noexcept nogil
        void (*biquad_bank_f64)(double *x, size_t xstride, size_t channels, size_t frames,
                                const double *coef, double *state, size_t cstride) noexcept nogil
        void (*mix_add_f32)(float *dst, const float *src, size_t n, float gain) noexcept nogil
        void (*mix_add_ramp_f32)(float *dst, const float *src, size_t n,
                                 float gain_start, float gain_step) noexcept nogil
        void (*apply_gain_f32)(float *buf, size_t n, float gain) noexcept nogil
        void (*stereo_gain_f32)(float *left, float *right, size_t n,
                                float gain_l, float gain_r) noexcept nogil
        double (*find_peak_f32)(const float *x, size_t n) noexcept nogil
        double (*sum_squares_f32)(const float *x, size_t n) noexcept nogil
        void (*stereo_stats_f32)(const float *left, const float *right, size_t n,
                                 ff_stereo_stats *out) noexcept nogil
        void (*biquad_f32)(float *x, size_t n, const float *coef, float *state) noexcept nogil
        void (*biquad_bank_f32)(float *x, size_t xstride, size_t channels, size_t frames,
                                const float *coef, float *state, size_t cstride) noexcept nogil

cdef extern from "kernels/ff_dispatch.h" nogil:
    const ff_kernels *ff_kernels_for(ff_simd_level level)
    ff_simd_level ff_best_level()
    const char *ff_simd_level_name(ff_simd_level level)
    const ff_kernels **ff_active_slot()
    int ff_set_active_level(ff_simd_level level)
    const ff_kernels *ff_load_kernels(const ff_kernels **slot)

cdef extern from "kernels/ff_denormals.h" nogil:
    uint64_t ff_set_denormals_zero()
    void ff_restore_denormals(uint64_t previous)
    int ff_denormals_are_zero()

cdef extern from "kernels/ff_biquad_design.h" nogil:
    ctypedef enum ff_biquad_kind:
        FF_BIQUAD_LOWPASS
        FF_BIQUAD_HIGHPASS
        FF_BIQUAD_BANDPASS
        FF_BIQUAD_NOTCH
        FF_BIQUAD_ALLPASS
        FF_BIQUAD_PEAKING
        FF_BIQUAD_LOWSHELF
        FF_BIQUAD_HIGHSHELF
        FF_BIQUAD_BYPASS
        FF_BIQUAD_KIND_COUNT
    void ff_biquad_design(int kind, double freq_hz, double q, double gain_db,
                          double samplerate, double coef[5])
    void ff_biquad_sanitise(double *freq_hz, double *q, double *gain_db, double *samplerate)

cdef extern from "kernels/ff_pan.h" nogil:
    void ff_pan_mono(double pan, double *left, double *right)
    void ff_pan_stereo(double pan_l, double pan_r, double g[4])
