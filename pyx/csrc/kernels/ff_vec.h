/* ff_vec.h - the SIMD vector types, their lane counts and their operations.
 *
 * One scheme for the DSP kernels (kernels/ff_kernels_<type>_<isa>.c) and the
 * engine's own kernels (engine/ff_engine_simd_<isa>.c): GCC/Clang vector
 * extensions whose width in bytes, FF_VEC_BYTES, the including file defines
 * first: 8 (one double: the engine's scalar table), 16 (SSE4.2, NEON),
 * 32 (AVX2) or 64 (AVX-512). setup.py compiles that file with its
 * instruction set's flags, so the same source becomes each ISA's code.
 *
 *   ff_vf64   FF_LANES_F64 doubles           ff_vm64   the same lanes as int64
 *   ff_vf32   FF_LANES_F32 floats            ff_vm32   the same lanes as int32
 *   ff_vf32h  FF_LANES_F64 floats (half a vector: what one widening turns
 *             into an ff_vf64)               ff_vm32h  as int32
 *   ff_vf64h  FF_LANES_F64 / 2 doubles (half a vector; FF_VEC_BYTES >= 16)
 *
 * The ff_vm* types are lane masks (what a comparison returns: all bits set
 * where true) and bit patterns. Loads and stores go through memcpy, so no
 * alignment is assumed; ff_vf64_load_n and ff_vf64_store_n move only the
 * first `count` lanes (the rest of a loaded vector is zero).
 *
 * Sample type: a file that works on one sample type defines FF_SAMPLE_F64 or
 * FF_SAMPLE_F32 before the include (FF_VEC_BYTES may then be left undefined,
 * as the scalar kernels do). ff_sample and FF_SAMPLE_BYTES, and with vectors
 * ff_vs (its vector), ff_vsm (its mask), FF_LANES (its lanes) and the ff_vs_*
 * operations, are then that type's: a kernel body is written once in these
 * names and compiled once per sample type, in a file of its own.
 */
#ifndef FF_VEC_H
#define FF_VEC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef FF_VEC_BYTES

#if defined(__SSE2__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

#define FF_LANES_F64 (FF_VEC_BYTES / 8)
#define FF_LANES_F32 (FF_VEC_BYTES / 4)

typedef double ff_vf64 __attribute__((vector_size(FF_VEC_BYTES)));
typedef float ff_vf32 __attribute__((vector_size(FF_VEC_BYTES)));
typedef int64_t ff_vm64 __attribute__((vector_size(FF_VEC_BYTES)));
typedef int32_t ff_vm32 __attribute__((vector_size(FF_VEC_BYTES)));
typedef float ff_vf32h __attribute__((vector_size(FF_VEC_BYTES / 2)));
typedef int32_t ff_vm32h __attribute__((vector_size(FF_VEC_BYTES / 2)));
#if FF_VEC_BYTES >= 16
typedef double ff_vf64h __attribute__((vector_size(FF_VEC_BYTES / 2)));
#endif

/* ---- float64 ------------------------------------------------------------- */

static inline ff_vf64 ff_vf64_load(const double *p)
{
    ff_vf64 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void ff_vf64_store(double *p, ff_vf64 v) { memcpy(p, &v, sizeof v); }

static inline ff_vf64 ff_vf64_load_n(const double *p, size_t count)
{
    ff_vf64 v = {0};
    memcpy(&v, p, count * sizeof(double));
    return v;
}

static inline void ff_vf64_store_n(double *p, ff_vf64 v, size_t count)
{
    memcpy(p, &v, count * sizeof(double));
}

#if FF_VEC_BYTES >= 16
static inline ff_vf64h ff_vf64h_load(const double *p)
{
    ff_vf64h v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void ff_vf64h_store(double *p, ff_vf64h v) { memcpy(p, &v, sizeof v); }
#endif

static inline ff_vf32h ff_vf32h_load(const float *p)
{
    ff_vf32h v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* FF_LANES_F64 floats from p, widened to doubles. */
static inline ff_vf64 ff_vf64_widen(const float *p)
{
    ff_vf32h v;
    memcpy(&v, p, sizeof v);
    return __builtin_convertvector(v, ff_vf64);
}

/* yes where the mask's lane is set, else no. */
static inline ff_vf64 ff_vf64_select(ff_vm64 mask, ff_vf64 yes, ff_vf64 no)
{
    return (ff_vf64)(((ff_vm64)yes & mask) | ((ff_vm64)no & ~mask));
}

/* |v|: the sign bit cleared. */
static inline ff_vf64 ff_vf64_abs(ff_vf64 v)
{
    return (ff_vf64)((ff_vm64)v & ~((ff_vm64){0} + INT64_MIN));
}

/* Lane-wise max(acc, a) where a NaN in `a` leaves acc alone (callers that
 * care track NaN separately): one max instruction on x86 (MAXPD/MAXPS return
 * their second operand when either is NaN), a compare and select elsewhere. */
#if defined(__AVX512F__) && FF_VEC_BYTES == 64
#define FF_X86_MAX_PD(a, acc) _mm512_max_pd((__m512d)(a), (__m512d)(acc))
#define FF_X86_MAX_PS(a, acc) _mm512_max_ps((__m512)(a), (__m512)(acc))
#elif defined(__AVX__) && FF_VEC_BYTES == 32
#define FF_X86_MAX_PD(a, acc) _mm256_max_pd((__m256d)(a), (__m256d)(acc))
#define FF_X86_MAX_PS(a, acc) _mm256_max_ps((__m256)(a), (__m256)(acc))
#elif defined(__SSE2__) && FF_VEC_BYTES == 16
#define FF_X86_MAX_PD(a, acc) _mm_max_pd((__m128d)(a), (__m128d)(acc))
#define FF_X86_MAX_PS(a, acc) _mm_max_ps((__m128)(a), (__m128)(acc))
#endif

static inline ff_vf64 ff_vf64_max(ff_vf64 acc, ff_vf64 a)
{
#ifdef FF_X86_MAX_PD
    return (ff_vf64)FF_X86_MAX_PD(a, acc);
#else
    return ff_vf64_select(a > acc, a, acc);
#endif
}

/* Lane-wise max(acc, a) for values that are never NaN: the ISA's own max
 * instruction wherever it has one, NEON's FMAX too (which, unlike
 * ff_vf64_max, would turn a NaN in either operand into NaN). */
static inline ff_vf64 ff_vf64_max_hw(ff_vf64 acc, ff_vf64 a)
{
#if defined(__aarch64__) && FF_VEC_BYTES == 16
    return (ff_vf64)vmaxq_f64((float64x2_t)a, (float64x2_t)acc);
#else
    return ff_vf64_max(acc, a);
#endif
}

/* Sum of the lanes, lane 0 first, starting from 0.0. */
static inline double ff_vf64_hsum(ff_vf64 v)
{
    double s = 0.0;
    for (size_t k = 0; k < FF_LANES_F64; k++)
        s += v[k];
    return s;
}

/* Largest lane, at least 0.0. */
static inline double ff_vf64_hmax(ff_vf64 v)
{
    double m = 0.0;
    for (size_t k = 0; k < FF_LANES_F64; k++)
        m = v[k] > m ? v[k] : m;
    return m;
}

/* ---- float32 ------------------------------------------------------------- */

static inline ff_vf32 ff_vf32_load(const float *p)
{
    ff_vf32 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void ff_vf32_store(float *p, ff_vf32 v) { memcpy(p, &v, sizeof v); }

static inline ff_vf32 ff_vf32_abs(ff_vf32 v)
{
    return (ff_vf32)((ff_vm32)v & ~((ff_vm32){0} + INT32_MIN));
}

static inline ff_vf32 ff_vf32_select(ff_vm32 mask, ff_vf32 yes, ff_vf32 no)
{
    return (ff_vf32)(((ff_vm32)yes & mask) | ((ff_vm32)no & ~mask));
}

/* ff_vf64_max for floats. */
static inline ff_vf32 ff_vf32_max(ff_vf32 acc, ff_vf32 a)
{
#ifdef FF_X86_MAX_PS
    return (ff_vf32)FF_X86_MAX_PS(a, acc);
#else
    return ff_vf32_select(a > acc, a, acc);
#endif
}

/* ---- lane shuffles ----------------------------------------------------------
 * Transposes exchange blocks of k lanes between two rows x and y of W lanes.
 * __builtin_shufflevector numbers x's lanes 0..W-1 and y's W..2W-1; FF_BLOCK_LO
 * gives x's new lanes (x's even blocks, y's even blocks in the odd places) and
 * FF_BLOCK_HI y's (x's odd blocks, then y's odd blocks). The indices must be
 * constants, hence a macro per width. */
#define FF_BLOCK_LO(W, j, k) ((((j) / (k)) & 1) ? (W) + (j) - (k) : (j))
#define FF_BLOCK_HI(W, j, k) ((((j) / (k)) & 1) ? (W) + (j) : (j) + (k))
#define FF_SHUFFLE_2(x, y, k, S) __builtin_shufflevector(x, y, S(2, 0, k), S(2, 1, k))
#define FF_SHUFFLE_4(x, y, k, S) \
    __builtin_shufflevector(x, y, S(4, 0, k), S(4, 1, k), S(4, 2, k), S(4, 3, k))
#define FF_SHUFFLE_8(x, y, k, S)                                                        \
    __builtin_shufflevector(x, y, S(8, 0, k), S(8, 1, k), S(8, 2, k), S(8, 3, k),     \
                            S(8, 4, k), S(8, 5, k), S(8, 6, k), S(8, 7, k))
#define FF_SHUFFLE_16(x, y, k, S)                                                       \
    __builtin_shufflevector(x, y, S(16, 0, k), S(16, 1, k), S(16, 2, k), S(16, 3, k), \
                            S(16, 4, k), S(16, 5, k), S(16, 6, k), S(16, 7, k),       \
                            S(16, 8, k), S(16, 9, k), S(16, 10, k), S(16, 11, k),     \
                            S(16, 12, k), S(16, 13, k), S(16, 14, k), S(16, 15, k))

/* One transpose stage over `rows` vectors r[] of type V: rows i and i + s
 * (bit s of i clear) exchange their off-diagonal blocks of k lanes, through
 * SHUFFLE (an FF_SHUFFLE_<W> for V's width). */
#define FF_BLOCK_STAGE(V, r, rows, s, k, SHUFFLE)                      \
    do {                                                               \
        V t_[rows];                                                    \
        for (int i_ = 0; i_ < (rows); i_++) {                          \
            if (i_ & (s))                                              \
                continue;                                              \
            t_[i_] = SHUFFLE(r[i_], r[i_ + (s)], k, FF_BLOCK_LO);      \
            t_[i_ + (s)] = SHUFFLE(r[i_], r[i_ + (s)], k, FF_BLOCK_HI); \
        }                                                              \
        memcpy(r, t_, sizeof t_);                                      \
    } while (0)

#endif /* FF_VEC_BYTES */

/* ---- the file's sample type ---------------------------------------------- */
#if defined(FF_SAMPLE_F64)
typedef double ff_sample;
#define FF_SAMPLE_BYTES 8
#ifdef FF_VEC_BYTES
#define FF_LANES FF_LANES_F64
typedef ff_vf64 ff_vs;
typedef ff_vm64 ff_vsm;
static inline ff_vs ff_vs_load(const ff_sample *p) { return ff_vf64_load(p); }
static inline void ff_vs_store(ff_sample *p, ff_vs v) { ff_vf64_store(p, v); }
static inline ff_vs ff_vs_abs(ff_vs v) { return ff_vf64_abs(v); }
static inline ff_vs ff_vs_max(ff_vs acc, ff_vs a) { return ff_vf64_max(acc, a); }
/* FF_LANES_F64 samples as doubles: a plain load. */
static inline ff_vf64 ff_vs_load_f64(const ff_sample *p) { return ff_vf64_load(p); }
#endif
#elif defined(FF_SAMPLE_F32)
typedef float ff_sample;
#define FF_SAMPLE_BYTES 4
#ifdef FF_VEC_BYTES
#define FF_LANES FF_LANES_F32
typedef ff_vf32 ff_vs;
typedef ff_vm32 ff_vsm;
static inline ff_vs ff_vs_load(const ff_sample *p) { return ff_vf32_load(p); }
static inline void ff_vs_store(ff_sample *p, ff_vs v) { ff_vf32_store(p, v); }
static inline ff_vs ff_vs_abs(ff_vs v) { return ff_vf32_abs(v); }
static inline ff_vs ff_vs_max(ff_vs acc, ff_vs a) { return ff_vf32_max(acc, a); }
/* FF_LANES_F64 samples as doubles: half a vector, widened. */
static inline ff_vf64 ff_vs_load_f64(const ff_sample *p) { return ff_vf64_widen(p); }
#endif
#endif

#endif /* FF_VEC_H */
