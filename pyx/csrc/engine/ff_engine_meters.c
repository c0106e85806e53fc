/* ff_engine_meters.c - meter ballistics and their seqlock.
 *
 * Per block: peak = max(decayed previous peak, block max |x|); RMS likewise
 * with the block's RMS; correlation is the block's own value. The decay is in
 * dB per second of audio: the settable rate while the transport plays, and
 * 200 dB/s (-60 dB in 300 ms) when it is stopped. Values below 1e-10 snap to 0.
 *
 * Publication: the render copies its working meters into the published arrays
 * between two increments of `meter_seq` (odd while writing); a reader copies
 * and retries until it saw the same even sequence before and after.
 */
#include <math.h>
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_loudness.h"

#define FF_METER_FLOOR 1e-10
#define FF_STOPPED_DECAY_DB_PER_S 200.0
#define FF_READ_TRIES 100000

double ff_meter_decay_factor(const ff_engine *e, size_t n)
{
    double rate = e->transport.playing ? ff_load_f64(&e->params.meter_decay_db_per_s)
                             : FF_STOPPED_DECAY_DB_PER_S;
    return pow(10.0, -rate * (double)n / e->samplerate / 20.0);
}

static double snap(double x)
{
    return x < FF_METER_FLOOR ? 0.0 : x;
}

static double hold(double previous, double decay, double now)
{
    double fallen = previous * decay;
    return snap(fallen > now ? fallen : now);
}

void ff_meter_update(const ff_kernels *k, ff_meter *m, const double *l, const double *r,
                     size_t n, double decay)
{
    ff_stereo_stats s;
    k->stereo_stats_f64(l, r, n, &s);
    ff_meter_apply(m, &s, n, decay);
}

void ff_meter_apply(ff_meter *m, const ff_stereo_stats *st, size_t n, double decay)
{
    const ff_stereo_stats s = *st;
    double den;
    m->peak_l = hold(m->peak_l, decay, s.peak_l);
    m->peak_r = hold(m->peak_r, decay, s.peak_r);
    m->rms_l = hold(m->rms_l, decay, sqrt(s.sum_ll / (double)n));
    m->rms_r = hold(m->rms_r, decay, sqrt(s.sum_rr / (double)n));
    den = sqrt(s.sum_ll * s.sum_rr);
    if (den > FF_METER_FLOOR) {
        double c = s.sum_lr / den;
        m->corr = c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c);
    } else {
        m->corr = 0.0;
    }
}

void ff_meter_fall(ff_meter *m, double decay)
{
    m->peak_l = snap(m->peak_l * decay);
    m->peak_r = snap(m->peak_r * decay);
    m->rms_l = snap(m->rms_l * decay);
    m->rms_r = snap(m->rms_r * decay);
    m->corr = 0.0;
}

void ff_meter_publish(ff_engine *e)
{
    uint64_t seq = e->meters.seq;
    __atomic_store_n(&e->meters.seq, seq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    memcpy(e->meters.pub_track, e->meters.track, (size_t)e->tracks.hi * sizeof(ff_meter));
    memcpy(e->meters.pub_bus, e->meters.bus, sizeof(e->meters.pub_bus));
    ff_live_loudness_publish(e);
    __atomic_store_n(&e->meters.seq, seq + 2, __ATOMIC_RELEASE);
}

static void put(double *dst, size_t i, double v)
{
    if (dst)
        dst[i] = v;
}

static void copy_meter(const ff_meter *m, size_t i, double *peak_l, double *peak_r,
                       double *rms_l, double *rms_r, double *corr)
{
    put(peak_l, i, m->peak_l);
    put(peak_r, i, m->peak_r);
    put(rms_l, i, m->rms_l);
    put(rms_r, i, m->rms_r);
    put(corr, i, m->corr);
}

/* Retry `body` until it ran between two equal, even sequence numbers. */
#define FF_SEQLOCK_READ(e, body)                                              \
    for (int try_ = 0; try_ < FF_READ_TRIES; try_++) {                        \
        uint64_t before = __atomic_load_n(&(e)->meters.seq, __ATOMIC_ACQUIRE); \
        if (before & 1)                                                       \
            continue;                                                         \
        body;                                                                 \
        __atomic_thread_fence(__ATOMIC_ACQUIRE);                              \
        if (__atomic_load_n(&(e)->meters.seq, __ATOMIC_RELAXED) == before)     \
            return 0;                                                         \
    }                                                                         \
    return -1

static void copy_track_meters(const ff_engine *e, const int32_t *slots, size_t count,
                              double *peak_l, double *peak_r, double *rms_l, double *rms_r,
                              double *corr)
{
    for (size_t i = 0; i < count; i++)
        copy_meter(&e->meters.pub_track[slots[i]], i, peak_l, peak_r, rms_l, rms_r, corr);
}

/* One row of FF_METER_FIELDS values per bus: peak_l, peak_r, rms_l, rms_r, corr. */
static void copy_bus_rows(const ff_engine *e, double *rows)
{
    for (size_t b = 0; b < FF_BUSES; b++) {
        double *row = rows + b * FF_METER_FIELDS;
        copy_meter(&e->meters.pub_bus[b], 0, row, row + 1, row + 2, row + 3, row + 4);
    }
}

int ff_engine_read_meters(ff_engine *e, const int32_t *slots, size_t count, double *peak_l,
                          double *peak_r, double *rms_l, double *rms_r, double *corr,
                          double *bus_rows)
{
    FF_SEQLOCK_READ(e, {
        copy_track_meters(e, slots, count, peak_l, peak_r, rms_l, rms_r, corr);
        if (bus_rows)
            copy_bus_rows(e, bus_rows);
    });
}

int ff_engine_read_bus_meters(ff_engine *e, double *peak_l, double *peak_r, double *rms_l,
                              double *rms_r, double *corr)
{
    FF_SEQLOCK_READ(e, for (size_t i = 0; i < FF_BUSES; i++) copy_meter(
                           &e->meters.pub_bus[i], i, peak_l, peak_r, rms_l, rms_r, corr));
}
