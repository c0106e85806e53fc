/* ff_engine_strip_avx2.c - the fused strip kernel, avx2 (4 double lane(s)); flags from setup.py. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_SW 4
#define FF_STRIP_NAME ff_strip_mix_avx2
#include "ff_engine_strip_body.h"
#endif
