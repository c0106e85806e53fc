/* ff_engine_strip_sse42.c - the fused strip kernel, sse42 (2 double lane(s)); flags from setup.py. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_SW 2
#define FF_STRIP_NAME ff_strip_mix_sse42
#include "ff_engine_strip_body.h"
#endif
