/* ff_callback.h - the PortAudio output callback, in C, that drives a render.
 *
 * The stream's userdata is an ff_callback_data: the render function and its
 * state (e.g. the engine's ff_engine_render_interleaved_f32 and engine state),
 * plus statistics. The callback renders straight into PortAudio's buffer and
 * never takes the GIL, allocates, locks or makes a system call (its clock is
 * CLOCK_MONOTONIC through the vDSO). RT_ENTER()/RT_EXIT() surround it.
 *
 * Statistics have exactly one writer, the audio thread, and are published
 * through a seqlock: ff_callback_read_stats() returns a consistent snapshot
 * from any thread without blocking the writer. Peak values (worst gap, max
 * render time) are reset by a request flag the audio thread acknowledges.
 */
#ifndef FF_CALLBACK_H
#define FF_CALLBACK_H

#include <stdint.h>

/* Render `frames` interleaved float32 frames into `out`; 0 on success. */
typedef int (*ff_render_fn)(void *state, float *out, unsigned long frames);

/* PortAudio's output-underflow status flag (paOutputUnderflow). */
#define FF_PA_OUTPUT_UNDERFLOW 0x4UL

typedef struct ff_callback_stats {
    uint64_t callbacks;       /* calls of the callback */
    uint64_t frames;          /* frames rendered */
    uint64_t underflows;      /* callbacks that PortAudio flagged paOutputUnderflow */
    uint64_t late_callbacks;  /* started more than late_factor block periods after the previous one */
    uint64_t render_errors;   /* render returned non-zero: that block was silenced */
    uint64_t overruns;        /* renders that took longer than the block they rendered lasts */
    uint64_t render_ns_total; /* time spent rendering */
    uint64_t render_ns_max;   /* longest render since the last peak reset */
    uint64_t worst_gap_ns;    /* longest gap between callback starts since the last peak reset */
    uint64_t last_callback_ns;/* CLOCK_MONOTONIC time of the latest callback start (0: none yet) */
} ff_callback_stats;

typedef struct ff_callback_data {
    ff_render_fn render;
    void *render_state;
    uint32_t channels;
    double samplerate;
    double late_factor;       /* late: gap > late_factor * previous block duration */
    uint64_t previous_frames; /* audio thread only */
    uint32_t seq;             /* seqlock sequence, odd while the writer updates */
    uint32_t reset_peaks;     /* set by any thread, cleared by the audio thread */
    ff_callback_stats stats;
} ff_callback_data;

/* Fill `data` (any memory; nothing is allocated). */
void ff_callback_init(ff_callback_data *data, ff_render_fn render, void *render_state,
                      uint32_t channels, double samplerate, double late_factor);

/* The PortAudio stream callback (PaStreamCallback signature; returns paContinue). */
int ff_callback(const void *input, void *output, unsigned long frames,
                const void *time_info, unsigned long status_flags, void *userdata);

/* Consistent snapshot of the statistics, from any thread. */
void ff_callback_read_stats(const ff_callback_data *data, ff_callback_stats *out);

/* Ask the audio thread to restart worst_gap_ns and render_ns_max. */
void ff_callback_request_peak_reset(ff_callback_data *data);

/* CLOCK_MONOTONIC in nanoseconds (vDSO: no system call). */
uint64_t ff_callback_now_ns(void);

#endif /* FF_CALLBACK_H */
