/* ff_engine_state.c - create and destroy an engine: every buffer, sized once. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_loudness.h"
#include "engine/ff_engine_simd.h"

/* tile rows, bus direct and sum rows, out and tmp pairs, ducking gains */
#define FF_ARENA_ROWS (2 * FF_TILE_TRACKS + 4 * FF_BUSES + 4 + FF_BUSES)

static void *zalloc(size_t count, size_t size)
{
    void *p = NULL;
    size_t bytes = count * size;
    if (bytes == 0)
        bytes = 64;
    bytes = (bytes + 63) & ~(size_t)63;
    if (posix_memalign(&p, 64, bytes) != 0)
        return NULL;
    memset(p, 0, bytes);
    return p;
}

static void set_defaults(ff_engine *e)
{
    ff_params *p = &e->params;
    for (uint32_t s = 0; s < e->max_tracks; s++)
        p->track_volume[s] = 1.0;
    for (int b = 0; b < FF_BUSES; b++) {
        p->bus_volume[b] = 1.0;
        p->bus_pan[b] = -1.0;
        p->bus_pan_right[b] = 1.0;
        e->buses.output[b] = 0;
        e->buses.order[b] = (b + 1) % FF_BUSES;   /* 1..5, then Master */
        e->buses.gain[b].fresh = 1;
        e->buses.gate[b].fresh = 1;
    }
    p->master_volume = 1.0;
    p->meter_decay_db_per_s = 26.0;
    p->dc_block = 1;
    p->seek = -1;
    e->master.gain.fresh = 1;
    e->master.dc_coef = exp(-2.0 * 3.14159265358979323846 * 5.0 / e->samplerate);
    for (int band = 0; band < FF_EQ_BANDS; band++)
        for (size_t r = 0; r < e->rows_cap; r++)
            e->tracks.eq_coef[(size_t)band * 5 * e->rows_cap + r] = 1.0;   /* b0 = 1: bypass */
}

ff_engine *ff_engine_create(double samplerate, uint32_t blocksize, uint32_t max_tracks,
                            const ff_kernels *const *kernel_slot)
{
    ff_engine *e;
    size_t bs = blocksize;
    if (!(samplerate > 0.0) || blocksize == 0 || max_tracks == 0 || kernel_slot == NULL)
        return NULL;
    e = (ff_engine *)zalloc(1, sizeof(ff_engine));
    if (!e)
        return NULL;
    e->samplerate = samplerate;
    e->blocksize = blocksize;
    e->max_tracks = max_tracks;
    e->rows_cap = (2 * max_tracks + 7) & ~7u;
    e->kernel_slot = kernel_slot;
    e->params.track_volume = zalloc(max_tracks, sizeof(double));
    e->params.track_pan = zalloc(max_tracks, sizeof(double));
    e->params.track_pan_right = zalloc(max_tracks, sizeof(double));
    e->params.track_muted = zalloc(max_tracks, sizeof(int32_t));
    e->params.track_solo = zalloc(max_tracks, sizeof(int32_t));
    e->params.track_bus = zalloc(max_tracks, sizeof(int32_t));
    e->tracks.slot = zalloc(max_tracks, sizeof(ff_track));
    e->tracks.eq_coef = zalloc((size_t)FF_EQ_BANDS * 5 * e->rows_cap, sizeof(double));
    e->tracks.eq_state = zalloc((size_t)FF_EQ_BANDS * 4 * e->rows_cap, sizeof(double));
    e->tracks.eq_glide = zalloc((size_t)max_tracks * FF_EQ_BANDS, sizeof(ff_eq_glide));
    e->tracks.order = zalloc(2 * (size_t)max_tracks, sizeof(uint32_t));
    e->scratch.lanes = zalloc((size_t)FF_BUSES * bs * FF_FUSED_MAX_LANES, sizeof(double));
    e->meters.track = zalloc(max_tracks, sizeof(ff_meter));
    e->meters.pub_track = zalloc(max_tracks, sizeof(ff_meter));
    e->scratch.row_stride = (uint32_t)(((bs + 7) & ~(size_t)7) + 8);     /* +64 bytes per row */
    e->scratch.arena = zalloc(FF_ARENA_ROWS * (size_t)e->scratch.row_stride, sizeof(double));
    if (e->scratch.arena) {
        e->scratch.rows = e->scratch.arena;
        e->buses.direct = FF_ROW(e->scratch.rows, 2 * FF_TILE_TRACKS, e);
        e->buses.sum = FF_ROW(e->buses.direct, 2 * FF_BUSES, e);
        e->scratch.out_l = FF_ROW(e->buses.sum, 2 * FF_BUSES, e);
        e->scratch.out_r = FF_ROW(e->scratch.out_l, 1, e);
        e->scratch.tmp_l = FF_ROW(e->scratch.out_l, 2, e);
        e->scratch.tmp_r = FF_ROW(e->scratch.out_l, 3, e);
        e->ducking.gain = FF_ROW(e->scratch.out_l, 4, e);
    }
    e->transport.seg_pos = zalloc(bs, sizeof(uint64_t));
    e->transport.seg_len = zalloc(bs, sizeof(uint32_t));
    if (!e->params.track_volume || !e->params.track_pan || !e->params.track_pan_right ||
        !e->params.track_muted || !e->params.track_solo || !e->params.track_bus ||
        !e->tracks.slot || !e->tracks.eq_coef || !e->tracks.eq_state || !e->tracks.eq_glide ||
        !e->tracks.order || !e->scratch.lanes ||
        !e->meters.track || !e->meters.pub_track || !e->scratch.arena ||
        !e->transport.seg_pos || !e->transport.seg_len ||
        ff_ring_init(&e->rings.commands, FF_COMMAND_CAPACITY, sizeof(ff_command)) != 0 ||
        ff_ring_init(&e->rings.events, FF_EVENT_CAPACITY, sizeof(ff_event)) != 0 ||
        ff_live_loudness_create(e) != 0) {
        ff_engine_destroy(e);
        return NULL;
    }
    set_defaults(e);
    return e;
}

void ff_engine_destroy(ff_engine *e)
{
    if (!e)
        return;
    free(e->params.track_volume);
    free(e->params.track_pan);
    free(e->params.track_pan_right);
    free(e->params.track_muted);
    free(e->params.track_solo);
    free(e->params.track_bus);
    free(e->tracks.slot);
    free(e->tracks.eq_coef);
    free(e->tracks.eq_state);
    free(e->tracks.eq_glide);
    free(e->tracks.order);
    free(e->meters.track);
    free(e->meters.pub_track);
    free(e->scratch.arena);
    free(e->scratch.lanes);
    free(e->transport.seg_pos);
    free(e->transport.seg_len);
    ff_ring_free(&e->rings.commands);
    ff_ring_free(&e->rings.events);
    ff_live_loudness_destroy(e);
    free(e);
}
