/* ff_loudness_simd_scalar.c - the scalar table of the whole-signal loudness
 * kernels (ff_loudness_simd.h): plain C, one lane at a time (built with
 * -fno-tree-vectorize), the reference the other levels are tested against. */
#define FF_LS_VEC_BYTES 0
#define FF_LS_TABLE ff_loudness_simd_scalar
#define FF_LS_NAME "scalar"
#include "loudness/ff_loudness_simd_body.h"
