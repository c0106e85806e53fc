/* ff_engine_simd.c - pick the engine's SIMD table for the active SIMD level. */
#include "engine/ff_engine_simd.h"

const ff_engine_simd *ff_engine_simd_for(ff_simd_level level)
{
#if defined(__x86_64__) || defined(__i386__)
    if (level == FF_SIMD_AVX512)
        return &ff_engine_simd_avx512;
    if (level == FF_SIMD_AVX2)
        return &ff_engine_simd_avx2;
    if (level == FF_SIMD_SSE42)
        return &ff_engine_simd_sse42;
#elif defined(__aarch64__)
    if (level == FF_SIMD_NEON)
        return &ff_engine_simd_neon;
#endif
    return &ff_engine_simd_scalar;
}
