/* ff_engine_simd_neon.c - the engine's SIMD table, neon (2 double lane(s)); flags from setup.py. */
#if defined(__aarch64__)
#define FF_SW 2
#define FF_ENGINE_SIMD_TABLE ff_engine_simd_neon
#include "engine/ff_engine_simd_body.h"
#endif
