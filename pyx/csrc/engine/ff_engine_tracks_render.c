/* ff_engine_tracks_render.c - the track stage: clip -> EQ -> volume/pan/mute -> meter -> bus.
 *
 * Tracks are rendered in tiles of FF_TILE_TRACKS slots: their clips are read
 * into float64 rows (two per slot, left and right), each EQ band that any
 * track of the tile uses runs once over all the tile's rows as a biquad bank
 * (one filter per row, side by side in SIMD lanes; bands a track does not use
 * hold the bypass filter), then every track goes through its ramped gain
 * matrix, is metered, and is added to its bus's direct input. With the
 * transport stopped the tracks only aim at their gains and their meters fall.
 * SIMD levels take the fused path instead (ff_engine_tracks_fused.c): the
 * same stages in one pass, with no float64 rows in between; a tile with a
 * glide under way goes through the rows (ff_tracks_row_tile).
 */
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_simd.h"

#ifndef FF_PREFETCH_TRACKS
#define FF_PREFETCH_TRACKS 32    /* how many tracks ahead clip frames are requested */
#endif

/* Read the clips of slots [first, first + count) into rows, following the block's segments. */
static void read_tile(ff_engine *e, uint32_t first, uint32_t count, size_t n)
{
    const ff_engine_transport *tr = &e->transport;
    for (uint32_t j = 0; j < count; j++) {
        const ff_track *t = &e->tracks.slot[first + j];
        double *l = FF_ROW(e->scratch.rows, 2 * j, e), *r = FF_ROW(e->scratch.rows, 2 * j + 1, e);
        size_t off = 0;
        if (!t->active || t->clip.channels != 2)
            memset(r, 0, n * sizeof(double));
        if (!t->active) {
            memset(l, 0, n * sizeof(double));
            continue;
        }
        for (uint32_t i = 0; i < tr->nseg; i++) {
            ff_clip_read(e, &t->clip, tr->seg_pos[i], tr->seg_len[i], l + off, r + off);
            off += tr->seg_len[i];
        }
    }
}

/* Ask for a track's clip frames of this block ahead of use: 256 tracks are 256
 * separate streams, which the hardware prefetcher keeps restarting on. Asked one
 * track at a time, spread over the work, so the requests are not dropped in a burst. */
static void prefetch_track(const ff_engine *e, uint32_t slot)
{
    const ff_track *t = &e->tracks.slot[slot];
    if (slot >= e->tracks.hi || !t->active)
        return;
    for (uint32_t i = 0; i < e->transport.nseg; i++) {
        uint64_t pos = e->transport.seg_pos[i], end = pos + e->transport.seg_len[i];
        const char *base;
        size_t bytes;
        if (pos >= t->clip.frames)
            continue;
        if (end > t->clip.frames)
            end = t->clip.frames;
        base = (const char *)(t->clip.data + pos * t->clip.channels);
        bytes = (size_t)(end - pos) * t->clip.channels * sizeof(float);
        for (size_t off = 0; off < bytes; off += 64)
            __builtin_prefetch(base + off, 0, 1);
    }
}

static void eq_tile(ff_engine *e, const ff_kernels *k, uint32_t first, uint32_t count, size_t n)
{
    for (int band = 0; band < FF_EQ_BANDS; band++) {
        uint32_t used = 0;
        for (uint32_t j = 0; j < count; j++)
            used |= e->tracks.slot[first + j].eq_on;
        if ((used & (1u << band)) && ff_eq_gliding(e, first, count, band))
            ff_eq_glide_tile(e, k, first, count, band, n);
        else if (used & (1u << band))
            k->biquad_bank_f64(e->scratch.rows, e->scratch.row_stride, 2 * (size_t)count, n,
                               ff_eq_coef_row(e, band, 0) + 2 * first,
                               ff_eq_state_row(e, band, 0) + 2 * first, e->rows_cap);
    }
}

/* Gain matrix, meter and bus add of each track in the tile: one fused pass per track. */
static void mix_tile(ff_engine *e, uint32_t first, uint32_t count,
                     size_t n, int any_solo, double decay, uint32_t ramp)
{
    for (uint32_t j = 0; j < count; j++) {
        uint32_t s = first + j;
        ff_track *t = &e->tracks.slot[s];
        ff_stereo_stats st;
        int32_t bus;
        if (!t->active)
            continue;
        prefetch_track(e, s + FF_PREFETCH_TRACKS);
        ff_track_aim(e, s, any_solo, ramp);
        bus = ff_track_bus(e, s);
        e->simd->strip_mix(FF_ROW(e->scratch.rows, 2 * j, e),
                           t->clip.channels == 2 ? FF_ROW(e->scratch.rows, 2 * j + 1, e) : NULL, n,
                           &t->gain, FF_ROW(e->buses.direct, 2 * bus, e),
                           FF_ROW(e->buses.direct, 2 * bus + 1, e), &st);
        e->buses.fed |= FF_FED_DIRECT(bus);
        ff_track_done(e, s, &st, n, decay);
    }
}

void ff_tracks_row_tile(ff_engine *e, const ff_kernels *k, uint32_t first, uint32_t count,
                        size_t n, int any_solo, double decay, uint32_t ramp)
{
    read_tile(e, first, count, n);
    eq_tile(e, k, first, count, n);
    mix_tile(e, first, count, n, any_solo, decay, ramp);
}

int ff_tracks_gliding(ff_engine *e, uint32_t first, uint32_t count)
{
    uint32_t used = 0;
    for (uint32_t j = 0; j < count; j++)
        used |= e->tracks.slot[first + j].eq_on;
    for (int band = 0; band < FF_EQ_BANDS; band++)
        if ((used & (1u << band)) && ff_eq_gliding(e, first, count, band))
            return 1;
    return 0;
}

void ff_tracks_render(ff_engine *e, const ff_kernels *k, size_t n, int any_solo, double decay)
{
    uint32_t ramp = ff_ramp_length(e);
    if (!e->transport.playing) {
        for (uint32_t s = 0; s < e->tracks.hi; s++) {
            if (!e->tracks.slot[s].active)
                continue;
            if (e->tracks.slot[s].removing) {
                ff_track_release(e, s);
                continue;
            }
            e->tracks.slot[s].gain.fresh = 1;     /* silent anyway: be at the target on play */
            ff_track_aim(e, s, any_solo, ramp);
            ff_meter_fall(&e->meters.track[s], decay);
        }
        return;
    }
    if (e->simd->fused_tracks) {
        ff_tracks_render_fused(e, k, n, any_solo, decay, ramp);
        return;
    }
    for (uint32_t s = FF_TILE_TRACKS; s < FF_PREFETCH_TRACKS; s++)
        prefetch_track(e, s);      /* the first tile is read cold; ask for the next ones */
    for (uint32_t first = 0; first < e->tracks.hi; first += FF_TILE_TRACKS) {
        uint32_t count = e->tracks.hi - first;
        if (count > FF_TILE_TRACKS)
            count = FF_TILE_TRACKS;
        ff_tracks_row_tile(e, k, first, count, n, any_solo, decay, ramp);
    }
}
