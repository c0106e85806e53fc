/* ff_simd_bank.h - the biquad kernels in SIMD, one sample type (body header).
 *
 * Included at the end of ff_simd_body.h, in the same vector scheme
 * (kernels/ff_vec.h). The single channel is the serial direct form I of
 * ff_biquad_serial.h (compiled with this ISA's FMA); the bank runs FF_BW
 * channels side by side, one per lane of its vector ff_bv.
 */
#define FF_BANK_CHUNK 64 /* frames per interleaving pass of the buffered path */
/* The bank's vector width and how many full channel groups of FF_BW lanes
 * have their recursions interleaved (measured, 32 x 512 rows of doubles):
 * - 16-byte vectors: one group leaves the FMA units waiting on each output;
 *   two groups run about 2x faster.
 * - 32-byte vectors with 16 registers (AVX2): a group's frame vectors and
 *   state fill the register file; a second group only spills.
 * - AVX-512: its 32 registers hold two groups of 32-byte vectors, about 20%
 *   faster than one group of 64-byte vectors (which is throughput bound on
 *   CPUs that split 512-bit operations, and spills with two groups). */
#if FF_VEC_BYTES == 64 && FF_SAMPLE_BYTES == 8
typedef ff_vf64h ff_bv; /* the bank's vector: FF_BW samples */
#define FF_BW (FF_LANES / 2)
#define FF_BANK_GROUPS 2
static inline ff_bv bank_load(const ff_sample *p) { return ff_vf64h_load(p); }
static inline void bank_store(ff_sample *p, ff_bv v) { ff_vf64h_store(p, v); }
#else
typedef ff_vs ff_bv;
#define FF_BW FF_LANES
#if FF_VEC_BYTES == 16
#define FF_BANK_GROUPS 2
#else
#define FF_BANK_GROUPS 1
#endif
static inline ff_bv bank_load(const ff_sample *p) { return ff_vs_load(p); }
static inline void bank_store(ff_sample *p, ff_bv v) { ff_vs_store(p, v); }
#endif

#include "kernels/ff_biquad_lanes.h"
#include "kernels/ff_biquad_serial.h"

static void biquad(ff_sample *x, size_t n, const ff_sample *coef, ff_sample *state)
{
    biquad_serial(x, n, coef, state);
}

/* Up to FF_BW values of one SoA row (lanes past `lanes` are zero). */
static inline ff_bv load_row(const ff_sample *row, size_t lanes)
{
    ff_sample tmp[FF_BW] = {0};
    memcpy(tmp, row, lanes * sizeof(ff_sample));
    return bank_load(tmp);
}

static inline void store_row(ff_sample *row, ff_bv v, size_t lanes)
{
    ff_sample tmp[FF_BW];
    bank_store(tmp, v);
    for (size_t k = 0; k < lanes; k++)
        row[k] = flush_tiny(tmp[k]);
}

/* In-register transpose of an FF_BW x FF_BW block held in FF_BW vectors, in
 * log2(FF_BW) stages: stage b (1, 2, 4, ...) pairs rows i and i+b (bit b of i
 * clear) and swaps their off-diagonal b x b blocks (FF_BLOCK_STAGE, ff_vec.h):
 *   row i   <- [ri blk0, ri+b blk0, ri blk2, ri+b blk2, ...]
 *   row i+b <- [ri blk1, ri+b blk1, ri blk3, ri+b blk3, ...]
 * Stage 1 is an in-lane unpack, the larger ones move 128/256-bit blocks:
 * one instruction each on AVX2/AVX-512 for doubles. */
#if FF_BW == 2
#define FF_BANK_SHUFFLE FF_SHUFFLE_2
#elif FF_BW == 4
#define FF_BANK_SHUFFLE FF_SHUFFLE_4
#elif FF_BW == 8
#define FF_BANK_SHUFFLE FF_SHUFFLE_8
#elif FF_BW == 16
#define FF_BANK_SHUFFLE FF_SHUFFLE_16
#else
#error "unsupported vector width"
#endif
#define FF_TRANSPOSE_STAGE(r, b) FF_BLOCK_STAGE(ff_bv, r, FF_BW, b, b, FF_BANK_SHUFFLE)

static inline void transpose_block(ff_bv r[FF_BW])
{
    FF_TRANSPOSE_STAGE(r, 1);
#if FF_BW >= 4
    FF_TRANSPOSE_STAGE(r, 2);
#endif
#if FF_BW >= 8
    FF_TRANSPOSE_STAGE(r, 4);
#endif
#if FF_BW >= 16
    FF_TRANSPOSE_STAGE(r, 8);
#endif
}

/* Interleave `lanes` rows of m frames into buf[k*FF_BW + c], and back,
 * element by element: for a partial channel group and the last frames. */
static inline void interleave(ff_sample *buf, const ff_sample *rows, size_t xstride,
                              size_t lanes, size_t m)
{
    for (size_t c = 0; c < lanes; c++)
        for (size_t k = 0; k < m; k++)
            buf[k * FF_BW + c] = rows[c * xstride + k];
}

static inline void deinterleave(ff_sample *rows, size_t xstride, const ff_sample *buf,
                                size_t lanes, size_t m)
{
    for (size_t c = 0; c < lanes; c++)
        for (size_t k = 0; k < m; k++)
            rows[c * xstride + k] = buf[k * FF_BW + c];
}

/* FF_BW biquads side by side: coefficients and direct form I state, one
 * channel per lane. */
typedef struct {
    ff_bv b0, b1, b2, a1, a2;
    ff_bv x1, x2, y1, y2;
} bank_lanes;

static inline ff_bv lanes_step(bank_lanes *f, ff_bv x0)
{
    ff_bv y0;
    FF_BIQUAD_DF1_STEP(f, x0, y0);
    return y0;
}

static inline void lanes_load(bank_lanes *f, const ff_sample *coef, const ff_sample *state,
                              size_t cstride, size_t lanes)
{
    FF_BIQUAD_LOAD_ROWS(f, coef, state, cstride, lanes, load_row);
}

static inline void lanes_save(const bank_lanes *f, ff_sample *state, size_t cstride,
                              size_t lanes)
{
    store_row(state, f->x1, lanes);
    store_row(state + cstride, f->x2, lanes);
    store_row(state + 2 * cstride, f->y1, lanes);
    store_row(state + 3 * cstride, f->y2, lanes);
}

/* `groups` full groups of FF_BW rows (FF_BW * groups consecutive rows), the
 * first frames - frames % FF_BW frames, FF_BW frames at a time: per group,
 * FF_BW row vectors are loaded, transposed in registers into FF_BW frame
 * vectors, filtered, transposed back and stored - no memory round trip.
 * The groups' filter steps alternate frame by frame, so their independent
 * recursions overlap instead of each waiting on its own previous output. */
static inline void bank_blocks(bank_lanes *fp, size_t groups, ff_sample *rows,
                               size_t xstride, size_t frames)
{
    bank_lanes f[FF_BANK_GROUPS]; /* a local copy: the row stores cannot alias it */
    memcpy(f, fp, groups * sizeof f[0]);
    for (size_t t0 = 0; t0 + FF_BW <= frames; t0 += FF_BW) {
        ff_bv r[FF_BANK_GROUPS][FF_BW];
        for (size_t g = 0; g < groups; g++) {
            for (size_t c = 0; c < FF_BW; c++)
                r[g][c] = bank_load(rows + (g * FF_BW + c) * xstride + t0);
            transpose_block(r[g]);
        }
        for (size_t k = 0; k < FF_BW; k++)
            for (size_t g = 0; g < groups; g++)
                r[g][k] = lanes_step(&f[g], r[g][k]);
        for (size_t g = 0; g < groups; g++) {
            transpose_block(r[g]);
            for (size_t c = 0; c < FF_BW; c++)
                bank_store(rows + (g * FF_BW + c) * xstride + t0, r[g][c]);
        }
    }
    memcpy(fp, f, groups * sizeof f[0]);
}

/* One group's frames from t0 on through a stack buffer of interleaved
 * frames, FF_BANK_CHUNK frames at a time: a partial group (whose unused
 * lanes run with zero coefficients and are never written back) and the last
 * frames % FF_BW of a full one. */
static inline void bank_buffered(bank_lanes *f, ff_sample *rows, size_t xstride,
                                 size_t lanes, size_t t0, size_t frames)
{
    ff_sample buf[FF_BANK_CHUNK * FF_BW] __attribute__((aligned(64)));
    if (lanes < FF_BW)
        memset(buf, 0, sizeof buf);
    for (; t0 < frames; t0 += FF_BANK_CHUNK) {
        const size_t m = frames - t0 < FF_BANK_CHUNK ? frames - t0 : FF_BANK_CHUNK;
        interleave(buf, rows + t0, xstride, lanes, m);
        for (size_t k = 0; k < m; k++)
            bank_store(buf + k * FF_BW, lanes_step(f, bank_load(buf + k * FF_BW)));
        deinterleave(rows + t0, xstride, buf, lanes, m);
    }
}

/* FF_BW channels side by side, one per lane, over (channels, frames) rows;
 * up to FF_BANK_GROUPS full groups of FF_BW channels at once (bank_blocks),
 * a partial group and the last frames through bank_buffered. */
static void biquad_bank(ff_sample *x, size_t xstride, size_t channels, size_t frames,
                        const ff_sample *coef, ff_sample *state, size_t cstride)
{
    for (size_t c0 = 0; c0 < channels;) {
        const size_t full = (channels - c0) / FF_BW;
        const size_t groups = full == 0 ? 1 : full < FF_BANK_GROUPS ? full : FF_BANK_GROUPS;
        const size_t blocked = full == 0 ? 0 : frames - frames % FF_BW;
        bank_lanes f[FF_BANK_GROUPS];
        for (size_t g = 0; g < groups; g++) {
            const size_t left = channels - c0 - g * FF_BW;
            const size_t lanes = left < FF_BW ? left : FF_BW;
            lanes_load(&f[g], coef + c0 + g * FF_BW, state + c0 + g * FF_BW, cstride, lanes);
        }
        if (groups == FF_BANK_GROUPS)
            bank_blocks(f, FF_BANK_GROUPS, x + c0 * xstride, xstride, blocked);
        else if (blocked)
            for (size_t g = 0; g < groups; g++)
                bank_blocks(&f[g], 1, x + (c0 + g * FF_BW) * xstride, xstride, blocked);
        for (size_t g = 0; g < groups; g++) {
            const size_t left = channels - c0 - g * FF_BW;
            const size_t lanes = left < FF_BW ? left : FF_BW;
            bank_buffered(&f[g], x + (c0 + g * FF_BW) * xstride, xstride, lanes,
                          blocked, frames);
            lanes_save(&f[g], state + c0 + g * FF_BW, cstride, lanes);
        }
        c0 += groups * FF_BW < channels - c0 ? groups * FF_BW : channels - c0;
    }
}
