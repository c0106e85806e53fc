/* ff_engine_ducking.c - bus ducking envelopes, computed per frame in the render.
 *
 * A rule (source bus, target bus, amount_db, attack, release) has its own
 * envelope in dB. On every frame where a voice sounds on the source bus (the
 * span of this block's voice output there; tracks do not count) the envelope
 * moves towards amount_db by the one-pole step
 *     env += (1 - exp(-1 / (attack_s * samplerate))) * (amount_db - env),
 * elsewhere towards 0 dB with the release time: after attack_ms of voice it
 * has covered 1 - 1/e (63.2 %) of the way. A target's ducking gain is the
 * most negative envelope among its rules (the strongest wins); it multiplies
 * the target bus's input frame by frame (10^(dB/20)). An envelope within
 * 1e-6 dB of where it is heading snaps there, so a released rule costs
 * nothing once it is back at 0 dB. The gain of each bus at the end of the
 * block is published (atomic) for read_ducking. A removed rule releases back
 * to 0 dB (no jump) before its slot is freed; setting a slot again takes it over.
 */
#include <math.h>
#include <string.h>

#include "engine/ff_engine_internal.h"

#define FF_DUCK_SNAP_DB 1e-6
#define FF_LN10_OVER_20 0.11512925464970228420

static double coef_for(double ms, double samplerate)
{
    return ms > 0.0 ? 1.0 - exp(-1000.0 / (ms * samplerate)) : 1.0;
}

int ff_duck_set(ff_engine *e, const ff_command *c)
{
    ff_duck_rule *r;
    int32_t source = c->i[0], target = c->i[1];
    if (c->index >= FF_DUCK_RULES || source < 0 || source >= FF_BUSES || target < 0 ||
        target >= FF_BUSES || source == target)
        return -1;
    r = &e->ducking.rule[c->index];
    if (!r->active || r->target != target)
        r->env_db = 0.0;          /* a new rule (or a new target) starts undisturbed */
    r->active = 1;
    r->releasing = 0;
    r->source = source;
    r->target = target;
    r->amount_db = c->v[0] < 0.0 ? c->v[0] : 0.0;
    r->attack_coef = coef_for(c->v[1], e->samplerate);
    r->release_coef = coef_for(c->v[2], e->samplerate);
    return 0;
}

int ff_duck_remove(ff_engine *e, uint32_t slot)
{
    if (slot >= FF_DUCK_RULES || !e->ducking.rule[slot].active)
        return -1;
    e->ducking.rule[slot].releasing = 1;
    return 0;
}

void ff_duck_clear(ff_engine *e)
{
    for (int i = 0; i < FF_DUCK_RULES; i++)
        e->ducking.rule[i].releasing = 1;
}

static int source_on(const ff_engine *e, const ff_duck_rule *r, size_t k)
{
    const ff_engine_voices *v = &e->voices;
    return !r->releasing && k >= v->heard_from[r->source] && k < v->heard_to[r->source];
}

/* True if the rule's envelope moves or sits away from 0 dB in this block. */
static int rule_busy(const ff_engine *e, const ff_duck_rule *r)
{
    return r->env_db != 0.0 ||
           (!r->releasing && e->voices.heard_to[r->source] > e->voices.heard_from[r->source]);
}

static double step_rule(ff_duck_rule *r, int on)
{
    const double goal = on ? r->amount_db : 0.0;
    r->env_db += (on ? r->attack_coef : r->release_coef) * (goal - r->env_db);
    if (fabs(goal - r->env_db) < FF_DUCK_SNAP_DB)
        r->env_db = goal;
    return r->env_db;
}

/* Step the rules of one target through the block; its gain row in dB. Returns
 * 1 if any frame is ducked. */
static int render_target(ff_engine *e, ff_duck_rule *const *rules, int count, double *row,
                         size_t n)
{
    int any = 0;
    for (size_t k = 0; k < n; k++) {
        double g_db = 0.0;
        for (int i = 0; i < count; i++) {
            double env = step_rule(rules[i], source_on(e, rules[i], k));
            if (env < g_db)
                g_db = env;
        }
        row[k] = g_db;
        any |= g_db != 0.0;
    }
    return any;
}

void ff_ducking_render(ff_engine *e, size_t n)
{
    ff_duck_rule *rules[FF_BUSES][FF_DUCK_RULES];
    int count[FF_BUSES] = {0};
    uint32_t busy = 0;
    e->ducking.applied = 0;
    for (int i = 0; i < FF_DUCK_RULES; i++) {
        ff_duck_rule *r = &e->ducking.rule[i];
        if (r->active && r->releasing && r->env_db == 0.0)
            memset(r, 0, sizeof(*r));         /* released: free the slot */
        if (!r->active)
            continue;
        rules[r->target][count[r->target]++] = r;
        if (rule_busy(e, r))
            busy |= 1u << r->target;
    }
    for (int b = 0; b < FF_BUSES; b++) {
        double *row = FF_ROW(e->ducking.gain, b, e);
        if (!(busy & (1u << b)) || !render_target(e, rules[b], count[b], row, n)) {
            ff_store_f64(&e->ducking.db[b], busy & (1u << b) ? row[n - 1] : 0.0);
            continue;
        }
        ff_store_f64(&e->ducking.db[b], row[n - 1]);
        for (size_t k = 0; k < n; k++)
            row[k] = exp(row[k] * FF_LN10_OVER_20);
        e->ducking.applied |= 1u << b;
    }
}

void ff_ducking_apply(ff_engine *e, int bus, double *l, double *r, size_t n)
{
    const double *g = FF_ROW(e->ducking.gain, bus, e);
    if (!(e->ducking.applied & (1u << bus)))
        return;
    for (size_t k = 0; k < n; k++) {
        l[k] *= g[k];
        r[k] *= g[k];
    }
}
