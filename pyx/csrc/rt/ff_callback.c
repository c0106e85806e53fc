/* ff_callback.c - see ff_callback.h. */
#include "rt/ff_callback.h"

#include <string.h>
#include <time.h>

#include "rt/ff_rt.h"

#define LOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

uint64_t ff_callback_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void ff_callback_init(ff_callback_data *data, ff_render_fn render, void *render_state,
                      uint32_t channels, double samplerate, double late_factor)
{
    memset(data, 0, sizeof *data);
    data->render = render;
    data->render_state = render_state;
    data->channels = channels;
    data->samplerate = samplerate;
    data->late_factor = late_factor;
}

static inline uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* Audio thread only: publish one callback's measurements under the seqlock. */
static void record(ff_callback_data *d, unsigned long frames, unsigned long status_flags,
                   int render_failed, uint64_t start_ns, uint64_t end_ns)
{
    ff_callback_stats *s = &d->stats;
    uint64_t last = s->last_callback_ns;
    uint64_t gap = last ? start_ns - last : 0;
    uint64_t render_ns = end_ns - start_ns;
    int overrun = (double)render_ns > 1e9 * (double)frames / d->samplerate;
    int late = last && d->previous_frames &&
               (double)gap > d->late_factor * 1e9 * (double)d->previous_frames / d->samplerate;
    int reset = __atomic_exchange_n(&d->reset_peaks, 0, __ATOMIC_ACQ_REL) != 0;
    uint32_t seq = d->seq;

    STORE(&d->seq, seq + 1);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    STORE(&s->callbacks, s->callbacks + 1);
    STORE(&s->frames, s->frames + frames);
    STORE(&s->underflows, s->underflows + ((status_flags & FF_PA_OUTPUT_UNDERFLOW) != 0));
    STORE(&s->late_callbacks, s->late_callbacks + (late != 0));
    STORE(&s->render_errors, s->render_errors + (render_failed != 0));
    STORE(&s->overruns, s->overruns + (overrun != 0));
    STORE(&s->render_ns_total, s->render_ns_total + render_ns);
    STORE(&s->render_ns_max, reset ? render_ns : max_u64(s->render_ns_max, render_ns));
    STORE(&s->worst_gap_ns, reset ? gap : max_u64(s->worst_gap_ns, gap));
    STORE(&s->last_callback_ns, start_ns);
    __atomic_store_n(&d->seq, seq + 2, __ATOMIC_RELEASE);
    d->previous_frames = frames;
}

int ff_callback(const void *input, void *output, unsigned long frames,
                const void *time_info, unsigned long status_flags, void *userdata)
{
    ff_callback_data *d = (ff_callback_data *)userdata;
    (void)input;
    (void)time_info;
    RT_ENTER();
    uint64_t start_ns = ff_callback_now_ns();
    int failed = d->render(d->render_state, (float *)output, frames) != 0;
    uint64_t end_ns = ff_callback_now_ns();
    if (failed)
        memset(output, 0, (size_t)frames * d->channels * sizeof(float));
    record(d, frames, status_flags, failed, start_ns, end_ns);
    RT_EXIT();
    return 0; /* paContinue */
}

void ff_callback_read_stats(const ff_callback_data *data, ff_callback_stats *out)
{
    const ff_callback_stats *s = &data->stats;
    uint32_t before, after;
    do {
        before = __atomic_load_n(&data->seq, __ATOMIC_ACQUIRE);
        out->callbacks = LOAD(&s->callbacks);
        out->frames = LOAD(&s->frames);
        out->underflows = LOAD(&s->underflows);
        out->late_callbacks = LOAD(&s->late_callbacks);
        out->render_errors = LOAD(&s->render_errors);
        out->overruns = LOAD(&s->overruns);
        out->render_ns_total = LOAD(&s->render_ns_total);
        out->render_ns_max = LOAD(&s->render_ns_max);
        out->worst_gap_ns = LOAD(&s->worst_gap_ns);
        out->last_callback_ns = LOAD(&s->last_callback_ns);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        after = LOAD(&data->seq);
    } while ((before & 1u) || before != after);
}

void ff_callback_request_peak_reset(ff_callback_data *data)
{
    __atomic_store_n(&data->reset_peaks, 1, __ATOMIC_RELEASE);
}
