/* ff_engine_loudness.h - live loudness of the master and every bus, in the render.
 *
 * One ff_loudness meter (BS.1770-4 / EBU R128, ff_loudness.h) per bus, fed
 * every block with what the bus outputs: buses 1..5 after their volume, pan
 * and mute (the signal they send on), the master (bus 0) with the rendered
 * output itself, float32 after the master stage (volume, soft clip, DC
 * blocker), so the master's figures equal those of fluxforge.loudness() on a
 * render. A bus that receives nothing is fed silence. The per-sample work
 * (K-weighting, true peak) runs for all twelve channels at once in SIMD
 * lanes (ff_loudness_lanes.h), bit for bit what the meter would compute.
 *
 * Figures per bus, FF_LOUD_FIELDS columns in this order: momentary,
 * short-term and integrated loudness (LUFS), loudness range (LU), true peak
 * (dBTP), maximum momentary and maximum short-term loudness (LUFS). They
 * change when a 100 ms sub-block completes (the histogram passes for
 * integrated loudness and range run only then), true peak every block.
 * Silence reads -inf and range 0; with metering switched off every figure
 * reads NaN. They are published with the meters, under the same seqlock
 * (ff_meter_publish), and read in one consistent copy by
 * ff_engine_read_loudness.
 *
 * Memory: about 1.5 MB, allocated in ff_engine_create; nothing in the render
 * allocates, locks or calls the system. A reset (the engine's reset command
 * or FF_CMD_LOUDNESS_RESET) starts a new measurement on every bus.
 */
#ifndef FF_ENGINE_LOUDNESS_H
#define FF_ENGINE_LOUDNESS_H

#include <stddef.h>
#include <stdint.h>

#include "engine/ff_engine.h"
#include "loudness/ff_loudness.h"
#include "loudness/ff_loudness_lanes.h"

#define FF_LOUD_FIELDS 7
enum ff_loud_field {
    FF_LOUD_MOMENTARY = 0,
    FF_LOUD_SHORT_TERM,
    FF_LOUD_INTEGRATED,
    FF_LOUD_RANGE,
    FF_LOUD_TRUE_PEAK,
    FF_LOUD_MAX_MOMENTARY,
    FF_LOUD_MAX_SHORT_TERM
};

/* Render-owned state (e->meters.loudness). Lanes 2b and 2b + 1 are bus b's left and
 * right channel; rows hold this block's output of every bus as float (the
 * master's output is float; a bus's float rounding is far below what a
 * meter shows), each after FF_TP_TAPS - 1 floats for the true-peak history. */
typedef struct ff_live_loudness {
    ff_loudness meter[FF_BUSES];
    ff_kw_lanes lanes;                  /* the meters' K-weighting state, gathered per block */
    int32_t enabled;
    uint32_t fed;                       /* bit b: bus b's rows hold this block's output */
    uint32_t zeroed;                    /* bit b: bus b's rows are zero over blocksize frames */
    size_t row_stride;
    float *rows;                        /* [FF_LL_LANES][row_stride]: true-peak history, block */
    float *tp_abs;                      /* a row's magnitudes (true_peak's scratch) */
    uint64_t seen[FF_BUSES];            /* meter's sub-blocks when its figures were computed */
    double peak_seen[FF_BUSES];         /* largest linear peak behind its true-peak figure */
    double work[FF_BUSES][FF_LOUD_FIELDS];
    double pub[FF_BUSES][FF_LOUD_FIELDS];
} ff_live_loudness;

/* ---- lifetime (Python thread, inside ff_engine_create / destroy) ---------- */
/* 0, or -1 when out of memory (e->meters.loudness stays NULL). */
int ff_live_loudness_create(ff_engine *e);
void ff_live_loudness_destroy(ff_engine *e);

/* ---- render thread ------------------------------------------------------------ */
/* A command of type FF_CMD_LOUDNESS_*: 0 applied, -1 not a loudness command. */
int ff_live_loudness_command(ff_engine *e, const ff_command *c);
/* Start a new measurement on every bus (the engine's reset). */
void ff_live_loudness_reset(ff_engine *e);
/* In the bus loop, right after bus b (1..5) mixed its input with strip_mix and
 * before its gain ramp advances: keep the bus's output of this block (the
 * input times the same ramped gains, multiplies and adds maybe not fused as
 * strip_mix fuses them: the same signal within rounding). */
void ff_live_loudness_bus(ff_engine *e, int bus, const double *in_l, const double *in_r,
                          size_t n);
/* After the master stage: meter every bus's block (`out`: the n interleaved
 * stereo frames rendered) and update the figures. */
void ff_live_loudness_block(ff_engine *e, const float *out, size_t n);
/* The figures of every bus whose meter moved (ff_engine_loudness_figures.c):
 * the histogram passes only for a meter that completed a sub-block; `all`
 * recomputes every figure (after a reset). */
void ff_live_loudness_figures(ff_live_loudness *L, int all);
/* Inside the seqlock window of ff_meter_publish: publish the figures. */
void ff_live_loudness_publish(ff_engine *e);

/* ---- readers (any thread) ---------------------------------------------------- */
/* Copy FF_BUSES rows of FF_LOUD_FIELDS figures (bus order, master first) from
 * one snapshot into rows. 0, or -1 if no stable snapshot was seen after many
 * tries (rows then hold the last attempt). */
int ff_engine_read_loudness(ff_engine *e, double *rows);

#endif /* FF_ENGINE_LOUDNESS_H */
