/* ff_simd_bank.h - the biquad kernels in SIMD, one sample type (body header).
 *
 * Included by ff_simd_body.h (after its vector types and helpers, before its
 * #undefs), so it sees V, FF_W, FF_FN and the load/store helpers. The single
 * channel is the serial direct form I of ff_biquad_serial.h (compiled with
 * this ISA's FMA); the bank runs FF_BW channels side by side, one per lane.
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
#if FF_VEC_BYTES == 64 && FF_TSIZE == 8
#define FF_BANK_BYTES 32
#define FF_BANK_GROUPS 2
#elif FF_VEC_BYTES == 16
#define FF_BANK_BYTES 16
#define FF_BANK_GROUPS 2
#else
#define FF_BANK_BYTES FF_VEC_BYTES
#define FF_BANK_GROUPS 1
#endif
#define FF_BW (FF_BANK_BYTES / FF_TSIZE) /* lanes of a bank vector */

typedef FF_T FF_FN(bvec) __attribute__((vector_size(FF_BANK_BYTES)));
#define BV FF_FN(bvec)

static inline BV FF_FN(bload)(const FF_T *p)
{
    BV v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void FF_FN(bstore)(FF_T *p, BV v) { memcpy(p, &v, sizeof v); }

#include "kernels/ff_biquad_serial.h"

static void FF_FN(biquad)(FF_T *x, size_t n, const FF_T *coef, FF_T *state)
{
    FF_FN(biquad_serial)(x, n, coef, state);
}

/* Up to FF_BW values of one SoA row (lanes past `lanes` are zero). */
static inline BV FF_FN(load_row)(const FF_T *row, size_t lanes)
{
    FF_T tmp[FF_BW] = {0};
    memcpy(tmp, row, lanes * sizeof(FF_T));
    return FF_FN(bload)(tmp);
}

static inline void FF_FN(store_row)(FF_T *row, BV v, size_t lanes)
{
    FF_T tmp[FF_BW];
    FF_FN(bstore)(tmp, v);
    for (size_t k = 0; k < lanes; k++)
        row[k] = FF_FN(flush_tiny)(tmp[k]);
}

/* In-register transpose of an FF_BW x FF_BW block held in FF_BW vectors, in
 * log2(W) stages. Stage b (1, 2, 4, ...) pairs rows i and i+b (bit b of i
 * clear) and swaps their off-diagonal b x b blocks:
 *   row i   <- [ri blk0, ri+b blk0, ri blk2, ri+b blk2, ...]
 *   row i+b <- [ri blk1, ri+b blk1, ri blk3, ri+b blk3, ...]
 * Stage 1 is an in-lane unpack, the larger ones move 128/256-bit blocks:
 * one instruction each on AVX2/AVX-512 for doubles. The shuffle indices
 * (over the 2W lanes of both rows) must be constants, hence the macros. */
#define FF_SWAP_LO(j, b) ((((j) / (b)) & 1) ? FF_BW + (j) - (b) : (j))
#define FF_SWAP_HI(j, b) ((((j) / (b)) & 1) ? FF_BW + (j) : (j) + (b))
#if FF_BW == 2
#define FF_SWAP(x, y, b, S) __builtin_shufflevector(x, y, S(0, b), S(1, b))
#elif FF_BW == 4
#define FF_SWAP(x, y, b, S) __builtin_shufflevector(x, y, S(0, b), S(1, b), S(2, b), S(3, b))
#elif FF_BW == 8
#define FF_SWAP(x, y, b, S)                                                            \
    __builtin_shufflevector(x, y, S(0, b), S(1, b), S(2, b), S(3, b), S(4, b), S(5, b), \
                            S(6, b), S(7, b))
#elif FF_BW == 16
#define FF_SWAP(x, y, b, S)                                                            \
    __builtin_shufflevector(x, y, S(0, b), S(1, b), S(2, b), S(3, b), S(4, b), S(5, b), \
                            S(6, b), S(7, b), S(8, b), S(9, b), S(10, b), S(11, b),     \
                            S(12, b), S(13, b), S(14, b), S(15, b))
#else
#error "unsupported vector width"
#endif

#define FF_TRANSPOSE_STAGE(r, b)                                       \
    do {                                                               \
        BV t_[FF_BW];                                                  \
        for (int i_ = 0; i_ < FF_BW; i_++) {                           \
            if (i_ & (b))                                              \
                continue;                                              \
            t_[i_] = FF_SWAP(r[i_], r[i_ + (b)], b, FF_SWAP_LO);       \
            t_[i_ + (b)] = FF_SWAP(r[i_], r[i_ + (b)], b, FF_SWAP_HI); \
        }                                                              \
        memcpy(r, t_, sizeof t_);                                      \
    } while (0)

static inline void FF_FN(transpose_block)(BV r[FF_BW])
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
static inline void FF_FN(interleave)(FF_T *buf, const FF_T *rows, size_t xstride,
                                     size_t lanes, size_t m)
{
    for (size_t c = 0; c < lanes; c++)
        for (size_t k = 0; k < m; k++)
            buf[k * FF_BW + c] = rows[c * xstride + k];
}

static inline void FF_FN(deinterleave)(FF_T *rows, size_t xstride, const FF_T *buf,
                                       size_t lanes, size_t m)
{
    for (size_t c = 0; c < lanes; c++)
        for (size_t k = 0; k < m; k++)
            rows[c * xstride + k] = buf[k * FF_BW + c];
}

/* FF_BW biquads side by side: coefficients and direct form I state, one
 * channel per lane. */
typedef struct {
    BV b0, b1, b2, a1, a2;
    BV x1, x2, y1, y2;
} FF_FN(lanes);

static inline BV FF_FN(lanes_step)(FF_FN(lanes) *f, BV x0)
{
    const BV y0 = (f->b0 * x0 + f->b1 * f->x1 + f->b2 * f->x2 - f->a2 * f->y2) - f->a1 * f->y1;
    f->x2 = f->x1;
    f->x1 = x0;
    f->y2 = f->y1;
    f->y1 = y0;
    return y0;
}

static inline void FF_FN(lanes_load)(FF_FN(lanes) *f, const FF_T *coef, const FF_T *state,
                                      size_t cstride, size_t lanes)
{
    f->b0 = FF_FN(load_row)(coef, lanes);
    f->b1 = FF_FN(load_row)(coef + cstride, lanes);
    f->b2 = FF_FN(load_row)(coef + 2 * cstride, lanes);
    f->a1 = FF_FN(load_row)(coef + 3 * cstride, lanes);
    f->a2 = FF_FN(load_row)(coef + 4 * cstride, lanes);
    f->x1 = FF_FN(load_row)(state, lanes);
    f->x2 = FF_FN(load_row)(state + cstride, lanes);
    f->y1 = FF_FN(load_row)(state + 2 * cstride, lanes);
    f->y2 = FF_FN(load_row)(state + 3 * cstride, lanes);
}

static inline void FF_FN(lanes_save)(const FF_FN(lanes) *f, FF_T *state, size_t cstride,
                                     size_t lanes)
{
    FF_FN(store_row)(state, f->x1, lanes);
    FF_FN(store_row)(state + cstride, f->x2, lanes);
    FF_FN(store_row)(state + 2 * cstride, f->y1, lanes);
    FF_FN(store_row)(state + 3 * cstride, f->y2, lanes);
}

/* `groups` full groups of FF_BW rows (FF_BW * groups consecutive rows), the
 * first frames - frames % FF_BW frames, FF_BW frames at a time: per group,
 * FF_BW row vectors are loaded, transposed in registers into FF_BW frame
 * vectors, filtered, transposed back and stored - no memory round trip.
 * The groups' filter steps alternate frame by frame, so their independent
 * recursions overlap instead of each waiting on its own previous output. */
static inline void FF_FN(bank_blocks)(FF_FN(lanes) *fp, size_t groups, FF_T *rows,
                                      size_t xstride, size_t frames)
{
    FF_FN(lanes) f[FF_BANK_GROUPS]; /* a local copy: the row stores cannot alias it */
    memcpy(f, fp, groups * sizeof f[0]);
    for (size_t t0 = 0; t0 + FF_BW <= frames; t0 += FF_BW) {
        BV r[FF_BANK_GROUPS][FF_BW];
        for (size_t g = 0; g < groups; g++) {
            for (size_t c = 0; c < FF_BW; c++)
                r[g][c] = FF_FN(bload)(rows + (g * FF_BW + c) * xstride + t0);
            FF_FN(transpose_block)(r[g]);
        }
        for (size_t k = 0; k < FF_BW; k++)
            for (size_t g = 0; g < groups; g++)
                r[g][k] = FF_FN(lanes_step)(&f[g], r[g][k]);
        for (size_t g = 0; g < groups; g++) {
            FF_FN(transpose_block)(r[g]);
            for (size_t c = 0; c < FF_BW; c++)
                FF_FN(bstore)(rows + (g * FF_BW + c) * xstride + t0, r[g][c]);
        }
    }
    memcpy(fp, f, groups * sizeof f[0]);
}

/* One group's frames from t0 on through a stack buffer of interleaved
 * frames, FF_BANK_CHUNK frames at a time: a partial group (whose unused
 * lanes run with zero coefficients and are never written back) and the last
 * frames % FF_BW of a full one. */
static inline void FF_FN(bank_buffered)(FF_FN(lanes) *f, FF_T *rows, size_t xstride,
                                        size_t lanes, size_t t0, size_t frames)
{
    FF_T buf[FF_BANK_CHUNK * FF_BW] __attribute__((aligned(64)));
    if (lanes < FF_BW)
        memset(buf, 0, sizeof buf);
    for (; t0 < frames; t0 += FF_BANK_CHUNK) {
        const size_t m = frames - t0 < FF_BANK_CHUNK ? frames - t0 : FF_BANK_CHUNK;
        FF_FN(interleave)(buf, rows + t0, xstride, lanes, m);
        for (size_t k = 0; k < m; k++)
            FF_FN(bstore)(buf + k * FF_BW, FF_FN(lanes_step)(f, FF_FN(bload)(buf + k * FF_BW)));
        FF_FN(deinterleave)(rows + t0, xstride, buf, lanes, m);
    }
}

/* FF_BW channels side by side, one per lane, over (channels, frames) rows;
 * up to FF_BANK_GROUPS full groups of FF_BW channels at once (bank_blocks),
 * a partial group and the last frames through bank_buffered. */
static void FF_FN(biquad_bank)(FF_T *x, size_t xstride, size_t channels, size_t frames,
                               const FF_T *coef, FF_T *state, size_t cstride)
{
    for (size_t c0 = 0; c0 < channels;) {
        const size_t full = (channels - c0) / FF_BW;
        const size_t groups = full == 0 ? 1 : full < FF_BANK_GROUPS ? full : FF_BANK_GROUPS;
        const size_t blocked = full == 0 ? 0 : frames - frames % FF_BW;
        FF_FN(lanes) f[FF_BANK_GROUPS];
        for (size_t g = 0; g < groups; g++) {
            const size_t left = channels - c0 - g * FF_BW;
            const size_t lanes = left < FF_BW ? left : FF_BW;
            FF_FN(lanes_load)(&f[g], coef + c0 + g * FF_BW, state + c0 + g * FF_BW, cstride, lanes);
        }
        if (groups == FF_BANK_GROUPS)
            FF_FN(bank_blocks)(f, FF_BANK_GROUPS, x + c0 * xstride, xstride, blocked);
        else if (blocked)
            for (size_t g = 0; g < groups; g++)
                FF_FN(bank_blocks)(&f[g], 1, x + (c0 + g * FF_BW) * xstride, xstride, blocked);
        for (size_t g = 0; g < groups; g++) {
            const size_t left = channels - c0 - g * FF_BW;
            const size_t lanes = left < FF_BW ? left : FF_BW;
            FF_FN(bank_buffered)(&f[g], x + (c0 + g * FF_BW) * xstride, xstride, lanes,
                                 blocked, frames);
            FF_FN(lanes_save)(&f[g], state + c0 + g * FF_BW, cstride, lanes);
        }
        c0 += groups * FF_BW < channels - c0 ? groups * FF_BW : channels - c0;
    }
}

#undef FF_BANK_CHUNK
#undef FF_BANK_GROUPS
#undef FF_BANK_BYTES
#undef FF_BW
#undef BV
#undef FF_SWAP_LO
#undef FF_SWAP_HI
#undef FF_SWAP
#undef FF_TRANSPOSE_STAGE
