/* ff_kernels_avx2.c - the avx2 kernel table (256-bit vectors).
 *
 * Compiled with the avx2 flags by setup.py; ff_dispatch.c uses it only when
 * cpuid (and the OS register state) says this CPU can run it.
 */
#if defined(__x86_64__) || defined(__i386__)
#define FF_VEC_BYTES 32
#define FF_TABLE_NAME ff_kernels_avx2
#define FF_LEVEL FF_SIMD_AVX2
#define FF_LEVEL_NAME "avx2"
#include "kernels/ff_simd_kernels.h"
#endif
