/* ff_engine_tracks.c - the track stage: clip -> EQ -> volume/pan/mute -> meter -> bus.
 *
 * Tracks are rendered in tiles of FF_TILE_TRACKS slots: their clips are read
 * into float64 rows (two per slot, left and right), each EQ band that any
 * track of the tile uses runs once over all the tile's rows as a biquad bank
 * (one filter per row, side by side in SIMD lanes; bands a track does not use
 * hold the bypass filter), then every track goes through its ramped gain
 * matrix, is metered, and is added to its bus's direct input.
 * Muted or solo-silenced tracks ramp to silence and their meters fall.
 * New coefficients for a band a playing track already uses glide there over
 * the ramp length (ff_engine_eq_glide.c) rather than jumping.
 * SIMD levels take the fused path instead (ff_engine_tracks_fused.c): the
 * same stages in one pass, with no float64 rows in between; a tile with a
 * glide under way goes through the rows (ff_tracks_row_tile).
 */
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_simd.h"

static double *coef_row(ff_engine *e, int band, int j)
{
    return e->tracks.eq_coef + ((size_t)band * 5 + (size_t)j) * e->rows_cap;
}

static double *state_row(ff_engine *e, int band, int j)
{
    return e->tracks.eq_state + ((size_t)band * 4 + (size_t)j) * e->rows_cap;
}

static void set_band(ff_engine *e, uint32_t slot, int band, const double coef[5])
{
    ff_eq_glide_cancel(e, slot, band);
    for (int j = 0; j < 5; j++) {
        double *row = coef_row(e, band, j);
        row[2 * slot] = row[2 * slot + 1] = coef[j];
    }
}

static void clear_band_state(ff_engine *e, uint32_t slot, int band)
{
    for (int j = 0; j < 4; j++) {
        double *row = state_row(e, band, j);
        row[2 * slot] = row[2 * slot + 1] = 0.0;
    }
}

static const double BYPASS[5] = {1.0, 0.0, 0.0, 0.0, 0.0};

int ff_track_add(ff_engine *e, const ff_command *c)
{
    uint32_t slot = c->index;
    ff_track *t;
    if (slot >= e->max_tracks || c->clip.data == NULL)
        return -1;
    t = &e->tracks.slot[slot];
    memset(t, 0, sizeof(*t));
    t->clip = c->clip;
    t->id = c->id;
    t->active = 1;
    t->gain.fresh = !e->transport.playing;     /* joining a playing transport: fade in from 0 */
    for (int band = 0; band < FF_EQ_BANDS; band++) {
        set_band(e, slot, band, BYPASS);
        clear_band_state(e, slot, band);
    }
    memset(&e->meters.track[slot], 0, sizeof(ff_meter));
    if (slot + 1 > e->tracks.hi)
        e->tracks.hi = slot + 1;
    if (e->transport.playing)
        ff_post_event(e, FF_EVT_CLIP_TOUCHED, slot, t->clip.key);
    return 0;
}

/* Release the slot now: the render stops reading the clip, Python may drop it. */
void ff_track_release(ff_engine *e, uint32_t slot)
{
    uint64_t key = e->tracks.slot[slot].clip.key;
    memset(&e->tracks.slot[slot], 0, sizeof(ff_track));
    memset(&e->meters.track[slot], 0, sizeof(ff_meter));
    while (e->tracks.hi > 0 && !e->tracks.slot[e->tracks.hi - 1].active)
        e->tracks.hi--;
    ff_post_event(e, FF_EVT_TRACK_RELEASED, slot, key);
}

int ff_track_remove(ff_engine *e, uint32_t slot)
{
    if (slot >= e->max_tracks || !e->tracks.slot[slot].active || e->tracks.slot[slot].removing)
        return -1;
    if (e->transport.playing)
        e->tracks.slot[slot].removing = 1;   /* fade out first (mix_tile releases it) */
    else
        ff_track_release(e, slot);
    return 0;
}

int ff_track_set_eq(ff_engine *e, const ff_command *c)
{
    uint32_t slot = c->index;
    int band = c->i[0];
    uint32_t bit;
    ff_track *t;
    if (slot >= e->max_tracks || band < 0 || band >= FF_EQ_BANDS || !e->tracks.slot[slot].active)
        return -1;
    t = &e->tracks.slot[slot];
    bit = 1u << band;
    if (!c->i[1]) {
        t->eq_on &= ~bit;
        set_band(e, slot, band, BYPASS);
        return 0;
    }
    if (t->eq_on & bit && e->transport.playing) {
        ff_eq_glide_start(e, slot, band, c->v);     /* heard now: glide, no click */
        return 0;
    }
    if (!(t->eq_on & bit))
        clear_band_state(e, slot, band);
    set_band(e, slot, band, c->v);
    t->eq_on |= bit;
    return 0;
}

void ff_tracks_reset(ff_engine *e)
{
    memset(e->tracks.eq_state, 0, (size_t)FF_EQ_BANDS * 4 * e->rows_cap * sizeof(double));
    memset(e->meters.track, 0, (size_t)e->max_tracks * sizeof(ff_meter));
}

void ff_tracks_touch_clips(ff_engine *e)
{
    for (uint32_t s = 0; s < e->tracks.hi; s++)
        if (e->tracks.slot[s].active)
            ff_post_event(e, FF_EVT_CLIP_TOUCHED, s, e->tracks.slot[s].clip.key);
}

/* The target gain matrix of slot s from the shared parameters. */
void ff_track_target(ff_engine *e, uint32_t s, int any_solo, double g[4])
{
    const ff_params *p = &e->params;
    int muted = ff_load_i32(&p->track_muted[s]);
    int solo = ff_load_i32(&p->track_solo[s]);
    double audible = (!muted && (!any_solo || solo) && !e->transport.fading_out &&
                      !e->tracks.slot[s].removing) ? 1.0 : 0.0;
    ff_strip_gains_cached(&e->tracks.slot[s].gains, ff_load_f64(&p->track_volume[s]), ff_load_f64(&p->track_pan[s]),
                   ff_load_f64(&p->track_pan_right[s]), (int)e->tracks.slot[s].clip.channels,
                   audible, g);
}

#ifndef FF_PREFETCH_TRACKS
#define FF_PREFETCH_TRACKS 32    /* how many tracks ahead clip frames are requested */
#endif

/* Read the clips of slots [first, first + count) into rows, following the block's segments. */
static void read_tile(ff_engine *e, uint32_t first, uint32_t count, size_t n)
{
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
        for (uint32_t i = 0; i < e->transport.nseg; i++) {
            ff_clip_read(e, &t->clip, e->transport.seg_pos[i], e->transport.seg_len[i], l + off, r + off);
            off += e->transport.seg_len[i];
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
                               coef_row(e, band, 0) + 2 * first,
                               state_row(e, band, 0) + 2 * first, e->rows_cap);
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
        double g[4];
        int32_t bus;
        if (!t->active)
            continue;
        prefetch_track(e, s + FF_PREFETCH_TRACKS);
        ff_track_target(e, s, any_solo, g);
        ff_ramp_aim(&t->gain, g, 4, ramp);
        bus = ff_load_i32(&e->params.track_bus[s]);
        if (bus < 0 || bus >= FF_BUSES)
            bus = 0;
        e->simd->strip_mix(FF_ROW(e->scratch.rows, 2 * j, e),
                           t->clip.channels == 2 ? FF_ROW(e->scratch.rows, 2 * j + 1, e) : NULL, n,
                           &t->gain, FF_ROW(e->buses.direct, 2 * bus, e),
                           FF_ROW(e->buses.direct, 2 * bus + 1, e), &st);
        e->buses.fed |= FF_FED_DIRECT(bus);
        ff_ramp_advance(&t->gain, 4, n);
        ff_meter_apply(&e->meters.track[s], &st, n, decay);
        if (t->removing && t->gain.left == 0)
            ff_track_release(e, s);
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
            double g[4];
            if (!e->tracks.slot[s].active)
                continue;
            if (e->tracks.slot[s].removing) {
                ff_track_release(e, s);
                continue;
            }
            ff_track_target(e, s, any_solo, g);
            e->tracks.slot[s].gain.fresh = 1;     /* silent anyway: be at the target on play */
            ff_ramp_aim(&e->tracks.slot[s].gain, g, 4, ramp);
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
