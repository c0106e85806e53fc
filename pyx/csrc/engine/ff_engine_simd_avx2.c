/* ff_engine_simd_avx2.c - the engine's SIMD table, avx2 (4 double lane(s)); flags from setup.py. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_SW 4
#define FF_ENGINE_SIMD_TABLE ff_engine_simd_avx2
#include "engine/ff_engine_simd_body.h"
#endif
