/* ff_engine_strip_neon.c - the fused strip kernel, neon (2 double lane(s)); flags from setup.py. */
#if defined(__aarch64__)
#define FF_SW 2
#define FF_STRIP_NAME ff_strip_mix_neon
#include "ff_engine_strip_body.h"
#endif
