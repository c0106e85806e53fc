/* ff_engine_tracks_fused.c - the playing track stage through the fused SIMD kernel.
 *
 * Tiles with an EQ coefficient glide under way (sub-block coefficient steps)
 * go through the row path first. The other playing tracks are taken in bus
 * order (a counting sort of their slots), a few at a time (the table's
 * fused_width): float32 clip frames straight into the biquad bank's lanes,
 * EQ, gain matrix, meter statistics and the add into the bus, with no
 * float64 rows in between. Each bus's tracks fill whole calls first, whose
 * frame vectors go into the bus's lane accumulator as they are (no
 * transpose back per track); the tracks left over (fewer than a call per
 * bus) share calls across buses, each track added into its bus's
 * interleaved accumulator. At the end both kinds of accumulator are added
 * into the buses' direct rows. The clip is read in place when the block is
 * one segment inside a stereo clip; other blocks (a loop's wrap, a clip's
 * end, a mono clip) are first copied into a float32 staging row (the
 * engine's tile rows), zero-padded, mono doubled. Each call prefetches the clip frames of the call after next, a
 * line at a time spread over its work (measured ~25 % faster than none; one
 * call ahead is a little slower).
 */
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_simd.h"

#define FF_STAGE_ROW (2 * FF_BUSES) /* first staging row; one row holds n stereo floats */

_Static_assert(2 * FF_BUSES + FF_FUSED_MAX_TRACKS <= 2 * FF_TILE_TRACKS,
               "the tile rows hold the interleaved bus accumulators and a call's staging rows");

/* The bus's interleaved accumulator: two rows, 2n doubles. */
static double *bus_mix(const ff_engine *e, int32_t bus)
{
    return FF_ROW(e->scratch.rows, 2 * bus, e);
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

/* The bus's lane accumulator (n frames of 2 * width doubles). */
static double *bus_lanes(const ff_engine *e, int32_t bus, uint32_t width)
{
    return e->scratch.lanes + (size_t)bus * e->blocksize * 2 * width;
}

/* Which accumulators this block has written: a bit per bus. */
typedef struct {
    uint32_t lanes, mix;
} fused_touched;

/* One call of the kernel over `count` <= fused_width slots: all of one bus
 * (into its lane accumulator) when `one_bus`, else into each one's bus's
 * interleaved accumulator. `next` are the slots of the call after next. */
static void fused_call(ff_engine *e, const uint32_t *slots, uint32_t count, int one_bus,
                       const uint32_t *next, uint32_t next_count, size_t n,
                       ff_stereo_stats *st, fused_touched *touched)
{
    ff_fused_job job;
    memset(&job, 0, sizeof job);
    job.n = n;
    job.tracks = count;
    job.cstride = e->rows_cap;
    for (uint32_t k = 0; k < count; k++) {
        const ff_track *t = &e->tracks.slot[slots[k]];
        const int32_t bus = ff_track_bus(e, slots[k]);
        ff_fused_track *ft = &job.track[k];
        if (one_bus && k == 0) {
            job.acc = bus_lanes(e, bus, e->simd->fused_width);
            job.acc_fresh = !(touched->lanes & (1u << bus));
            touched->lanes |= 1u << bus;
        } else if (!one_bus) {
            if (!(touched->mix & (1u << bus)))
                memset(bus_mix(e, bus), 0, 2 * n * sizeof(double));
            touched->mix |= 1u << bus;
            ft->bus = bus_mix(e, bus);
        }
        ft->src = track_source(e, t, k, n);
        ft->gain = &t->gain;
        ft->stats = &st[k];
        ft->lane = 2 * (size_t)slots[k];
        job.bands |= t->eq_on;
    }
    for (uint32_t k = 0; k < next_count; k++)
        job.next[k] = next_source(e, next[k], n);
    for (int band = 0; band < FF_EQ_BANDS; band++) {
        job.coef[band] = ff_eq_coef_row(e, band, 0);
        job.state[band] = ff_eq_state_row(e, band, 0);
    }
    e->simd->fused_tracks(&job);
}

/* The playing slots of the tiles without a glide (gliding tiles are
 * rendered on the way), into e->tracks.order: first each bus's slots in
 * whole calls of the table's width, bus after bus, then the ones left over.
 * Returns the slot count; *whole is where the leftovers begin. */
static uint32_t order_by_bus(ff_engine *e, const ff_kernels *k, size_t n, int any_solo,
                             double decay, uint32_t ramp, uint32_t *whole)
{
    const uint32_t width = e->simd->fused_width;
    uint32_t *found = e->tracks.order + e->max_tracks, *order = e->tracks.order;
    uint32_t count = 0, per_bus[FF_BUSES] = {0}, at[FF_BUSES], end[FF_BUSES], left;
    for (uint32_t first = 0; first < e->tracks.hi; first += FF_TILE_TRACKS) {
        const uint32_t tile = e->tracks.hi - first < FF_TILE_TRACKS ? e->tracks.hi - first
                                                                   : FF_TILE_TRACKS;
        if (ff_tracks_gliding(e, first, tile)) {
            ff_tracks_row_tile(e, k, first, tile, n, any_solo, decay, ramp);
            continue;
        }
        for (uint32_t s = first; s < first + tile; s++) {
            if (!e->tracks.slot[s].active)
                continue;
            found[count++] = s;
            per_bus[ff_track_bus(e, s)]++;
        }
    }
    left = 0;
    for (int b = 0; b < FF_BUSES; b++) {
        at[b] = left;
        left += per_bus[b] / width * width;
        end[b] = left;
    }
    *whole = left;
    for (uint32_t j = 0; j < count; j++) {
        const int32_t b = ff_track_bus(e, found[j]);
        order[at[b] < end[b] ? at[b]++ : left++] = found[j];
    }
    return count;
}

/* l[i] += acc[2i], r[i] += acc[2i + 1]: an interleaved accumulator into a bus's rows. */
static void fold_mix(const double *acc, size_t n, double *l, double *r)
{
    for (size_t i = 0; i < n; i++) {
        l[i] += acc[2 * i];
        r[i] += acc[2 * i + 1];
    }
}

void ff_tracks_render_fused(ff_engine *e, const ff_kernels *k, size_t n, int any_solo,
                            double decay, uint32_t ramp)
{
    const uint32_t width = e->simd->fused_width;
    const uint32_t *order = e->tracks.order;
    fused_touched touched = {0, 0};
    uint32_t whole;
    const uint32_t total = order_by_bus(e, k, n, any_solo, decay, ramp, &whole);
    for (uint32_t j = 0; j < total; j++)
        ff_track_aim(e, order[j], any_solo, ramp);
    for (uint32_t j = 0; j < total; j += width) {
        const uint32_t count = total - j < width ? total - j : width;
        const uint32_t later = j + 2 * width;
        const uint32_t next_count = later >= total ? 0 : total - later < width ? total - later
                                                                              : width;
        ff_stereo_stats st[FF_FUSED_MAX_TRACKS];
        fused_call(e, order + j, count, j < whole, order + later, next_count, n, st, &touched);
        for (uint32_t q = 0; q < count; q++)
            ff_track_done(e, order[j + q], &st[q], n, decay);
    }
    for (int32_t b = 0; b < FF_BUSES; b++) {
        double *l = FF_ROW(e->buses.direct, 2 * b, e), *r = l + e->scratch.row_stride;
        if (touched.lanes & (1u << b))
            e->simd->fused_fold(bus_lanes(e, b, width), n, l, r);
        if (touched.mix & (1u << b))
            fold_mix(bus_mix(e, b), n, l, r);
        if ((touched.lanes | touched.mix) & (1u << b))
            e->buses.fed |= FF_FED_DIRECT(b);
    }
}
