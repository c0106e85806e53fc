/* ff_loudness_lanes.c - pick the loudness lanes' table for a SIMD level. */
#include "loudness/ff_loudness_lanes.h"

const ff_loudness_lanes *ff_loudness_lanes_for(ff_simd_level level)
{
#if defined(__x86_64__) || defined(__i386__)
    if (level == FF_SIMD_AVX512)
        return &ff_loudness_lanes_avx512;
    if (level == FF_SIMD_AVX2)
        return &ff_loudness_lanes_avx2;
    if (level == FF_SIMD_SSE42)
        return &ff_loudness_lanes_sse42;
#elif defined(__aarch64__)
    if (level == FF_SIMD_NEON)
        return &ff_loudness_lanes_neon;
#endif
    return &ff_loudness_lanes_scalar;
}
