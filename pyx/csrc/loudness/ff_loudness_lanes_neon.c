/* ff_loudness_lanes_neon.c - the loudness lanes, neon (2 double / 4 float lane(s)); flags from setup.py. */
#if defined(__aarch64__)
#define FF_LW 2
#define FF_LF 4
#define FF_LOUDNESS_LANES_TABLE ff_loudness_lanes_neon
#include "loudness/ff_loudness_lanes_body.h"
#endif
