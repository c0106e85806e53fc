/* ff_loudness_simd_neon.c - the neon table of the whole-signal loudness
 * kernels (ff_loudness_simd.h): 128-bit vectors, aarch64 (NEON is baseline there: no extra flags). */
#if defined(__aarch64__)
#define FF_LS_VEC_BYTES 16
#define FF_LS_TABLE ff_loudness_simd_neon
#define FF_LS_NAME "neon"
#include "loudness/ff_loudness_simd_body.h"
#endif
