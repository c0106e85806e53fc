/* ff_engine_simd_sse42.c - the engine's SIMD table, sse42 (2 double lane(s)); flags from setup.py. */
#if defined(__x86_64__) || defined(__i386__)
#define FF_SW 2
#define FF_ENGINE_SIMD_TABLE ff_engine_simd_sse42
#include "engine/ff_engine_simd_body.h"
#endif
