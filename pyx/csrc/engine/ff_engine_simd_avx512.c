/* ff_engine_simd_avx512.c - the engine's SIMD table, avx512 (8 double lane(s)); flags from setup.py. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_SW 8
#define FF_ENGINE_SIMD_TABLE ff_engine_simd_avx512
#include "engine/ff_engine_simd_body.h"
#endif
