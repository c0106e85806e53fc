/* ff_engine_voices.c - one-shot voices (middleware playback): 256 slots, commands.
 *
 * A new voice takes a free slot; when none is free it steals the non-looping
 * voice nearest its end (a voice already fading out counts by the frames of
 * fade it has left); looping voices are never stolen; when every slot holds a
 * looping voice the new one is refused and counted. A stolen voice moves to
 * one of 16 fading slots and fades out over the ramp length instead of being
 * cut (cut only if all 16 are busy). Each voice id ends with exactly one
 * FF_EVT_VOICE_ENDED event (finished, stopped, stolen or refused), sent when
 * the render no longer reads its clip, after which Python may drop it. Voices
 * play whether or not the transport runs.
 *
 * Timing is in frame_clock frames: a voice's first sample lands on its start
 * frame (inside a block if need be; a past frame means the block being
 * rendered). Stop fades out linearly from its frame (now if past) over its
 * fade length (the ramp length by default; 0 cuts at that frame). A second
 * stop replaces a stop whose fade has not begun yet and is ignored once it has.
 * A voice stopped at or before its first sample ends without a sound.
 * Volume/pan changes ramp the gain matrix over the ramp length; a rate change
 * ramps the rate linearly over the same length; a voice not heard yet takes
 * either at once.
 */
#include <string.h>

#include "engine/ff_engine_internal.h"

void ff_voice_end(ff_engine *e, ff_voice *v, uint32_t reason)
{
    ff_post_event(e, FF_EVT_VOICE_ENDED, reason, v->id);
    memset(v, 0, sizeof(*v));
}

static ff_voice *find_voice(ff_engine *e, uint64_t id)
{
    for (int i = 0; i < FF_VOICES; i++)
        if (e->voices.slot[i].active && e->voices.slot[i].id == id)
            return &e->voices.slot[i];
    return NULL;
}

/* Stop v from frame `at` (the current block if past) over `fade` frames, ending
 * with `reason`. A fade under way is kept (a stopped voice that is stolen was stopped). */
static void stop_from(ff_engine *e, ff_voice *v, uint64_t at, uint32_t fade, uint32_t reason)
{
    const uint64_t now = e->transport.frame_clock;
    if (v->stopping && v->stop_at <= now)
        return;
    if (at < now)
        at = now;
    if (!v->stopping)
        v->end_reason = reason;
    v->stopping = 1;
    v->stop_at = at;
    v->fade_out = fade;
    if (v->age == 0 && at <= v->start)
        ff_voice_end(e, v, v->end_reason);     /* nothing was, or will be, heard */
}

static uint64_t frames_left(const ff_engine *e, const ff_voice *v)
{
    uint64_t wait = v->start > e->transport.frame_clock ? v->start - e->transport.frame_clock : 0;
    uint64_t rest;
    if (v->stopping) {
        uint64_t end = v->stop_at + v->fade_out;
        return end > e->transport.frame_clock ? end - e->transport.frame_clock : 0;
    }
    rest = v->pos < v->clip.frames ? v->clip.frames - v->pos : 0;
    return wait + (uint64_t)((double)rest / (v->rate > 0.0 ? v->rate : 1.0));
}

/* Free the victim's slot: it fades out in a fading slot, or is cut if none is free. */
static void steal(ff_engine *e, ff_voice *victim)
{
    FF_STAT_ADD(e, voices_stolen, 1);
    for (int i = 0; i < FF_FADING_VOICES; i++) {
        if (!e->voices.fading[i].active) {
            e->voices.fading[i] = *victim;
            memset(victim, 0, sizeof(*victim));
            stop_from(e, &e->voices.fading[i], FF_FRAME_NOW, ff_ramp_length(e), FF_VOICE_STOLEN);
            return;
        }
    }
    ff_voice_end(e, victim, FF_VOICE_STOLEN);
}

static ff_voice *free_or_stolen_slot(ff_engine *e)
{
    ff_voice *victim = NULL;
    for (int i = 0; i < FF_VOICES; i++) {
        ff_voice *v = &e->voices.slot[i];
        if (!v->active)
            return v;
        if (v->loop && !v->stopping)
            continue;
        if (!victim || frames_left(e, v) < frames_left(e, victim))
            victim = v;
    }
    if (victim)
        steal(e, victim);
    return victim;
}

static double clamp_rate(double rate)
{
    return rate >= 0.25 && rate <= 4.0 ? rate : (rate > 4.0 ? 4.0 : (rate > 0.0 ? 0.25 : 1.0));
}

void ff_voice_start(ff_engine *e, const ff_command *c)
{
    ff_voice *v;
    int32_t bus = c->i[0];
    if (c->clip.data == NULL || c->clip.frames == 0)
        return;
    v = free_or_stolen_slot(e);
    if (!v) {
        FF_STAT_ADD(e, voices_refused, 1);
        ff_post_event(e, FF_EVT_VOICE_ENDED, FF_VOICE_REFUSED, c->id);
        return;
    }
    memset(v, 0, sizeof(*v));
    v->clip = c->clip;
    v->id = c->id;
    v->active = 1;
    v->loop = c->i[1] != 0;
    v->bus = (bus >= 0 && bus < FF_BUSES) ? (uint32_t)bus : 0;
    v->fade_in = c->i[2] > 0 ? (uint32_t)c->i[2] : 0;
    v->start = c->a > e->transport.frame_clock ? c->a : e->transport.frame_clock;
    v->rate = v->rate_target = clamp_rate(c->v[4]);
    v->gain.fresh = 1;
    ff_ramp_aim(&v->gain, c->v, 4, ff_ramp_length(e));
    FF_STAT_ADD(e, voices_started, 1);
    ff_post_event(e, FF_EVT_CLIP_TOUCHED, 0, v->clip.key);
}

void ff_voice_stop(ff_engine *e, const ff_command *c)
{
    ff_voice *v = find_voice(e, c->id);
    if (v)
        stop_from(e, v, c->a, c->i[0] >= 0 ? (uint32_t)c->i[0] : ff_ramp_length(e),
                  FF_VOICE_STOPPED);
}

void ff_voice_set(ff_engine *e, const ff_command *c)
{
    ff_voice *v = find_voice(e, c->id);
    uint32_t ramp = ff_ramp_length(e);
    if (!v)
        return;
    if (c->i[0] & 1) {
        v->gain.fresh = v->age == 0;    /* not heard yet: take it at once */
        ff_ramp_aim(&v->gain, c->v, 4, ramp);
    }
    if ((c->i[0] & 2) && clamp_rate(c->v[4]) != v->rate_target) {
        v->rate_target = clamp_rate(c->v[4]);
        if (v->age == 0) {              /* not heard yet: take it at once */
            v->rate = v->rate_target;
            v->rate_left = 0;
        } else {
            v->rate_step = (v->rate_target - v->rate) / (double)ramp;
            v->rate_left = ramp;
        }
    }
}

void ff_voices_end_all(ff_engine *e)
{
    for (int i = 0; i < FF_VOICES; i++)
        if (e->voices.slot[i].active)
            ff_voice_end(e, &e->voices.slot[i], FF_VOICE_STOPPED);
    for (int i = 0; i < FF_FADING_VOICES; i++)
        if (e->voices.fading[i].active)
            ff_voice_end(e, &e->voices.fading[i], e->voices.fading[i].end_reason);
}
