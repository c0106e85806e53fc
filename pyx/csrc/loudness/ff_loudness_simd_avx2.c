/* ff_loudness_simd_avx2.c - the avx2 table of the whole-signal loudness
 * kernels (ff_loudness_simd.h): 256-bit vectors. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_LS_VEC_BYTES 32
#define FF_LS_TABLE ff_loudness_simd_avx2
#define FF_LS_NAME "avx2"
#include "loudness/ff_loudness_simd_body.h"
#endif
