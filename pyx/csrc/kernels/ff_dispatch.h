/* ff_dispatch.h - pick the kernel table for this CPU, once.
 *
 * ff_best_level() detects the CPU on first use (cpuid + xgetbv on x86, so a
 * level counts only if the OS saves its registers; NEON is baseline on
 * aarch64) and caches the answer. ff_kernels_for(level) gives that level's
 * table, or NULL when this machine (or this build) cannot run it.
 *
 * The active table: ff_active_slot() is the address of one pointer that
 * always points at a valid table (scalar until someone sets it). It is
 * written with an atomic release store by ff_set_active_level(); readers do
 *     const ff_kernels *k = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
 * once per block. Note: this file is linked statically into every compiled
 * module, so each module has its own copy of the pointer. The process-wide
 * one is fluxforge._dsp's, handed out as the PyCapsule
 * "fluxforge._dsp.kernel_slot" (a `const ff_kernels **`); other modules must
 * use that capsule, not their own ff_active_slot().
 */
#ifndef FF_DISPATCH_H
#define FF_DISPATCH_H

#include "kernels/ff_kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

const ff_kernels *ff_kernels_for(ff_simd_level level);
ff_simd_level ff_best_level(void);
const char *ff_simd_level_name(ff_simd_level level);
const ff_kernels **ff_active_slot(void);
/* Point the active slot at `level`'s table: 0 on success, -1 if unavailable. */
int ff_set_active_level(ff_simd_level level);

/* Read a kernel slot (ours or the capsule's) the way every reader must. */
static inline const ff_kernels *ff_load_kernels(const ff_kernels **slot)
{
    return __atomic_load_n(slot, __ATOMIC_ACQUIRE);
}

#ifdef __cplusplus
}
#endif
#endif /* FF_DISPATCH_H */
