/* ff_engine_render.c - the render entry: commands, transport, one block at a time.
 *
 * ff_engine_render_interleaved_f32 is what PortAudio's callback and the
 * offline render both call. It chunks the request into blocks of at most
 * `blocksize` frames; per block it loads the active kernel table, applies the
 * queued commands, takes the transport requests, renders tracks, voices,
 * ducking, buses and master, publishes meters and position, and updates the counters.
 * FTZ/DAZ is set for the call and restored afterwards; RT_ENTER/RT_EXIT bracket
 * the whole call for the real-time sanitizer.
 */
#include <string.h>
#include <time.h>

#include "ff_denormals.h"
#include "ff_engine_internal.h"
#include "ff_engine_loudness.h"
#include "ff_engine_simd.h"
#include "ff_rt.h"

#define FF_TOUCH_INTERVAL_S 1.0

void ff_post_event(ff_engine *e, uint32_t type, uint32_t slot, uint64_t value)
{
    ff_event ev = {type, slot, value};
    if (ff_ring_push(&e->events, &ev) != 0)
        FF_STAT_ADD(e, events_dropped, 1);
}

static void apply_routing(ff_engine *e, const ff_command *c)
{
    for (int b = 0; b < FF_BUSES; b++) {
        int32_t out = c->i[b], order = c->i[FF_BUSES + b];
        e->bus_output[b] = (out >= 0 && out < FF_BUSES && out != b) ? out : 0;
        e->bus_order[b] = (order >= 0 && order < FF_BUSES) ? order : 0;
    }
}

static void reset_memories(ff_engine *e)
{
    ff_voices_end_all(e);
    ff_tracks_reset(e);
    memset(e->meter_bus, 0, sizeof(e->meter_bus));
    e->dc_x1[0] = e->dc_x1[1] = e->dc_y1[0] = e->dc_y1[1] = 0.0;
    ff_live_loudness_reset(e);
    ff_meter_publish(e);
}

static void apply_command(ff_engine *e, const ff_command *c)
{
    int rc = 0;
    switch (c->type) {
    case FF_CMD_ADD_TRACK: rc = ff_track_add(e, c); break;
    case FF_CMD_REMOVE_TRACK: rc = ff_track_remove(e, c->index); break;
    case FF_CMD_SET_EQ: rc = ff_track_set_eq(e, c); break;
    case FF_CMD_SET_ROUTING: apply_routing(e, c); break;
    case FF_CMD_SET_LOOP:
        e->loop_on = c->i[0] && c->b > c->a;
        e->loop_start = c->a;
        e->loop_end = c->b;
        break;
    case FF_CMD_VOICE_START: ff_voice_start(e, c); break;
    case FF_CMD_VOICE_STOP: ff_voice_stop(e, c); break;
    case FF_CMD_VOICE_SET: ff_voice_set(e, c); break;
    case FF_CMD_RESET: reset_memories(e); break;
    case FF_CMD_DUCK_SET: rc = ff_duck_set(e, c); break;
    case FF_CMD_DUCK_REMOVE: rc = ff_duck_remove(e, c->index); break;
    case FF_CMD_DUCK_CLEAR: ff_duck_clear(e); break;
    case FF_CMD_LOUDNESS_RESET:
    case FF_CMD_LOUDNESS_ENABLE: rc = ff_live_loudness_command(e, c); break;
    default: rc = -1; break;
    }
    if (rc == 0)
        FF_STAT_ADD(e, commands, 1);
    else
        FF_STAT_ADD(e, commands_ignored, 1);
}

void ff_engine_apply_commands(ff_engine *e)
{
    ff_command c;
    size_t budget = ff_ring_capacity(&e->commands);
    while (budget-- > 0 && ff_ring_pop(&e->commands, &c) == 0)
        apply_command(e, &c);
}

static void start_fade(ff_engine *e)
{
    if (!e->fading_out) {
        e->fading_out = 1;
        e->fade_left = ff_ramp_length(e);
    }
}

/* Seek and play/stop requests from Python, then this block's position segments.
 * Nothing the tracks play is cut: a stop fades them out over one ramp while the
 * transport runs on, then the transport rests where stop was asked; a seek
 * while playing fades out, jumps, and fades back in (the ramp brings the gains
 * back). A play request during a stop's fade cancels it. A start from rest is
 * immediate at the block boundary; a seek at rest is immediate too. */
static void take_transport(ff_engine *e, size_t n)
{
    int64_t seek = ff_load_i64(&e->params.seek);
    int play = ff_load_i32(&e->params.play) != 0;
    uint64_t pos;
    if (seek >= 0) {
        __atomic_store_n(&e->position, (uint64_t)seek, __ATOMIC_RELEASE);
        __atomic_compare_exchange_n(&e->params.seek, &seek, -1, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED);
        e->stop_pos = (uint64_t)seek;
        if (e->playing) {
            e->jump = 1;
            start_fade(e);
        } else {
            e->play_pos = (uint64_t)seek;
        }
    }
    if (play && !e->playing) {
        e->playing = 1;
        e->touch_countdown = 0;
    } else if (play && e->fading_out) {
        if (e->jump)
            e->resume = 1;
        else
            e->fading_out = 0;          /* play again during a stop's fade: play on */
    } else if (!play && e->playing) {
        if (!e->fading_out)
            e->stop_pos = e->play_pos;
        start_fade(e);
        e->resume = 0;
    }
    e->nseg = 0;
    if (!e->playing)
        return;
    pos = e->play_pos;
    while (n > 0) {
        size_t len = n;
        if (e->loop_on && pos < e->loop_end && e->loop_end - pos < len)
            len = (size_t)(e->loop_end - pos);
        e->seg_pos[e->nseg] = pos;
        e->seg_len[e->nseg] = (uint32_t)len;
        e->nseg++;
        pos += len;
        n -= len;
        if (e->loop_on && pos == e->loop_end)
            pos = e->loop_start;
    }
}

static void advance_transport(ff_engine *e, size_t n)
{
    if (!e->playing)
        return;
    e->play_pos = e->seg_pos[e->nseg - 1] + e->seg_len[e->nseg - 1];
    if (e->loop_on && e->play_pos == e->loop_end)
        e->play_pos = e->loop_start;
    if (e->fading_out) {
        e->fade_left -= n < e->fade_left ? (uint32_t)n : e->fade_left;
        if (e->fade_left > 0)
            return;
        e->playing = e->resume;
        e->fading_out = e->resume = e->jump = 0;
        e->play_pos = e->stop_pos;
    }
    __atomic_store_n(&e->position, e->play_pos, __ATOMIC_RELEASE);
    if (!e->playing)
        return;
    if (e->touch_countdown <= n) {
        ff_tracks_touch_clips(e);
        e->touch_countdown = (uint64_t)(FF_TOUCH_INTERVAL_S * e->samplerate);
    } else {
        e->touch_countdown -= n;
    }
}

static int tracks_soloed(const ff_engine *e)
{
    for (uint32_t s = 0; s < e->track_hi; s++)
        if (e->tracks[s].active && !e->tracks[s].removing &&
            ff_load_i32(&e->params.track_solo[s]))
            return 1;
    return 0;
}

/* Zero the bus rows the last block wrote (whole rows: the next block may be longer). */
static void clear_bus_rows(ff_engine *e)
{
    const size_t row_bytes = 2 * (size_t)e->row_stride * sizeof(double);
    for (int b = 0; b < FF_BUSES; b++) {
        if (e->dirty & FF_FED_DIRECT(b))
            memset(FF_ROW(e->bus_direct, 2 * b, e), 0, row_bytes);
        if (e->dirty & FF_FED_SUM(b))
            memset(FF_ROW(e->bus_sum, 2 * b, e), 0, row_bytes);
    }
    e->dirty = 0;
    e->fed = 0;
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
    take_transport(e, n);
    clear_bus_rows(e);
    decay = ff_meter_decay_factor(e, n);
    ff_tracks_render(e, k, n, tracks_soloed(e), decay);
    ff_voices_render(e, n);
    ff_ducking_render(e, n);
    ff_buses_render(e, k, n, decay);
    ff_master_render(e, k, n, out, decay);
    ff_live_loudness_block(e, out, n);
    ff_meter_publish(e);
    advance_transport(e, n);
    e->dirty = e->fed;
    __atomic_store_n(&e->frame_clock, e->frame_clock + n, __ATOMIC_RELEASE);
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
