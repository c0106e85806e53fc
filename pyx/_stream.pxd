# _stream.pxd - table of contents of fluxforge._stream: the PortAudio output
# callback of csrc/rt/ff_callback.h, declared for Cython.
#
# Only C-level declarations live here. The callback renders through any
# function of type ff_render_fn (the engine's interleaved float32 render), so
# this module needs no engine code: Python hands it two addresses.
from libc.stdint cimport uint32_t, uint64_t


cdef extern from "rt/ff_callback.h" nogil:
    ctypedef int (*ff_render_fn)(void *state, float *out, unsigned long frames) noexcept nogil

    ctypedef struct ff_callback_stats:
        uint64_t callbacks
        uint64_t frames
        uint64_t underflows
        uint64_t late_callbacks
        uint64_t render_errors
        uint64_t overruns
        uint64_t render_ns_total
        uint64_t render_ns_max
        uint64_t worst_gap_ns
        uint64_t last_callback_ns

    ctypedef struct ff_callback_data:
        pass

    void ff_callback_init(ff_callback_data *data, ff_render_fn render, void *render_state,
                          uint32_t channels, double samplerate, double late_factor)
    int ff_callback(const void *input, void *output, unsigned long frames,
                    const void *time_info, unsigned long status_flags, void *userdata)
    void ff_callback_read_stats(const ff_callback_data *data, ff_callback_stats *out)
    void ff_callback_request_peak_reset(ff_callback_data *data)
    uint64_t ff_callback_now_ns()
