/* ff_biquad_lanes.h - biquads side by side, one channel per vector lane.
 *
 * The SIMD bank (ff_simd_bank.h) and the engine's fused track kernel
 * (engine/ff_engine_fused_body.h) keep a band's coefficients and direct form I
 * state as a struct of vectors; these macros step it and load it, whatever
 * the vector type.
 */
#ifndef FF_BIQUAD_LANES_H
#define FF_BIQUAD_LANES_H

/* One direct form I step: f points at a struct of vectors b0 b1 b2 a1 a2
 * (coefficients) and x1 x2 y1 y2 (state); y0 gets the output for input x0,
 * summed in the order of ff_kernels.h, and the state moves on. */
#define FF_BIQUAD_DF1_STEP(f, x0, y0)                                                      \
    do {                                                                                  \
        (y0) = ((f)->b0 * (x0) + (f)->b1 * (f)->x1 + (f)->b2 * (f)->x2 - (f)->a2 * (f)->y2) - \
               (f)->a1 * (f)->y1;                                                         \
        (f)->x2 = (f)->x1;                                                                \
        (f)->x1 = (x0);                                                                   \
        (f)->y2 = (f)->y1;                                                                \
        (f)->y1 = (y0);                                                                   \
    } while (0)

/* Fill such a struct from a bank's rows (the layout of ff_kernels.h, rows
 * `stride` apart), each row's first `lanes` values through LOAD(row, lanes). */
#define FF_BIQUAD_LOAD_ROWS(f, coef, state, stride, lanes, LOAD) \
    do {                                                       \
        (f)->b0 = LOAD((coef), lanes);                         \
        (f)->b1 = LOAD((coef) + (stride), lanes);              \
        (f)->b2 = LOAD((coef) + 2 * (stride), lanes);          \
        (f)->a1 = LOAD((coef) + 3 * (stride), lanes);          \
        (f)->a2 = LOAD((coef) + 4 * (stride), lanes);          \
        (f)->x1 = LOAD((state), lanes);                        \
        (f)->x2 = LOAD((state) + (stride), lanes);             \
        (f)->y1 = LOAD((state) + 2 * (stride), lanes);         \
        (f)->y2 = LOAD((state) + 3 * (stride), lanes);         \
    } while (0)

#endif /* FF_BIQUAD_LANES_H */
