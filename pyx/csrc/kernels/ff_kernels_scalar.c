/* ff_kernels_scalar.c - the reference kernel table (plain C, no SIMD).
 *
 * Built with -fno-tree-vectorize (setup.py): this is both the specification
 * every SIMD level is tested against and the "before" of the benchmarks.
 */
#include <math.h>

#include "kernels/ff_kernels.h"
#include "kernels/ff_template.h"

#define FF_T double
#define FF_S f64
#include "kernels/ff_scalar_body.h"
#undef FF_T
#undef FF_S

#define FF_T float
#define FF_S f32
#include "kernels/ff_scalar_body.h"
#undef FF_T
#undef FF_S

const ff_kernels ff_kernels_scalar = {
    .name = "scalar",
    .level = FF_SIMD_SCALAR,
    FF_TABLE_FIELDS(f64),
    FF_TABLE_FIELDS(f32),
};
