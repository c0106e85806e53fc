/* ff_kernels_neon.c - the NEON kernel table (128-bit vectors, aarch64).
 *
 * NEON is baseline on aarch64, so no extra flags are needed; on any other
 * architecture this file compiles to nothing.
 */
#if defined(__aarch64__)
#define FF_VEC_BYTES 16
#define FF_TABLE_NAME ff_kernels_neon
#define FF_LEVEL FF_SIMD_NEON
#define FF_LEVEL_NAME "neon"
#include "kernels/ff_simd_kernels.h"
#endif
