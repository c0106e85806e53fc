/* ff_loudness_lanes_avx2.c - the loudness lanes, avx2 (4 double / 8 float lane(s)); flags from setup.py. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_LW 4
#define FF_LF 8
#define FF_LOUDNESS_LANES_TABLE ff_loudness_lanes_avx2
#include "loudness/ff_loudness_lanes_body.h"
#endif
