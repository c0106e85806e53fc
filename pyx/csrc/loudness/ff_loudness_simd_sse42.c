/* ff_loudness_simd_sse42.c - the sse4.2 table of the whole-signal loudness
 * kernels (ff_loudness_simd.h): 128-bit vectors. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_LS_VEC_BYTES 16
#define FF_LS_TABLE ff_loudness_simd_sse42
#define FF_LS_NAME "sse4.2"
#include "loudness/ff_loudness_simd_body.h"
#endif
