/* ff_denormals.c - FTZ/DAZ control (see ff_denormals.h). */
#include "kernels/ff_denormals.h"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>

#define FF_MXCSR_FTZ_DAZ 0x8040u

uint64_t ff_set_denormals_zero(void)
{
    const unsigned int previous = _mm_getcsr();
    _mm_setcsr(previous | FF_MXCSR_FTZ_DAZ);
    return previous;
}

void ff_restore_denormals(uint64_t previous) { _mm_setcsr((unsigned int)previous); }

int ff_denormals_are_zero(void)
{
    return (_mm_getcsr() & FF_MXCSR_FTZ_DAZ) == FF_MXCSR_FTZ_DAZ;
}

#elif defined(__aarch64__)

#define FF_FPCR_FZ (UINT64_C(1) << 24)

static uint64_t read_fpcr(void)
{
    uint64_t fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    return fpcr;
}

static void write_fpcr(uint64_t fpcr) { __asm__ volatile("msr fpcr, %0" : : "r"(fpcr)); }

uint64_t ff_set_denormals_zero(void)
{
    const uint64_t previous = read_fpcr();
    write_fpcr(previous | FF_FPCR_FZ);
    return previous;
}

void ff_restore_denormals(uint64_t previous) { write_fpcr(previous); }

int ff_denormals_are_zero(void) { return (read_fpcr() & FF_FPCR_FZ) != 0; }

#else

uint64_t ff_set_denormals_zero(void) { return 0; }
void ff_restore_denormals(uint64_t previous) { (void)previous; }
int ff_denormals_are_zero(void) { return 0; }

#endif
