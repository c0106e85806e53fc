/* ff_loudness_simd_avx512.c - the avx512 table of the whole-signal loudness
 * kernels (ff_loudness_simd.h): 512-bit vectors. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_LS_VEC_BYTES 64
#define FF_LS_TABLE ff_loudness_simd_avx512
#define FF_LS_NAME "avx512"
#include "loudness/ff_loudness_simd_body.h"
#endif
