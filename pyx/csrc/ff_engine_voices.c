/* ff_engine_voices.c - one-shot voices (middleware playback), 256 slots.
 *
 * A new voice takes a free slot; when none is free it steals the non-looping
 * voice nearest its end (a voice already fading out counts by the frames of
 * fade it has left); looping voices are never stolen; when every slot holds a
 * looping voice the new one is refused and counted. A stolen voice moves to
 * one of 16 fading slots and fades out over the ramp length instead of being
 * cut (cut only if all 16 are busy). Each voice id ends with exactly one
 * FF_EVT_VOICE_ENDED event (finished, stopped, stolen or refused), sent when
 * the render no longer reads its clip, after which Python may drop it. Voices
 * play whether or not the transport runs. stop fades the voice out over the
 * ramp length.
 */
#include <string.h>

#include "ff_engine_internal.h"
#include "ff_engine_simd.h"

static void end_voice(ff_engine *e, ff_voice *v, uint32_t reason)
{
    ff_post_event(e, FF_EVT_VOICE_ENDED, reason, v->id);
    memset(v, 0, sizeof(*v));
}

static const double SILENCE[4] = {0.0, 0.0, 0.0, 0.0};

/* Start fading v out; it ends once the fade is done, with `reason` (or with the
 * reason of a fade already under way: a stopped voice that is stolen was stopped). */
static void fade_out(ff_engine *e, ff_voice *v, uint32_t reason)
{
    if (!v->stopping) {
        v->stopping = 1;
        v->end_reason = reason;
        ff_ramp_aim(&v->gain, SILENCE, 4, ff_ramp_length(e));
    }
    if (v->gain.left == 0)
        end_voice(e, v, v->end_reason);
}

static uint64_t frames_left(const ff_voice *v)
{
    if (v->stopping)
        return v->gain.left;
    return v->pos < v->clip.frames ? v->clip.frames - v->pos : 0;
}

/* Free the victim's slot: it fades out in a fading slot, or is cut if none is free. */
static void steal(ff_engine *e, ff_voice *victim)
{
    FF_STAT_ADD(e, voices_stolen, 1);
    for (int i = 0; i < FF_FADING_VOICES; i++) {
        if (!e->fading[i].active) {
            e->fading[i] = *victim;
            memset(victim, 0, sizeof(*victim));
            fade_out(e, &e->fading[i], FF_VOICE_STOLEN);
            return;
        }
    }
    end_voice(e, victim, FF_VOICE_STOLEN);
}

static ff_voice *free_or_stolen_slot(ff_engine *e)
{
    ff_voice *victim = NULL;
    for (int i = 0; i < FF_VOICES; i++) {
        ff_voice *v = &e->voices[i];
        if (!v->active)
            return v;
        if (v->loop && !v->stopping)
            continue;
        if (!victim || frames_left(v) < frames_left(victim))
            victim = v;
    }
    if (victim)
        steal(e, victim);
    return victim;
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
    v->clip = c->clip;
    v->id = c->id;
    v->pos = 0;
    v->active = 1;
    v->loop = c->i[1] != 0;
    v->bus = (bus >= 0 && bus < FF_BUSES) ? (uint32_t)bus : 0;
    v->gain.fresh = 1;
    ff_ramp_aim(&v->gain, c->v, 4, ff_ramp_length(e));
    FF_STAT_ADD(e, voices_started, 1);
    ff_post_event(e, FF_EVT_CLIP_TOUCHED, 0, v->clip.key);
}

void ff_voice_stop(ff_engine *e, uint64_t id)
{
    for (int i = 0; i < FF_VOICES; i++) {
        ff_voice *v = &e->voices[i];
        if (v->active && v->id == id && !v->stopping) {
            fade_out(e, v, FF_VOICE_STOPPED);
            return;
        }
    }
}

void ff_voices_end_all(ff_engine *e)
{
    for (int i = 0; i < FF_VOICES; i++)
        if (e->voices[i].active)
            end_voice(e, &e->voices[i], FF_VOICE_STOPPED);
    for (int i = 0; i < FF_FADING_VOICES; i++)
        if (e->fading[i].active)
            end_voice(e, &e->fading[i], e->fading[i].end_reason);
}

/* Read n frames of the voice's clip into tmp rows, wrapping when it loops. */
static void read_voice(ff_engine *e, ff_voice *v, size_t n)
{
    size_t off = 0;
    if (!v->loop) {
        ff_clip_read(e, &v->clip, v->pos, n, e->tmp_l, e->tmp_r);
        v->pos += n;
        return;
    }
    while (off < n) {
        uint64_t rest = v->clip.frames - v->pos;
        size_t len = rest < n - off ? (size_t)rest : n - off;
        ff_clip_read(e, &v->clip, v->pos, len, e->tmp_l + off, e->tmp_r + off);
        off += len;
        v->pos += len;
        if (v->pos >= v->clip.frames)
            v->pos = 0;
    }
}

static void render_voice(ff_engine *e, ff_voice *v, size_t n)
{
    ff_stereo_stats unused;     /* voices have no meters of their own */
    read_voice(e, v, n);
    e->simd->strip_mix(e->tmp_l, v->clip.channels == 2 ? e->tmp_r : NULL, n, &v->gain,
                       FF_ROW(e->bus_direct, 2 * v->bus, e),
                       FF_ROW(e->bus_direct, 2 * v->bus + 1, e), &unused);
    ff_ramp_advance(&v->gain, 4, n);
    e->fed |= FF_FED_DIRECT(v->bus);
    if (v->stopping && v->gain.left == 0)
        end_voice(e, v, v->end_reason);
    else if (!v->loop && v->pos >= v->clip.frames)
        end_voice(e, v, FF_VOICE_FINISHED);
}

void ff_voices_render(ff_engine *e, size_t n)
{
    for (int i = 0; i < FF_VOICES; i++)
        if (e->voices[i].active)
            render_voice(e, &e->voices[i], n);
    for (int i = 0; i < FF_FADING_VOICES; i++)
        if (e->fading[i].active)
            render_voice(e, &e->fading[i], n);
}
