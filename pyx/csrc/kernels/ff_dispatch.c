/* ff_dispatch.c - CPU detection and the active kernel table (see ff_dispatch.h). */
#include "kernels/ff_dispatch.h"

#include <stddef.h>

#include "kernels/ff_kernels_isa.h"

#if defined(__x86_64__) || defined(__i386__)
#define FF_X86 1
#include <cpuid.h>
#elif defined(__aarch64__)
#define FF_ARM64 1
#endif

static const char *const level_names[FF_SIMD_COUNT] = {
    "scalar", "sse4.2", "avx2", "avx512", "neon"};

#ifdef FF_X86
/* Which register state the OS saves on context switch (XCR0). */
static unsigned long long read_xcr0(void)
{
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

static ff_simd_level detect_level(void)
{
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return FF_SIMD_SCALAR;
    const int sse42 = (c & bit_SSE4_2) != 0;
    const int fma = (c & bit_FMA) != 0;
    const int avx = (c & bit_AVX) != 0;
    const unsigned long long xcr0 = (c & bit_OSXSAVE) ? read_xcr0() : 0;
    const int os_avx = (xcr0 & 0x6) == 0x6;            /* XMM + YMM */
    const int os_avx512 = (xcr0 & 0xe6) == 0xe6;       /* + opmask, ZMM */
    unsigned int b7 = 0;
    if (__get_cpuid_count(7, 0, &a, &b7, &c, &d) == 0)
        b7 = 0;
    const int avx2 = avx && os_avx && fma && (b7 & bit_AVX2);
    const int avx512 = avx2 && os_avx512 && (b7 & bit_AVX512F) &&
                       (b7 & bit_AVX512DQ) && (b7 & bit_AVX512VL);
    if (avx512)
        return FF_SIMD_AVX512;
    if (avx2)
        return FF_SIMD_AVX2;
    return sse42 ? FF_SIMD_SSE42 : FF_SIMD_SCALAR;
}
#elif defined(FF_ARM64)
static ff_simd_level detect_level(void) { return FF_SIMD_NEON; }
#else
static ff_simd_level detect_level(void) { return FF_SIMD_SCALAR; }
#endif

ff_simd_level ff_best_level(void)
{
    static int cached = -1; /* detection is idempotent: a race only repeats it */
    int level = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (level < 0) {
        level = (int)detect_level();
        __atomic_store_n(&cached, level, __ATOMIC_RELEASE);
    }
    return (ff_simd_level)level;
}

const char *ff_simd_level_name(ff_simd_level level)
{
    return (level >= 0 && level < FF_SIMD_COUNT) ? level_names[level] : "unknown";
}

const ff_kernels *ff_kernels_for(ff_simd_level level)
{
    const ff_simd_level best = ff_best_level();
    switch (level) {
    case FF_SIMD_SCALAR:
        return &ff_kernels_scalar;
#ifdef FF_X86
    case FF_SIMD_SSE42:
        return best >= FF_SIMD_SSE42 ? &ff_kernels_sse42 : NULL;
    case FF_SIMD_AVX2:
        return best >= FF_SIMD_AVX2 ? &ff_kernels_avx2 : NULL;
    case FF_SIMD_AVX512:
        return best >= FF_SIMD_AVX512 ? &ff_kernels_avx512 : NULL;
#endif
#ifdef FF_ARM64
    case FF_SIMD_NEON:
        return best == FF_SIMD_NEON ? &ff_kernels_neon : NULL;
#endif
    default:
        return NULL;
    }
}

static const ff_kernels *active = &ff_kernels_scalar;

const ff_kernels **ff_active_slot(void) { return &active; }

int ff_set_active_level(ff_simd_level level)
{
    const ff_kernels *table = ff_kernels_for(level);
    if (table == NULL)
        return -1;
    __atomic_store_n(&active, table, __ATOMIC_RELEASE);
    return 0;
}
