/* ff_loudness_lanes_avx512.c - the loudness lanes, avx512 (4 double / 16 float lane(s)); flags from setup.py. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_LW 4
#define FF_LF 16
#define FF_LOUDNESS_LANES_TABLE ff_loudness_lanes_avx512
#include "loudness/ff_loudness_lanes_body.h"
#endif
