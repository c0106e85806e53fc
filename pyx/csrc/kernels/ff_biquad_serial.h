/* ff_biquad_serial.h - one biquad channel, direct form I (body header).
 *
 * Written in the file's sample type (ff_sample, kernels/ff_vec.h); included
 * by the scalar and SIMD kernel bodies. State is
 * {x[n-1], x[n-2], y[n-1], y[n-2]}. Everything that does not depend on the
 * previous output is summed first, so the loop-carried critical path is a
 * single multiply-add: y = ff - a1*y[n-1] (one FMA where the ISA has it).
 * Never compile this with fast-math or reassociation.
 */
static inline ff_sample flush_tiny(ff_sample v)
{
    return (v < (ff_sample)FF_STATE_FLUSH && v > -(ff_sample)FF_STATE_FLUSH) ? (ff_sample)0 : v;
}

static void biquad_serial(ff_sample *x, size_t n, const ff_sample coef[5], ff_sample state[4])
{
    const ff_sample b0 = coef[0], b1 = coef[1], b2 = coef[2], a1 = coef[3], a2 = coef[4];
    ff_sample x1 = state[0], x2 = state[1], y1 = state[2], y2 = state[3];
    size_t i = 0;
    /* Two samples per turn, the new output written over the older one, so
     * the state never has to be copied from register to register (GCC's
     * scalar AVX copies are 1-cycle merges that would sit on the critical
     * path). Same expressions, same results as the one-sample loop below. */
    for (; i + 2 <= n; i += 2) {
        const ff_sample xa = x[i], xb = x[i + 1];
        y2 = (b0 * xa + b1 * x1 + b2 * x2 - a2 * y2) - a1 * y1;
        x[i] = y2;
        y1 = (b0 * xb + b1 * xa + b2 * x1 - a2 * y1) - a1 * y2;
        x[i + 1] = y1;
        x2 = xa;
        x1 = xb;
    }
    for (; i < n; i++) {
        const ff_sample x0 = x[i];
        const ff_sample ff = b0 * x0 + b1 * x1 + b2 * x2 - a2 * y2;
        const ff_sample y0 = ff - a1 * y1;
        x2 = x1;
        x1 = x0;
        y2 = y1;
        y1 = y0;
        x[i] = y0;
    }
    state[0] = flush_tiny(x1);
    state[1] = flush_tiny(x2);
    state[2] = flush_tiny(y1);
    state[3] = flush_tiny(y2);
}
