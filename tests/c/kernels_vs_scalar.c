/* kernels_vs_scalar.c - every available kernel table against the scalar one, in C.
 *
 * Built and run by tests/test_dsp_cross_arch.py, natively and for aarch64
 * under qemu-user (the NEON table), from the project's pyx/csrc files.
 * Also checks the engine's fused track kernel of each level (check_fused.h).
 * Prints one line per mismatch (the first 20), "fused <level>" per level
 * whose fused kernel was checked, "checked <level>" per level and
 * "best <level>"; the exit status is the number of mismatches (max 100).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kernels/ff_biquad_design.h"
#include "kernels/ff_dispatch.h"

#define MAX_N 1100
#define OFFSETS 3

static int failures;

static void fail(const char *level, const char *what, size_t n, double got, double want)
{
    if (failures++ < 20)
        printf("MISMATCH %s %s n=%zu got=%.17g want=%.17g\n", level, what, n, got, want);
}

static int close_to(double got, double want, double rtol)
{
    return fabs(got - want) <= rtol * (fabs(want) + 1.0); /* samples are of order 1 */
}

static double noise(unsigned *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return (double)(*seed >> 8) / (double)(1u << 24) * 2.0 - 1.0;
}

#define CHECK_CAT_(a, b) a##_##b
#define CHECK_CAT(a, b) CHECK_CAT_(a, b)
#define CHECK_FN(name) CHECK_CAT(name, S)

#define T double
#define S f64
#define RTOL 1e-13
#include "check_body.h"
#undef T
#undef S
#undef RTOL

#define T float
#define S f32
#define RTOL 1e-5
#include "check_body.h"
#undef T
#undef S
#undef RTOL

#include "check_fused.h"

int main(void)
{
    const ff_kernels *ref = ff_kernels_for(FF_SIMD_SCALAR);
    for (int level = 0; level < FF_SIMD_COUNT; level++) {
        const ff_kernels *k = ff_kernels_for((ff_simd_level)level);
        if (k == NULL)
            continue;
        check_buffers_f64(k, ref);
        check_buffers_f32(k, ref);
        check_filters_f64(k, ref);
        check_filters_f32(k, ref);
        if (check_fused((ff_simd_level)level, ref, k->name))
            printf("fused %s\n", k->name);
        printf("checked %s\n", k->name);
    }
    printf("best %s\n", ff_simd_level_name(ff_best_level()));
    return failures > 100 ? 100 : failures;
}
