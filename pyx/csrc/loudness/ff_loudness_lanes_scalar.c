/* ff_loudness_lanes_scalar.c - the loudness lanes, scalar (1 double / 1 float lane(s)); flags from setup.py. */
#define FF_LW 1
#define FF_LF 1
#define FF_LOUDNESS_LANES_TABLE ff_loudness_lanes_scalar
#include "loudness/ff_loudness_lanes_body.h"
