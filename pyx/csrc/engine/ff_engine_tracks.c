/* ff_engine_tracks.c - track slots: add, remove, EQ settings, gain targets.
 *
 * A track occupies a slot from its FF_CMD_ADD_TRACK to its release, when the
 * render stops reading its clip and tells Python (FF_EVT_TRACK_RELEASED); a
 * track removed while the transport plays fades out first. Each of its four
 * EQ bands holds the bypass filter until set; new coefficients for a band a
 * playing track already uses glide there over the ramp length
 * (ff_engine_eq_glide.c) rather than jumping. Muted or solo-silenced tracks
 * aim at silence. The track stage itself is ff_engine_tracks_render.c.
 */
#include <string.h>

#include "engine/ff_engine_internal.h"

static void set_band(ff_engine *e, uint32_t slot, int band, const double coef[5])
{
    ff_eq_glide_cancel(e, slot, band);
    for (int j = 0; j < 5; j++) {
        double *row = ff_eq_coef_row(e, band, j);
        row[2 * slot] = row[2 * slot + 1] = coef[j];
    }
}

static void clear_band_state(ff_engine *e, uint32_t slot, int band)
{
    for (int j = 0; j < 4; j++) {
        double *row = ff_eq_state_row(e, band, j);
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

void ff_track_aim(ff_engine *e, uint32_t s, int any_solo, uint32_t ramp)
{
    const ff_params *p = &e->params;
    double g[4];
    int muted = ff_load_i32(&p->track_muted[s]);
    int solo = ff_load_i32(&p->track_solo[s]);
    double audible = (!muted && (!any_solo || solo) && !e->transport.fading_out &&
                      !e->tracks.slot[s].removing) ? 1.0 : 0.0;
    ff_strip_gains_cached(&e->tracks.slot[s].gains, ff_load_f64(&p->track_volume[s]),
                          ff_load_f64(&p->track_pan[s]), ff_load_f64(&p->track_pan_right[s]),
                          (int)e->tracks.slot[s].clip.channels, audible, g);
    ff_ramp_aim(&e->tracks.slot[s].gain, g, 4, ramp);
}

void ff_track_done(ff_engine *e, uint32_t s, const ff_stereo_stats *st, size_t n, double decay)
{
    ff_track *t = &e->tracks.slot[s];
    ff_ramp_advance(&t->gain, 4, n);
    ff_meter_apply(&e->meters.track[s], st, n, decay);
    if (t->removing && t->gain.left == 0)
        ff_track_release(e, s);
}

int32_t ff_track_bus(const ff_engine *e, uint32_t s)
{
    int32_t bus = ff_load_i32(&e->params.track_bus[s]);
    return bus < 0 || bus >= FF_BUSES ? 0 : bus;
}
