/* ff_denormals.h - flush denormals to zero on the calling thread.
 *
 * x86: MXCSR |= 0x8040 (FTZ bit 15, DAZ bit 6). aarch64: FPCR.FZ (bit 24),
 * which flushes both inputs and results. Elsewhere these are no-ops and
 * ff_denormals_are_zero() reports 0. The control registers are per thread:
 * the audio thread calls ff_set_denormals_zero() at the start of each block
 * and ff_restore_denormals(previous) at the end.
 */
#ifndef FF_DENORMALS_H
#define FF_DENORMALS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Set FTZ+DAZ; returns the previous control word for ff_restore_denormals. */
uint64_t ff_set_denormals_zero(void);
void ff_restore_denormals(uint64_t previous);
/* 1 if denormals are currently flushed on this thread, else 0. */
int ff_denormals_are_zero(void);

#ifdef __cplusplus
}
#endif
#endif /* FF_DENORMALS_H */
