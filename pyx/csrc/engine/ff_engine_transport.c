/* ff_engine_transport.c - play, stop, seek and loop: the block's clip segments.
 *
 * Per block the render takes Python's seek and play/stop requests and cuts
 * the block into segments of clip positions (two or more where the loop wraps
 * inside it); after the block it advances the play position, finishes a
 * stop's or seek's fade, publishes the position and, once a second of
 * playing, has every track's clip touched (an event per clip).
 */
#include "engine/ff_engine_internal.h"

#define FF_TOUCH_INTERVAL_S 1.0

void ff_transport_set_loop(ff_engine *e, int on, uint64_t start, uint64_t end)
{
    ff_engine_transport *t = &e->transport;
    t->loop_on = on;
    t->loop_start = start;
    t->loop_end = end;
}

static void start_fade(ff_engine *e)
{
    ff_engine_transport *t = &e->transport;
    if (!t->fading_out) {
        t->fading_out = 1;
        t->fade_left = ff_ramp_length(e);
    }
}

/* Seek and play/stop requests from Python, then this block's position segments.
 * Nothing the tracks play is cut: a stop fades them out over one ramp while the
 * transport runs on, then the transport rests where stop was asked; a seek
 * while playing fades out, jumps, and fades back in (the ramp brings the gains
 * back). A play request during a stop's fade cancels it. A start from rest is
 * immediate at the block boundary; a seek at rest is immediate too. */
void ff_transport_take(ff_engine *e, size_t n)
{
    ff_engine_transport *t = &e->transport;
    int64_t seek = ff_load_i64(&e->params.seek);
    int play = ff_load_i32(&e->params.play) != 0;
    uint64_t pos;
    if (seek >= 0) {
        __atomic_store_n(&t->position, (uint64_t)seek, __ATOMIC_RELEASE);
        __atomic_compare_exchange_n(&e->params.seek, &seek, -1, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED);
        t->stop_pos = (uint64_t)seek;
        if (t->playing) {
            t->jump = 1;
            start_fade(e);
        } else {
            t->play_pos = (uint64_t)seek;
        }
    }
    if (play && !t->playing) {
        t->playing = 1;
        t->touch_countdown = 0;
    } else if (play && t->fading_out) {
        if (t->jump)
            t->resume = 1;
        else
            t->fading_out = 0;   /* play again during a stop's fade: play on */
    } else if (!play && t->playing) {
        if (!t->fading_out)
            t->stop_pos = t->play_pos;
        start_fade(e);
        t->resume = 0;
    }
    t->nseg = 0;
    if (!t->playing)
        return;
    pos = t->play_pos;
    while (n > 0) {
        size_t len = n;
        if (t->loop_on && pos < t->loop_end && t->loop_end - pos < len)
            len = (size_t)(t->loop_end - pos);
        t->seg_pos[t->nseg] = pos;
        t->seg_len[t->nseg] = (uint32_t)len;
        t->nseg++;
        pos += len;
        n -= len;
        if (t->loop_on && pos == t->loop_end)
            pos = t->loop_start;
    }
}

void ff_transport_advance(ff_engine *e, size_t n)
{
    ff_engine_transport *t = &e->transport;
    if (!t->playing)
        return;
    t->play_pos = t->seg_pos[t->nseg - 1] + t->seg_len[t->nseg - 1];
    if (t->loop_on && t->play_pos == t->loop_end)
        t->play_pos = t->loop_start;
    if (t->fading_out) {
        t->fade_left -= n < t->fade_left ? (uint32_t)n : t->fade_left;
        if (t->fade_left > 0)
            return;
        t->playing = t->resume;
        t->fading_out = t->resume = t->jump = 0;
        t->play_pos = t->stop_pos;
    }
    __atomic_store_n(&t->position, t->play_pos, __ATOMIC_RELEASE);
    if (!t->playing)
        return;
    if (t->touch_countdown <= n) {
        ff_tracks_touch_clips(e);
        t->touch_countdown = (uint64_t)(FF_TOUCH_INTERVAL_S * e->samplerate);
    } else {
        t->touch_countdown -= n;
    }
}
