/* ff_engine_strip_avx512.c - the fused strip kernel, avx512 (8 double lane(s)); flags from setup.py. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_SW 8
#define FF_STRIP_NAME ff_strip_mix_avx512
#include "ff_engine_strip_body.h"
#endif
