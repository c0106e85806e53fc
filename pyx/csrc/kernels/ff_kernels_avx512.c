/* ff_kernels_avx512.c - the avx512 kernel table (512-bit vectors).
 *
 * Compiled with the avx512 flags by setup.py; ff_dispatch.c uses it only when
 * cpuid (and the OS register state) says this CPU can run it.
 */
#if defined(__x86_64__) || defined(__i386__)
#define FF_VEC_BYTES 64
#define FF_TABLE_NAME ff_kernels_avx512
#define FF_LEVEL FF_SIMD_AVX512
#define FF_LEVEL_NAME "avx512"
#include "kernels/ff_simd_kernels.h"
#endif
