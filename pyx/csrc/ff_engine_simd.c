/* ff_engine_strip.c - pick the fused strip kernel for the active SIMD level. */
#include "ff_engine_strip.h"

ff_strip_mix_fn ff_strip_mix_for(ff_simd_level level)
{
#if defined(__x86_64__) || defined(__i386__)
    if (level == FF_SIMD_AVX512)
        return ff_strip_mix_avx512;
    if (level == FF_SIMD_AVX2)
        return ff_strip_mix_avx2;
    if (level == FF_SIMD_SSE42)
        return ff_strip_mix_sse42;
#elif defined(__aarch64__)
    if (level == FF_SIMD_NEON)
        return ff_strip_mix_neon;
#endif
    return ff_strip_mix_scalar;
}
