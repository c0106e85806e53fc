/* ff_engine_voice_render.c - the voice stage: clip (at its rate) -> fades -> gains -> bus.
 *
 * Per block, each voice that has begun (or begins inside the block, at the
 * frame offset of its start) reads its clip into the tmp rows, gets its fade
 * envelope, and goes through its ramped 2x2 gain matrix into its bus's direct
 * input. Rate 1 with no fraction reads the clip as the tracks do; any other
 * rate reads by linear interpolation between neighbouring frames (a looping
 * voice interpolates across the loop point, a one-shot towards silence past
 * its last frame), in float64, in order: deterministic at every SIMD level.
 * At a steady rate away from the clip's end, each frame's position is computed
 * from the block's start (frac + i * rate), so frames do not wait on each other.
 * Fades are linear in gain: fade-in g = k / fade_in for the k-th sample
 * (k < fade_in), fade-out g = 1 - j / fade_out for the j-th sample from the
 * stop frame; both multiply. The frames of this block that carried clip data
 * are noted per bus for the ducking stage.
 */
#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_simd.h"

/* Rate 1: n frames from pos, wrapping when the voice loops. Returns frames of clip data. */
static size_t read_plain(ff_engine *e, ff_voice *v, size_t n, double *l, double *r)
{
    size_t off = 0;
    if (!v->loop) {
        size_t heard = v->pos < v->clip.frames ? (size_t)(v->clip.frames - v->pos) : 0;
        ff_clip_read(e, &v->clip, v->pos, n, l, r);
        v->pos += n;
        return heard < n ? heard : n;
    }
    while (off < n) {
        uint64_t rest = v->clip.frames - v->pos;
        size_t len = rest < n - off ? (size_t)rest : n - off;
        ff_clip_read(e, &v->clip, v->pos, len, l + off, r + off);
        off += len;
        v->pos += len;
        if (v->pos >= v->clip.frames)
            v->pos = 0;
    }
    return n;
}

/* A steady rate with every frame needed inside the clip: each position is
 * frac + i * rate from the block's start (no chain from frame to frame). */
static void read_steady(ff_voice *v, size_t n, double *l, double *r)
{
    const uint32_t ch = v->clip.channels;
    const float *d = v->clip.data + v->pos * ch;
    const double rate = v->rate, f0 = v->frac;
    double end;
    uint64_t whole;
    for (size_t i = 0; i < n; i++) {
        const double x = f0 + (double)i * rate;
        const size_t k = (size_t)x;
        const double f = x - (double)k;
        const float *p = d + k * ch;
        l[i] = p[0] + f * ((double)p[ch] - p[0]);
        if (ch == 2)
            r[i] = p[1] + f * ((double)p[ch + 1] - p[1]);
    }
    end = f0 + (double)n * rate;
    whole = (uint64_t)end;
    v->pos += whole;
    v->frac = end - (double)whole;
}

/* Any rate: linear interpolation, the rate ramping if a change is under way. */
static size_t read_resampled(ff_voice *v, size_t n, double *l, double *r)
{
    const float *d = v->clip.data;
    const uint64_t frames = v->clip.frames;
    const uint32_t ch = v->clip.channels;
    size_t heard = 0;
    if (v->rate_left == 0 &&
        (double)v->pos + v->frac + (double)n * v->rate + 2.0 < (double)frames) {
        read_steady(v, n, l, r);
        return n;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t next = v->pos + 1;
        double f = v->frac, rate = v->rate;
        uint64_t whole;
        if (v->pos >= frames) {             /* one-shot past its end */
            l[i] = 0.0;
            if (ch == 2)
                r[i] = 0.0;
            continue;
        }
        if (next >= frames)
            next = v->loop ? 0 : frames;
        {
            double a = d[v->pos * ch], b = next < frames ? d[next * ch] : 0.0;
            l[i] = a + f * (b - a);
        }
        if (ch == 2) {
            double a = d[v->pos * ch + 1], b = next < frames ? d[next * ch + 1] : 0.0;
            r[i] = a + f * (b - a);
        }
        heard++;
        if (v->rate_left > 0) {
            v->rate = --v->rate_left == 0 ? v->rate_target : v->rate + v->rate_step;
        }
        v->frac = f + rate;
        whole = (uint64_t)v->frac;
        v->frac -= (double)whole;
        v->pos += whole;
        if (v->loop && v->pos >= frames)
            v->pos %= frames;
    }
    return heard;
}

/* Multiply m output frames (the first at frame_clock t0) by the fade envelope. */
static void apply_envelope(const ff_voice *v, uint64_t t0, double *l, double *r, size_t m)
{
    const int fading_in = v->age < v->fade_in;
    const int fading_out = v->stopping && t0 + m > v->stop_at;
    if (!fading_in && !fading_out)
        return;
    for (size_t i = 0; i < m; i++) {
        const uint64_t age = v->age + i, t = t0 + i;
        double g = 1.0;
        if (age < v->fade_in)
            g = (double)age / (double)v->fade_in;
        if (fading_out && t >= v->stop_at)
            g *= 1.0 - (double)(t - v->stop_at) / (double)v->fade_out;
        l[i] *= g;
        if (r)
            r[i] *= g;
    }
}

static void note_activity(ff_engine *e, uint32_t bus, size_t from, size_t to)
{
    if (to <= from)
        return;
    if (from < e->voices.heard_from[bus])
        e->voices.heard_from[bus] = (uint32_t)from;
    if (to > e->voices.heard_to[bus])
        e->voices.heard_to[bus] = (uint32_t)to;
}

static void render_voice(ff_engine *e, ff_voice *v, size_t n)
{
    ff_stereo_stats unused;     /* voices have no meters of their own */
    const uint64_t clock = e->transport.frame_clock;
    const int stereo = v->clip.channels == 2;
    size_t off, m, heard;
    if (v->start >= clock + n)
        return;                 /* starts in a later block */
    off = v->start > clock ? (size_t)(v->start - clock) : 0;
    m = n - off;
    if (v->stopping) {
        const uint64_t end = v->stop_at + v->fade_out, t0 = clock + off;
        if (end <= t0) {
            ff_voice_end(e, v, v->end_reason);
            return;
        }
        if (end - t0 < m)
            m = (size_t)(end - t0);
    }
    if (v->rate == 1.0 && v->frac == 0.0 && v->rate_left == 0)
        heard = read_plain(e, v, m, e->scratch.tmp_l, e->scratch.tmp_r);
    else
        heard = read_resampled(v, m, e->scratch.tmp_l, e->scratch.tmp_r);
    apply_envelope(v, clock + off, e->scratch.tmp_l, stereo ? e->scratch.tmp_r : NULL, m);
    e->simd->strip_mix(e->scratch.tmp_l, stereo ? e->scratch.tmp_r : NULL, m, &v->gain,
                       FF_ROW(e->buses.direct, 2 * v->bus, e) + off,
                       FF_ROW(e->buses.direct, 2 * v->bus + 1, e) + off, &unused);
    ff_ramp_advance(&v->gain, 4, m);
    v->age += m;
    e->buses.fed |= FF_FED_DIRECT(v->bus);
    note_activity(e, v->bus, off, off + heard);
    if (v->stopping && clock + off + m >= v->stop_at + v->fade_out)
        ff_voice_end(e, v, v->end_reason);
    else if (!v->loop && v->pos >= v->clip.frames)
        ff_voice_end(e, v, FF_VOICE_FINISHED);
}

void ff_voices_render(ff_engine *e, size_t n)
{
    for (int b = 0; b < FF_BUSES; b++) {
        e->voices.heard_from[b] = (uint32_t)n;
        e->voices.heard_to[b] = 0;
    }
    for (int i = 0; i < FF_VOICES; i++)
        if (e->voices.slot[i].active)
            render_voice(e, &e->voices.slot[i], n);
    for (int i = 0; i < FF_FADING_VOICES; i++)
        if (e->voices.fading[i].active)
            render_voice(e, &e->voices.fading[i], n);
}
