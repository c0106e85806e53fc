/* ff_kernels_sse42.c - the sse4.2 kernel table (128-bit vectors).
 *
 * Compiled with the sse4.2 flags by setup.py; ff_dispatch.c uses it only when
 * cpuid (and the OS register state) says this CPU can run it.
 */
#if defined(__x86_64__) || defined(__i386__)
#define FF_VEC_BYTES 16
#define FF_TABLE_NAME ff_kernels_sse42
#define FF_LEVEL FF_SIMD_SSE42
#define FF_LEVEL_NAME "sse4.2"
#include "kernels/ff_simd_kernels.h"
#endif
