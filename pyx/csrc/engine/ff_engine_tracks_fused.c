/* ff_engine_tracks_fused.c - the playing track stage through the fused SIMD kernel.
 *
 * Tracks go through the kernel a few consecutive slots at a time (the
 * table's fused_width): float32 clip frames straight into the biquad bank's
 * lanes, EQ, gain matrix, meter statistics and the add into an interleaved
 * stereo accumulator per bus, with no float64 rows in between. The clip is
 * read in place when the block is one segment inside a stereo clip; other
 * blocks (a loop's wrap, a clip's end, a mono clip) are first copied into a
 * float32 staging row, zero-padded, mono doubled. Each call prefetches the
 * clip frames of the call after next, a line at a time spread over its work
 * (measured ~25 % faster than none; one call ahead is a little slower); a burst
 * of every line of tracks further ahead, as the row path asks, was slower
 * than none. At the end the accumulators are added into the buses' direct
 * rows. A tile with an EQ coefficient glide under way (sub-block coefficient
 * steps) goes through the row path instead, its rows taking the scratch after
 * the accumulators so far are added in. Scratch: the engine's tile rows (the
 * bus accumulators in the first 2 * FF_BUSES, staging rows after them).
 */
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_simd.h"

#define FF_STAGE_ROW (2 * FF_BUSES) /* first staging row; one row holds n stereo floats */

_Static_assert(2 * FF_BUSES + FF_TILE_TRACKS <= 2 * FF_TILE_TRACKS,
               "the tile rows hold the bus accumulators and one staging row per track");

static const ff_gain_ramp SILENT;   /* the gains of an empty slot: all zero */

static double *bus_acc(const ff_engine *e, int32_t bus)
{
    return FF_ROW(e->scratch.rows, 2 * bus, e);   /* two rows: 2n interleaved doubles */
}

/* The track's n frames as interleaved stereo float32 (in place, or staged as row j). */
static const float *track_source(const ff_engine *e, const ff_track *t, uint32_t j, size_t n)
{
    const ff_engine_transport *tr = &e->transport;
    const ff_clip_ref *clip = &t->clip;
    float *stage;
    size_t off = 0;
    if (clip->channels == 2 && tr->nseg == 1 && tr->seg_pos[0] + n <= clip->frames)
        return clip->data + tr->seg_pos[0] * 2;
    stage = (float *)FF_ROW(e->scratch.rows, FF_STAGE_ROW + j, e);
    for (uint32_t i = 0; i < tr->nseg; i++) {
        const uint64_t pos = tr->seg_pos[i];
        const size_t len = tr->seg_len[i];
        size_t avail = 0;
        if (pos < clip->frames)
            avail = clip->frames - pos < len ? (size_t)(clip->frames - pos) : len;
        if (clip->channels == 2) {
            memcpy(stage + 2 * off, clip->data + 2 * pos, avail * 2 * sizeof(float));
        } else {
            for (size_t k = 0; k < avail; k++)
                stage[2 * (off + k)] = stage[2 * (off + k) + 1] = clip->data[pos + k];
        }
        memset(stage + 2 * (off + avail), 0, (len - avail) * 2 * sizeof(float));
        off += len;
    }
    return stage;
}

/* Slot s's frames for the next call when they are read in place (else NULL). */
static const float *next_source(const ff_engine *e, uint32_t s, size_t n)
{
    const ff_engine_transport *tr = &e->transport;
    const ff_track *t = &e->tracks.slot[s];
    if (s >= e->tracks.hi || !t->active || t->clip.channels != 2 || tr->nseg != 1 ||
        tr->seg_pos[0] + n > t->clip.frames)
        return NULL;
    return t->clip.data + tr->seg_pos[0] * 2;
}

/* One call of the kernel over slots [first, first + count); count <= fused_width. */
static void fused_call(ff_engine *e, uint32_t first, uint32_t count, uint32_t stage0,
                       size_t n, ff_stereo_stats *st, uint32_t *zeroed)
{
    ff_fused_job job;
    memset(&job, 0, sizeof job);
    job.n = n;
    job.tracks = count;
    job.cstride = e->rows_cap;
    for (uint32_t k = 0; k < count; k++) {
        const uint32_t s = first + k;
        const ff_track *t = &e->tracks.slot[s];
        ff_fused_track *ft = &job.track[k];
        int32_t bus;
        if (!t->active) {
            ft->gain = &SILENT;
            continue;
        }
        bus = ff_track_bus(e, s);
        if (!(*zeroed & (1u << bus))) {
            memset(bus_acc(e, bus), 0, 2 * n * sizeof(double));
            *zeroed |= 1u << bus;
        }
        ft->src = track_source(e, t, stage0 + k, n);
        ft->gain = &t->gain;
        ft->bus = bus_acc(e, bus);
        ft->stats = &st[k];
        job.bands |= t->eq_on;
        e->buses.fed |= FF_FED_DIRECT(bus);
    }
    for (uint32_t k = 0; k < e->simd->fused_width; k++)
        job.next[k] = next_source(e, first + 2 * e->simd->fused_width + k, n);
    for (int band = 0; band < FF_EQ_BANDS; band++) {
        job.coef[band] = ff_eq_coef_row(e, band, 0) + 2 * (size_t)first;
        job.state[band] = ff_eq_state_row(e, band, 0) + 2 * (size_t)first;
    }
    e->simd->fused_tracks(&job);
}

static void fused_tile(ff_engine *e, uint32_t first, uint32_t count, size_t n, int any_solo,
                       double decay, uint32_t ramp, uint32_t *zeroed)
{
    const uint32_t width = e->simd->fused_width;
    ff_stereo_stats st[FF_TILE_TRACKS];
    for (uint32_t j = 0; j < count; j++) {
        ff_track *t = &e->tracks.slot[first + j];
        double g[4];
        if (!t->active)
            continue;
        ff_track_target(e, first + j, any_solo, g);
        ff_ramp_aim(&t->gain, g, 4, ramp);
    }
    for (uint32_t j = 0; j < count; j += width)
        fused_call(e, first + j, count - j < width ? count - j : width, j, n, st + j, zeroed);
    for (uint32_t j = 0; j < count; j++) {
        ff_track *t = &e->tracks.slot[first + j];
        if (!t->active)
            continue;
        ff_ramp_advance(&t->gain, 4, n);
        ff_meter_apply(&e->meters.track[first + j], &st[j], n, decay);
        if (t->removing && t->gain.left == 0)
            ff_track_release(e, first + j);
    }
}

/* bus direct rows += the accumulators (interleaved stereo -> two rows). */
static void fold_buses(ff_engine *e, uint32_t zeroed, size_t n)
{
    for (int32_t b = 0; b < FF_BUSES; b++) {
        const double *acc = bus_acc(e, b);
        double *l = FF_ROW(e->buses.direct, 2 * b, e), *r = l + e->scratch.row_stride;
        if (!(zeroed & (1u << b)))
            continue;
        for (size_t i = 0; i < n; i++) {
            l[i] += acc[2 * i];
            r[i] += acc[2 * i + 1];
        }
    }
}

void ff_tracks_render_fused(ff_engine *e, const ff_kernels *k, size_t n, int any_solo,
                            double decay, uint32_t ramp)
{
    uint32_t zeroed = 0;
    for (uint32_t first = 0; first < e->tracks.hi; first += FF_TILE_TRACKS) {
        uint32_t count = e->tracks.hi - first;
        if (count > FF_TILE_TRACKS)
            count = FF_TILE_TRACKS;
        if (ff_tracks_gliding(e, first, count)) {
            fold_buses(e, zeroed, n);   /* the row path needs the tile rows */
            zeroed = 0;
            ff_tracks_row_tile(e, k, first, count, n, any_solo, decay, ramp);
            continue;
        }
        fused_tile(e, first, count, n, any_solo, decay, ramp, &zeroed);
    }
    fold_buses(e, zeroed, n);
}
