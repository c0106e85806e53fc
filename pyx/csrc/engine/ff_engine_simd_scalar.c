/* ff_engine_simd_scalar.c - the engine's SIMD table, scalar (1 double lane(s)); flags from setup.py. */
#define FF_SW 1
#define FF_ENGINE_SIMD_TABLE ff_engine_simd_scalar
#include "engine/ff_engine_simd_body.h"
