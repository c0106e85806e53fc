/* ff_loudness_lanes_sse42.c - the loudness lanes, sse42 (2 double / 4 float lane(s)); flags from setup.py. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_LW 2
#define FF_LF 4
#define FF_LOUDNESS_LANES_TABLE ff_loudness_lanes_sse42
#include "loudness/ff_loudness_lanes_body.h"
#endif
