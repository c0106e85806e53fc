/* ff_engine_strip_scalar.c - the fused strip kernel, scalar (1 double lane(s)); flags from setup.py. */
#define FF_SW 1
#define FF_STRIP_NAME ff_strip_mix_scalar
#include "ff_engine_strip_body.h"
