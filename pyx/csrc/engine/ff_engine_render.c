/* ff_engine_render.c - the render entry, one block at a time.
 *
 * ff_engine_render_interleaved_f32 is what PortAudio's callback and the
 * offline render both call. It chunks the request into blocks of at most
 * `blocksize` frames; per block it loads the active kernel table, applies the
 * queued commands (ff_engine_commands.c), takes the transport requests
 * (ff_engine_transport.c), renders tracks, voices, ducking, buses and master,
 * meters live loudness (ff_engine_loudness.c), publishes meters and position, and updates the counters.
 * FTZ/DAZ is set for the call and restored afterwards; RT_ENTER/RT_EXIT bracket
 * the whole call for the real-time sanitizer.
 */
#include <string.h>
#include <time.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_loudness.h"
#include "engine/ff_engine_simd.h"
#include "kernels/ff_denormals.h"
#include "rt/ff_rt.h"

static int tracks_soloed(const ff_engine *e)
{
    for (uint32_t s = 0; s < e->tracks.hi; s++)
        if (e->tracks.slot[s].active && !e->tracks.slot[s].removing &&
            ff_load_i32(&e->params.track_solo[s]))
            return 1;
    return 0;
}

/* Zero the bus rows the last block wrote (whole rows: the next block may be longer). */
static void clear_bus_rows(ff_engine *e)
{
    const size_t row_bytes = 2 * (size_t)e->scratch.row_stride * sizeof(double);
    for (int b = 0; b < FF_BUSES; b++) {
        if (e->buses.dirty & FF_FED_DIRECT(b))
            memset(FF_ROW(e->buses.direct, 2 * b, e), 0, row_bytes);
        if (e->buses.dirty & FF_FED_SUM(b))
            memset(FF_ROW(e->buses.sum, 2 * b, e), 0, row_bytes);
    }
    e->buses.dirty = 0;
    e->buses.fed = 0;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void render_block(ff_engine *e, float *out, size_t n)
{
    uint64_t start = now_ns(), spent;
    const ff_kernels *k = __atomic_load_n(e->kernel_slot, __ATOMIC_ACQUIRE);
    double decay;
    e->simd = ff_engine_simd_for(k->level);
    ff_engine_apply_commands(e);
    ff_transport_take(e, n);
    clear_bus_rows(e);
    decay = ff_meter_decay_factor(e, n);
    ff_tracks_render(e, k, n, tracks_soloed(e), decay);
    ff_voices_render(e, n);
    ff_ducking_render(e, n);
    ff_buses_render(e, k, n, decay);
    ff_master_render(e, k, n, out, decay);
    ff_live_loudness_block(e, out, n);
    ff_meter_publish(e);
    ff_transport_advance(e, n);
    e->buses.dirty = e->buses.fed;
    __atomic_store_n(&e->transport.frame_clock, e->transport.frame_clock + n, __ATOMIC_RELEASE);
    spent = now_ns() - start;
    FF_STAT_ADD(e, blocks, 1);
    FF_STAT_ADD(e, frames, n);
    FF_STAT_ADD(e, render_ns_total, spent);
    if (spent > e->stats.render_ns_max)
        __atomic_store_n(&e->stats.render_ns_max, spent, __ATOMIC_RELAXED);
}

int ff_engine_render_interleaved_f32(void *state, float *out, unsigned long frames)
{
    ff_engine *e = (ff_engine *)state;
    uint64_t fpu;
    RT_ENTER();
    fpu = ff_set_denormals_zero();
    FF_STAT_ADD(e, calls, 1);
    while (frames > 0) {
        size_t n = frames < e->blocksize ? (size_t)frames : e->blocksize;
        render_block(e, out, n);
        out += 2 * n;
        frames -= n;
    }
    ff_restore_denormals(fpu);
    RT_EXIT();
    return 0;
}
